"""Seeding a realistic data set fast: direct bulk_create, not the HTTP API.

The data set only has to look like a year of work (policies, departments, states, due
times, timelines, clocks) so that reads are measured against realistic tables and
indexes. The measured intake goes through the HTTP API (bench.load).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter as Tally
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from bench.fake import REQUESTS, content, person, phone, unit
from tousu.cases import rules
from tousu.cases.models import Clock, Complaint, Counter, Event
from tousu.cases.vocab import ClockState, State
from tousu.org.models import Department, Staff
from tousu.policies.models import Policy
from tousu.policies.registry import spec_of_version

BATCH = 5000
OPEN_SHARE = 0.30

# Event paths to each final state; filler steps (note/reply/follow_up) pad them to 3–8 events.
PATHS: dict[str, list[tuple[str, str]]] = {
    State.REGISTERED: [("register", State.REGISTERED)],
    State.ACCEPTED: [("register", State.REGISTERED), ("screen", State.ACCEPTED)],
    State.ASSIGNED: [("register", State.REGISTERED), ("screen", State.ACCEPTED), ("assign", State.ASSIGNED)],
    State.IN_PROGRESS: [
        ("register", State.REGISTERED),
        ("assign", State.ASSIGNED),
        ("plan", State.IN_PROGRESS),
    ],
    State.RESOLVED: [
        ("register", State.REGISTERED),
        ("assign", State.ASSIGNED),
        ("plan", State.IN_PROGRESS),
        ("resolve", State.RESOLVED),
    ],
    State.TO_BE_IMPROVED: [
        ("register", State.REGISTERED),
        ("assign", State.ASSIGNED),
        ("set_aside", State.TO_BE_IMPROVED),
    ],
    State.CLOSED: [
        ("register", State.REGISTERED),
        ("assign", State.ASSIGNED),
        ("resolve", State.RESOLVED),
        ("callback", State.RESOLVED),
        ("close", State.CLOSED),
    ],
    State.WITHDRAWN: [("register", State.REGISTERED), ("withdraw", State.WITHDRAWN)],
    State.INVALID: [("register", State.REGISTERED), ("verify", State.INVALID)],
    State.REFERRED: [("register", State.REGISTERED), ("screen", State.REFERRED)],
}
OPEN_STATE_WEIGHTS = [
    (State.REGISTERED, 10),
    (State.ACCEPTED, 15),
    (State.ASSIGNED, 25),
    (State.IN_PROGRESS, 30),
    (State.RESOLVED, 12),
    (State.TO_BE_IMPROVED, 8),
]
ENDED_STATE_WEIGHTS = [(State.CLOSED, 85), (State.WITHDRAWN, 5), (State.INVALID, 5), (State.REFERRED, 5)]
FILLERS = ["note", "reply", "follow_up"]
UNIT_SPAN = {
    "hours": dt.timedelta(hours=1),
    "calendar_days": dt.timedelta(days=1),
    "working_days": dt.timedelta(days=1.4),
    "same_day": dt.timedelta(0),
}


@dataclass
class PolicyInfo:
    name: str
    version_id: int
    spec: Any
    prefix: str
    categories: list[str]
    departments: list[int]
    clocks: list[tuple[str, int, str]]  # name, amount, unit


@dataclass
class SeedResult:
    cases: int = 0
    events: int = 0
    clocks: int = 0
    seconds: float = 0.0
    open_cases: int = 0
    overdue_cases: int = 0
    numbers_sample: list[str] = field(default_factory=list)
    departments: dict[str, int] = field(default_factory=dict)  # code -> open cases


def _policies() -> list[PolicyInfo]:
    codes = dict(Department.objects.values_list("code", "id"))
    out = []
    for policy in Policy.objects.select_related("current").order_by("name"):
        spec = spec_of_version(policy.current_id)
        clocks = []
        for clock in spec.clocks:
            duration = clock.duration or clock.durations.get("default") or next(iter(clock.durations.values()))
            clocks.append((clock.name, duration.amount, duration.unit))
        out.append(
            PolicyInfo(
                name=spec.name,
                version_id=policy.current_id,
                spec=spec,
                prefix=spec.tracking_prefix,
                categories=spec.category_codes(),
                departments=[codes[d.code] for d in spec.departments],
                clocks=clocks,
            )
        )
    return out


def _staff(per_department: int = 3) -> dict[int, list[int]]:
    """A few handlers per department, created in bulk (no password hashing per user)."""
    User = get_user_model()
    unusable = make_password(None)
    users = []
    departments = list(Department.objects.values_list("id", "code"))
    for _dept_id, code in departments:
        for i in range(per_department):
            users.append(User(username=f"bench_{code}_{i}", password=unusable))
    User.objects.bulk_create(users)
    by_name = dict(User.objects.filter(username__startswith="bench_").values_list("username", "id"))
    staff = []
    out: dict[int, list[int]] = {}
    for dept_id, code in departments:
        for i in range(per_department):
            user_id = by_name[f"bench_{code}_{i}"]
            role = "department_head" if i == 0 else "handler"
            staff.append(Staff(user_id=user_id, role=role, department_id=dept_id, display_name=f"{code} {i}"))
            out.setdefault(dept_id, []).append(user_id)
    Staff.objects.bulk_create(staff)
    return out


def _weighted(rng: random.Random, weights: list[tuple[str, int]]) -> str:
    return rng.choices([s for s, _ in weights], [w for _, w in weights])[0]


def _case(
    rng: random.Random,
    info: PolicyInfo,
    now: dt.datetime,
    dept_ids: dict[str, int],
    handlers: dict[int, list[int]],
    receptionists: list[int],
) -> tuple[Complaint, list[tuple[str, str]]]:
    """One case (unsaved, without number) and its event path."""
    is_open = rng.random() < OPEN_SHARE
    if is_open:
        state = _weighted(rng, OPEN_STATE_WEIGHTS)
        received = now - dt.timedelta(seconds=rng.uniform(600, 45 * 86400))
    else:
        state = _weighted(rng, ENDED_STATE_WEIGHTS)
        received = now - dt.timedelta(seconds=rng.uniform(3 * 86400, 365 * 86400))
    spec = info.spec
    category = rng.choice(info.categories)
    channel = rng.choice(spec.channels)
    values = {"category": category, "kind": spec.kinds[0], "channel": channel}
    routed = rules.route(spec, values)
    # Most cases stay where the policy routes them; some were transferred elsewhere.
    department_id = dept_ids[routed] if routed and rng.random() < 0.7 else rng.choice(info.departments)
    path = PATHS[state]
    assigned = any(action == "assign" for action, _ in path)
    anonymous = rng.random() < 0.03
    c = Complaint(
        verification_code=f"{rng.randrange(10**6):06d}",
        policy_version_id=info.version_id,
        policy_name=info.name,
        kind=rng.choice(spec.kinds),
        channel=channel,
        state=state,
        is_open=is_open,
        received_at=received,
        received_by_id=None if channel in ("web", "api") else rng.choice(receptionists),
        complainant_name="" if anonymous else person(rng),
        complainant_phone="" if anonymous else phone(rng),
        complainant_unit=unit(rng),
        contact_person=person(rng) if rng.random() < 0.2 else "",
        anonymous=anonymous,
        category=category,
        content=content(rng),
        request=rng.choice(REQUESTS),
        urgent=rules.is_urgent_category(spec, category),
        severity=rng.choices(["general", "serious", "major"], [90, 9, 1])[0],
        department_id=department_id,
        assignee_id=rng.choice(handlers[department_id]) if assigned else None,
    )
    if info.name == "special-equipment":
        c.equipment_type = rng.choice(["elevator", "boiler", "pressure_vessel", "lifting_machinery"])
        c.equipment_stage = rng.choice(["use", "inspection", "repair"])
    if info.name == "after-sales":
        c.region = rng.choice(["same_province", "other_province", "remote"])
    return c, path


def _timeline(
    rng: random.Random, c: Complaint, path: list[tuple[str, str]], now: dt.datetime, actors: list[int]
) -> list[Event]:
    n = max(len(path), rng.randint(3, 8))
    steps = list(path)
    while len(steps) < n:
        # Filler steps keep the state they are taken in; insert them before the last step.
        at = rng.randint(1, max(1, len(steps) - 1)) if len(steps) > 1 else 1
        state_then = steps[at - 1][1]
        steps.insert(at, (rng.choice(FILLERS), state_then))
    span = (now if c.is_open else c.received_at + dt.timedelta(days=rng.uniform(1, 20))) - c.received_at
    offsets = sorted(rng.uniform(0, span.total_seconds()) for _ in range(len(steps) - 1))
    events = []
    before = ""
    for seq, (action, after) in enumerate(steps, start=1):
        at = c.received_at if seq == 1 else c.received_at + dt.timedelta(seconds=offsets[seq - 2])
        events.append(
            Event(
                complaint=c,
                seq=seq,
                action=action,
                actor_id=c.received_by_id if seq == 1 else rng.choice(actors),
                actor_kind="staff",
                at=at,
                state_before=before,
                state_after=after,
                data={"channel": c.channel} if action == "register" else {},
                note="" if action != "note" else "已电话联系业主，约定上门时间。",
                public=action in ("register", "reply", "resolve", "close"),
            )
        )
        before = after
    return events


def _clocks(rng: random.Random, c: Complaint, info: PolicyInfo, now: dt.datetime, last_at: dt.datetime) -> list[Clock]:
    k = min(len(info.clocks), rng.randint(2, 4))
    chosen = rng.sample(info.clocks, k)
    out = []
    for i, (name, amount, unit_name) in enumerate(chosen):
        started = c.received_at
        due = started + UNIT_SPAN[unit_name] * max(amount, 1)
        running = c.is_open and c.next_due_at is not None and i == 0
        if running:
            due = c.next_due_at
            state, met = ClockState.RUNNING, None
        else:
            met = min(last_at, started + dt.timedelta(seconds=rng.uniform(0, 1.2 * (due - started).total_seconds())))
            state = ClockState.MET if met <= due else ClockState.BREACHED
        out.append(
            Clock(
                complaint=c,
                name=name,
                cycle=1,
                state=state,
                started_at=started,
                due_at=due,
                met_at=met,
                amount=amount,
                unit=unit_name,
            )
        )
    return out


def seed(total: int, *, seed_value: int = 20250101, log: Any = print) -> SeedResult:
    """Insert `total` cases with 3–8 events and 2–4 clocks each, in batches of BATCH."""
    rng = random.Random(seed_value)
    started = time.perf_counter()
    policies = _policies()
    handlers = _staff()
    receptionists = [u for users in handlers.values() for u in users]
    dept_ids = dict(Department.objects.values_list("code", "id"))
    dept_codes = {v: k for k, v in dept_ids.items()}
    now = timezone.now()
    counters: Tally[str] = Tally()
    result = SeedResult()
    open_by_dept: Tally[str] = Tally()

    done = 0
    while done < total:
        size = min(BATCH, total - done)
        cases: list[tuple[Complaint, list[tuple[str, str]], PolicyInfo]] = []
        for _ in range(size):
            info = rng.choice(policies)
            c, path = _case(rng, info, now, dept_ids, handlers, receptionists)
            key = f"{info.prefix}{timezone.localtime(c.received_at):%Y%m%d}"
            counters[key] += 1
            c.number = f"{key}-{counters[key]:04d}"
            c.version = 0  # set from the timeline below
            if c.is_open:
                # Due times spread around now: about a quarter overdue, a few with no running clock.
                if rng.random() < 0.03:
                    c.next_due_at = None
                else:
                    c.next_due_at = now + dt.timedelta(seconds=rng.uniform(-3 * 86400, 9 * 86400))
                    result.overdue_cases += c.next_due_at < now
                open_by_dept[dept_codes[c.department_id]] += 1
            cases.append((c, path, info))
        events: list[Event] = []
        clocks: list[Clock] = []
        for c, path, info in cases:
            timeline = _timeline(rng, c, path, now, handlers[c.department_id])
            c.version = len(timeline)
            if not c.is_open:
                c.closed_at = timeline[-1].at
            events.extend(timeline)
            clocks.extend(_clocks(rng, c, info, now, timeline[-1].at))
        with transaction.atomic():
            # Events and clocks take their complaint's id once the complaints are inserted.
            Complaint.objects.bulk_create([c for c, _, _ in cases], batch_size=BATCH)
            Event.objects.bulk_create(events, batch_size=BATCH)
            Clock.objects.bulk_create(clocks, batch_size=BATCH)
        result.events += len(events)
        result.clocks += len(clocks)
        done += size
        if len(result.numbers_sample) < 2000:
            result.numbers_sample.extend(c.number for c, _, _ in rng.sample(cases, min(len(cases), 200)))
        log(f"  seeded {done:>7,} / {total:,} cases ({time.perf_counter() - started:5.1f} s)")
    # Intake continues each day's sequence after the seeded numbers.
    Counter.objects.bulk_create(
        [Counter(key=k, value=v) for k, v in counters.items()],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["value"],
    )
    if connection.vendor == "postgresql":
        # A database that grew over a year would have been analysed by autovacuum.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result.cases = total
    result.open_cases = sum(open_by_dept.values())
    result.departments = dict(open_by_dept.most_common())
    result.seconds = time.perf_counter() - started
    return result
