"""The clock sweep: deadlines due soon are announced, missed ones are recorded on the
case's timeline and escalated per the policy (`on: breached`, P4.5.3).

Runs as a periodic job (every minute). Each query is a range scan of the clock index
`(state, due_at)` with an anti-join on what was already done (ClockAlert), so a sweep over
100,000 open cases reads only the clocks near or past their due time that are new
(`python -m bench.sweep`). Every change to a case goes through `perform` (the system
action `breach`), so it lands on the timeline; an announcement changes no case and goes
straight to the outbox.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from tousu.cases.actions import perform
from tousu.cases.clocks import local_tz
from tousu.cases.errors import DomainError
from tousu.cases.models import Clock, Complaint
from tousu.cases.rules import ESCALATION_ORDER, category_ancestors
from tousu.cases.values import case_values
from tousu.cases.vocab import ClockState
from tousu.core import inserts
from tousu.deadlines import rules
from tousu.deadlines.models import ClockAlert
from tousu.notify import outbox
from tousu.policies.registry import spec_of_version
from tousu.policies.schema import CONDITION_FIELDS, Escalation
from tousu.policies.schema import Policy as PolicySpec
from tousu.workcal.store import get_calendar

log = logging.getLogger(__name__)


@dataclass
class SweepResult:
    due_soon: int = 0
    follow_ups: int = 0
    breached: int = 0
    escalated: int = 0
    skipped: list[str] = field(default_factory=list)


def _not_alerted(stage: str) -> Exists:
    return Exists(ClockAlert.objects.filter(clock=OuterRef("pk"), stage=stage))


def _running(**filters: object) -> QuerySet[Clock]:
    return Clock.objects.filter(state=ClockState.RUNNING, complaint__is_open=True, **filters)


def sweep(now: dt.datetime | None = None) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    _announce_due_soon(now, result)
    _record_breaches(now, result)
    _escalate_later(now, result)
    return result


def _announce_due_soon(now: dt.datetime, result: SweepResult) -> None:
    candidates = (
        _running(due_at__gt=now, due_at__lte=now + rules.AT_MOST)
        .exclude(_not_alerted("due_soon"))
        .values_list("pk", "complaint_id", "name", "cycle", "started_at", "due_at", "complaint__policy_version_id")
    )
    for clock_id, complaint_id, name, cycle, started_at, due_at, version_id in candidates:
        if not rules.is_due_soon(started_at, due_at, now):
            continue
        spec = spec_of_version(version_id)
        clock_spec = next((c for c in spec.clocks if c.name == name), None)
        # P4.8: a recurring clock is the follow-up rhythm: the butler is reminded.
        action = "follow_up_due" if clock_spec is not None and clock_spec.recurring else "due_soon"
        data = {"clock": name, "cycle": cycle, "due_at": due_at.isoformat()}
        try:
            with transaction.atomic():
                ClockAlert.objects.create(clock_id=clock_id, stage="due_soon")
                outbox.notice(complaint_id, f"clock:{clock_id}:due_soon", action, data, now)
        except IntegrityError:
            continue  # an overlapping sweep announced it
        if action == "follow_up_due":
            result.follow_ups += 1
        else:
            result.due_soon += 1


# The case fields the breach rules test, read with the candidate clocks in one query.
CASE_FIELDS = ("id", "number", "policy_version_id", "escalation_level", *CONDITION_FIELDS)


def _case_of(row: dict[str, object]) -> Complaint:
    """An unsaved stand-in for rule matching; `perform` reads the real row itself."""
    return Complaint(**{name: row[f"complaint__{name}"] for name in CASE_FIELDS})


def _record_breaches(now: dt.datetime, result: SweepResult) -> None:
    candidates = (
        _running(due_at__lte=now)
        .exclude(_not_alerted("breached"))
        .values("pk", "name", "cycle", "due_at", *[f"complaint__{name}" for name in CASE_FIELDS])
        .order_by("due_at")
    )
    calendar = None
    for row in candidates:
        complaint = _case_of(row)
        spec = spec_of_version(complaint.policy_version_id)
        matching = _rules_for(spec, complaint, row["name"])
        calendar = calendar or get_calendar()
        rule = rules.escalation_due(matching, row["due_at"], now, calendar, local_tz())
        if _breach(complaint, row["pk"], row["name"], row["cycle"], rule, now, first=True):
            result.breached += 1
            result.escalated += int(rule is not None)
        else:
            result.skipped.append(complaint.number)


def _escalate_later(now: dt.datetime, result: SweepResult) -> None:
    """Breaches whose `after` has now passed: the next level (department head → manager)."""
    calendar = None
    for version_id, spec in _policies_with_staged_rules():
        for rule in [r for r in spec.escalation if r.on == "breached" and r.after is not None]:
            candidates = (
                _running(due_at__lte=now - rules.longest_wait_floor(rule), complaint__policy_version_id=version_id)
                .exclude(_not_alerted(rule.to))
                .filter(Exists(ClockAlert.objects.filter(clock=OuterRef("pk"), stage="breached")))
                .values_list("pk", "complaint_id", "name", "cycle", "due_at")
            )
            for clock_id, complaint_id, name, cycle, due_at in candidates:
                complaint = Complaint.objects.select_related("department").get(pk=complaint_id)
                if ESCALATION_ORDER.index(rule.to) <= ESCALATION_ORDER.index(complaint.escalation_level):
                    continue
                calendar = calendar or get_calendar()
                due = rules.escalation_due(_rules_for(spec, complaint, name), due_at, now, calendar, local_tz())
                if due is not None and due.to == rule.to and _breach(complaint, clock_id, name, cycle, due, now):
                    result.escalated += 1


def _policies_with_staged_rules() -> list[tuple[int, PolicySpec]]:
    from tousu.policies.models import PolicyVersion

    found = []
    for version_id in PolicyVersion.objects.values_list("pk", flat=True):
        spec = spec_of_version(version_id)
        if any(r.on == "breached" and r.after is not None for r in spec.escalation):
            found.append((version_id, spec))
    return found


def _rules_for(spec: PolicySpec, complaint: Complaint, clock: str) -> list[Escalation]:
    return rules.breach_rules(spec, clock, case_values(complaint), category_ancestors(spec, complaint.category))


def _breach(
    complaint: Complaint,
    clock_id: int,
    name: str,
    cycle: int,
    rule: Escalation | None,
    now: dt.datetime,
    *,
    first: bool = False,
) -> bool:
    """Record the breach (and the escalation it brings) through the one write path; the
    alert rows, inserted first, make it happen once."""
    level = rule.to if rule is not None else None
    stages = (["breached"] if first else []) + ([str(level)] if level else [])
    try:
        with transaction.atomic():
            inserts.insert([ClockAlert(clock_id=clock_id, stage=stage) for stage in stages])
            payload = {"clock": name, "cycle": cycle, "escalate_to": level, "clause": rule.clause if rule else ""}
            perform(complaint, "breach", payload, actor=None, actor_kind="system", now=now)
    except IntegrityError:
        return False
    except DomainError as refused:
        # E.g. the case ended or the clock stopped since the query: nothing to record.
        log.info("breach of %s on %s not recorded: %s", name, complaint.number, refused)
        return False
    return True
