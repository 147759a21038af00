"""Planning the demo cases (which policy, how each story ends, when it began) and
living them through the real write path."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from types import ModuleType

from django.db import DatabaseError, transaction
from django.utils import timezone

from tousu.cases.errors import DomainError
from tousu.cases.models import Complaint, Handoff
from tousu.cases.rules import is_urgent_category
from tousu.cases.vocab import ENDED_STATES, State
from tousu.core.demo import content, people, staff
from tousu.core.demo.content import (
    Template,
    after_sales,
    property_office,
    property_rules,
    rental_complaints,
    special_equipment,
)
from tousu.core.demo.lives import LIVES
from tousu.core.demo.walk import Cast, Walk
from tousu.policies.models import Policy
from tousu.policies.registry import spec_of_version
from tousu.policies.schema import Policy as PolicySpec

CONTENT: dict[str, ModuleType] = {
    "property-office": property_office,
    "special-equipment": special_equipment,
    "after-sales": after_sales,
    "rental-complaints": rental_complaints,
    "property-rules": property_rules,
}


# How stories end, per policy: the guaranteed ones first (in this order, as far as the
# cases go), the rest drawn by weight. Mostly closed, as at a real complaint desk.
def _weights(text: str) -> dict[str, int]:
    words = text.split()
    return {outcome: int(weight) for outcome, weight in zip(words[::2], words[1::2], strict=True)}


OUTCOMES: dict[str, tuple[list[str], dict[str, int]]] = {
    "property-office": (
        "closed assigned to_be_improved resolved registered closed_reopened reopened improved_closed withdrawn "
        "merged".split(),
        _weights(
            "closed 32 closed_reopened 6 improved_closed 5 to_be_improved 8 resolved 9 reopened 5 assigned 15 "
            "registered 10 withdrawn 3 merged 3"
        ),
    ),
    # extended: handed to the inspection institute, its result back, closed (P2.4, P2.9);
    # extended_open: still with the institute; investigated / investigating: the same
    # with the enforcement brigade.
    "special-equipment": (
        "closed referred extended investigated in_progress registered extended_open accepted malicious resolved "
        "assigned withdrawn investigating".split(),
        _weights(
            "closed 30 extended 8 extended_open 5 investigated 5 investigating 3 in_progress 12 assigned 8 accepted 5 "
            "registered 8 referred 6 malicious 2 resolved 6 withdrawn 2"
        ),
    ),
    "after-sales": (
        "closed in_progress resolved registered assigned closed_reopened reopened withdrawn merged".split(),
        _weights(
            "closed 38 closed_reopened 6 resolved 10 reopened 4 in_progress 14 assigned 12 registered 10 "
            "withdrawn 3 merged 3"
        ),
    ),
    "rental-complaints": (
        "closed in_progress resolved registered assigned reopened closed_reopened withdrawn merged".split(),
        _weights(
            "closed 36 closed_reopened 6 resolved 10 reopened 5 in_progress 15 assigned 10 registered 10 "
            "withdrawn 4 merged 4"
        ),
    ),
    "property-rules": (
        "closed invalid assigned accepted resolved registered closed_reopened reopened withdrawn merged".split(),
        _weights(
            "closed 36 closed_reopened 5 invalid 10 resolved 9 accepted 6 assigned 14 registered 10 withdrawn 3 "
            "reopened 4 merged 3"
        ),
    ),
}

# How long ago a story began, in days: (usual range, chance of being old, old range).
# Open cases are mostly recent; the old ones among them are the overdue ones.
AGES: dict[str, tuple[tuple[float, float], float, tuple[float, float]]] = {
    "registered": ((0.05, 1.5), 0.25, (3, 40)),
    "accepted": ((0.3, 3), 0.25, (4, 30)),
    "assigned": ((0.5, 5), 0.3, (6, 60)),
    "in_progress": ((3, 12), 0.25, (15, 60)),
    "resolved": ((2, 6), 0.2, (8, 40)),
    "reopened": ((8, 25), 0.2, (30, 90)),
    "to_be_improved": ((10, 100), 0.0, (0, 0)),
    "extended_open": ((20, 40), 0.0, (0, 0)),
    "extended": ((55, 180), 0.0, (0, 0)),
    "investigating": ((20, 40), 0.0, (0, 0)),
    "investigated": ((55, 180), 0.0, (0, 0)),
}
DEFAULT_AGE = ((16, 180), 0.0, (0.0, 0.0))
BATCH = 25  # cases per transaction: fewer commits, yet short write locks on SQLite


@dataclass
class Story:
    index: int
    policy: str
    outcome: str
    received_at: dt.datetime
    major: bool = False


@dataclass
class Result:
    numbers: list[str] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    logins: list[staff.Login] = field(default_factory=list)

    def states(self) -> Counter[tuple[str, str]]:
        rows = Complaint.objects.filter(number__in=self.numbers).values_list("policy_name", "state")
        return Counter(rows)


def installed_specs() -> dict[str, PolicySpec]:
    """The current spec of every preset the demo knows and the database has."""
    found = Policy.objects.filter(name__in=list(CONTENT), current__isnull=False).values_list("name", "current_id")
    current = dict(found)
    return {name: spec_of_version(current[name]) for name in CONTENT if name in current}


def plan(cases: int, seed: int, now: dt.datetime, policies: list[str]) -> list[Story]:
    """Which stories to tell: a pure function of the seed, the count and now."""
    rng = random.Random(f"demo-plan:{seed}")  # noqa: S311 - demo data, not secrets
    per_policy = {name: cases // len(policies) for name in policies}
    for name in rng.sample(policies, cases % len(policies)):
        per_policy[name] += 1
    stories: list[Story] = []
    for name in policies:
        must, weights = OUTCOMES[name]
        count = per_policy[name]
        outcomes = must[:count] + rng.choices(list(weights), list(weights.values()), k=max(0, count - len(must)))
        rng.shuffle(outcomes)
        majors = 0
        for outcome in outcomes:
            (lo, hi), old_chance, (old_lo, old_hi) = AGES.get(outcome, DEFAULT_AGE)
            days = rng.uniform(old_lo, old_hi) if rng.random() < old_chance else rng.uniform(lo, hi)
            # One major case per policy that has no "major" template, escalated by its rules.
            major = name in ("property-office", "property-rules") and outcome == "closed" and majors == 0
            majors += major
            stories.append(Story(len(stories), name, outcome, now - dt.timedelta(days=days), major))
    stories.sort(key=lambda s: (s.received_at, s.index))
    return stories


def run(cases: int, seed: int, *, now: dt.datetime | None = None) -> Result:
    now = now or timezone.now()
    specs = installed_specs()
    if not specs:
        raise LookupError("no policy presets are loaded: run `tousu setup` first")
    result = Result(logins=staff.ensure_staff())
    cast = Cast()
    result.stories = plan(cases, seed, now, list(specs))
    limit = now - dt.timedelta(minutes=5)
    for start in range(0, len(result.stories), BATCH):
        with transaction.atomic():
            for story in result.stories[start : start + BATCH]:
                _live(story, specs[story.policy], seed, cast, limit, result)
    return result


def _live(story: Story, spec: PolicySpec, seed: int, cast: Cast, limit: dt.datetime, result: Result) -> None:
    rng = random.Random(f"demo-case:{seed}:{story.index}")  # noqa: S311 - demo data, not secrets
    module = CONTENT[story.policy]
    template = _template(rng, module.TEMPLATES, spec, story.outcome)
    slots = content.slots(rng, story.received_at)
    channels = [c for c in (template.channels or module.CHANNELS) if c in spec.channels] or list(spec.channels)
    slots["channel"] = rng.choice(channels)
    who = people.person(rng)
    start = story.received_at
    urgent = template.urgent or is_urgent_category(spec, template.category)
    if not (urgent and slots["channel"] in ("phone", "hotline")):
        start = _office(rng, start)  # only an emergency call comes at night
    duplicate_of = _earlier_open(story.policy) if story.outcome == "merged" else None
    outcome = story.outcome if story.outcome != "merged" or duplicate_of is not None else "registered"
    walk = Walk(
        policy=story.policy,
        spec=spec,
        template=template,
        slots=slots,
        rng=rng,
        cast=cast,
        start=min(start, limit),
        limit=limit,
    )
    try:
        LIVES[story.policy](walk, who, outcome, story.major, duplicate_of)
    except DomainError as error:
        where = walk.case.number if walk.case else story.policy
        result.problems.append(f"{where} ({story.outcome}): {error.message} {error.details or ''}".strip())
    except DatabaseError as error:
        # perform() runs in its own savepoint: only the failed step is rolled back, the
        # case stays as it was before it and the other stories go on.
        where = walk.case.number if walk.case else story.policy
        result.problems.append(f"{where} ({story.outcome}): database error: {error}".strip())
    except LookupError as error:
        # Nobody in the demo organisations can take the next step: the story stops here.
        where = walk.case.number if walk.case else story.policy
        result.problems.append(f"{where} ({story.outcome}): {error}")
    if walk.case is not None:
        result.numbers.append(walk.case.number)
        # The copies other organisations work on after a hand-off (P2.4) are cases too.
        copies = Handoff.objects.filter(origin=walk.case).values_list("copy__number", flat=True)
        result.numbers.extend(copies)


def _template(rng: random.Random, templates: list[Template], spec: PolicySpec, outcome: str) -> Template:
    categories = spec.category_index()
    usable = [t for t in templates if t.category in categories]
    wanted = {
        "referred": lambda t: t.referral is not None,
        "malicious": lambda t: t.malicious is not None,
        "invalid": lambda t: bool(t.invalid),
        "to_be_improved": lambda t: t.set_aside is not None,
        "improved_closed": lambda t: t.set_aside is not None,
        "extended": lambda t: t.transfer == "inspection",
        "extended_open": lambda t: t.transfer == "inspection",
        "investigated": lambda t: t.transfer == "enforcement",
        "investigating": lambda t: t.transfer == "enforcement",
    }.get(outcome, lambda t: not t.special and t.set_aside is None)
    pool = [t for t in usable if wanted(t)] or [t for t in usable if not t.special and t.set_aside is None]
    return rng.choice(pool or templates)


def _office(rng: random.Random, when: dt.datetime) -> dt.datetime:
    """Moved back into office hours (8:00-19:00), never later: the story still fits before now."""
    local = timezone.localtime(when)
    if 8 <= local.hour < 19:
        return when
    day = local.date() if local.hour >= 19 else local.date() - dt.timedelta(days=1)
    at = dt.time(rng.randint(8, 18), rng.randrange(60), rng.randrange(60))
    return dt.datetime.combine(day, at, tzinfo=local.tzinfo)


def _earlier_open(policy: str) -> Complaint | None:
    """The case a repeated complaint is merged into: the latest open one of the policy."""
    ended = [s.value for s in ENDED_STATES if s != State.CLOSED]
    return (
        Complaint.objects.filter(policy_name=policy, is_open=True)
        .exclude(state__in=ended)
        .order_by("-received_at", "-pk")
        .first()
    )
