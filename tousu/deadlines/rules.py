"""Pure rules of the sweep: when a deadline counts as due soon, which `on: breached`
escalation applies to a missed one."""

from __future__ import annotations

import datetime as dt

from tousu.cases.rules import ESCALATION_ORDER
from tousu.policies.schema import Escalation
from tousu.policies.schema import Policy as PolicySpec
from tousu.workcal.arithmetic import Unit, WorkCalendar, compute_due

# Warn when a quarter of the clock's time is left, at most a day ahead and at least 30
# minutes ahead (a 2-hour first reply is warned at 1.5 h, a 15-day result a day before).
SHARE = 0.25
AT_MOST = dt.timedelta(hours=24)
AT_LEAST = dt.timedelta(minutes=30)


def warn_ahead(started_at: dt.datetime, due_at: dt.datetime) -> dt.timedelta:
    return max(min((due_at - started_at) * SHARE, AT_MOST), AT_LEAST)


def is_due_soon(started_at: dt.datetime, due_at: dt.datetime, now: dt.datetime) -> bool:
    return now < due_at <= now + warn_ahead(started_at, due_at)


def breach_rules(
    spec: PolicySpec, clock: str, values: dict[str, object], ancestors: tuple[str, ...]
) -> list[Escalation]:
    return [
        rule
        for rule in spec.escalation
        if rule.on == "breached" and (not rule.clocks or clock in rule.clocks) and rule.when.matches(values, ancestors)
    ]


def escalation_due(
    rules: list[Escalation], due_at: dt.datetime, now: dt.datetime, calendar: WorkCalendar, tz: dt.tzinfo
) -> Escalation | None:
    """The highest-level rule whose waiting time since the missed deadline has passed."""
    best: Escalation | None = None
    for rule in rules:
        if rule.after is not None and rule.after.amount > 0:
            ready = compute_due(due_at, rule.after.amount, Unit(rule.after.unit), calendar, tz=tz, legal_counting=False)
            if ready.at > now:
                continue
        if best is None or ESCALATION_ORDER.index(rule.to) > ESCALATION_ORDER.index(best.to):
            best = rule
    return best


def longest_wait_floor(rule: Escalation) -> dt.timedelta:
    """A lower bound of the rule's waiting time in plain time (working days and the end
    of the day are at least as long as calendar days), to prefilter in SQL."""
    if rule.after is None:
        return dt.timedelta(0)
    unit, amount = rule.after.unit, rule.after.amount
    return dt.timedelta(hours=amount) if unit == "hours" else dt.timedelta(days=amount)
