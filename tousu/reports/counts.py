"""Cases received in a scope, by kind, channel, category, severity, validity, scope
decision and department, and what became of them (resolved, closed, open, to be improved).

One grouped query reads the period's cases once ("the cube"); every breakdown and
every per-department count is folded from its rows in Python, instead of one table scan
per breakdown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from tousu.cases.vocab import State
from tousu.reports.scope import Scope

DIMENSIONS = ("kind", "channel", "category", "severity", "validity", "scope", "state", "complaint_type", "urgent")
CUBE = (*DIMENSIONS, "policy_name", "department_id")

RESOLVED_STATES = frozenset({State.RESOLVED, State.CLOSED})
# Ended without being handled: sent elsewhere, dismissed, merged into another case, withdrawn.
SET_OUT_STATES = frozenset({State.REFERRED, State.INVALID, State.MALICIOUS, State.MERGED, State.WITHDRAWN})
# A callback is due once a case is resolved or set aside (P4.9); closed cases passed through one of them.
CALLBACK_DUE_STATES = frozenset({State.RESOLVED, State.TO_BE_IMPROVED, State.CLOSED})


@dataclass
class Outcomes:
    received: int = 0
    resolved: int = 0  # resolved or closed
    closed: int = 0
    open: int = 0
    to_be_improved: int = 0  # set aside as to-be-improved (P4.4.3.2), whatever its state now
    set_out: int = 0  # referred, invalid, malicious, merged, withdrawn
    reopened: int = 0  # reopened at least once (P4.10)
    callback_due: int = 0  # in policies with the callback step

    @property
    def handled(self) -> int:
        """The resolution rate's denominator: received minus the cases set out."""
        return self.received - self.set_out


@dataclass
class Cube:
    """The period's cases counted by every dimension a report shows."""

    outcomes: Outcomes = field(default_factory=Outcomes)
    by: dict[str, Counter[str]] = field(default_factory=dict)
    departments: dict[int | None, Outcomes] = field(default_factory=dict)


def cube(scope: Scope, callback_policies: set[str]) -> Cube:
    rows = (
        scope.cases()
        .values(*CUBE)
        .annotate(n=Count("id"), reopened=Count("id", filter=Q(reopen_count__gt=0)))
        .order_by()
    )
    out = Cube(by={name: Counter() for name in DIMENSIONS})
    for row in rows:
        n = row["n"]
        for name in DIMENSIONS:
            value = row[name]
            out.by[name][str(value).lower() if isinstance(value, bool) else value or ""] += n
        for outcomes in (out.outcomes, out.departments.setdefault(row["department_id"], Outcomes())):
            _add(outcomes, row, n, callback_policies)
    return out


def _add(o: Outcomes, row: dict[str, object], n: int, callback_policies: set[str]) -> None:
    state = row["state"]
    o.received += n
    o.reopened += int(row["reopened"])  # type: ignore[call-overload]
    if state in RESOLVED_STATES:
        o.resolved += n
    if state == State.CLOSED:
        o.closed += n
    if state not in SET_OUT_STATES and state != State.CLOSED:
        o.open += n
    if state in SET_OUT_STATES:
        o.set_out += n
    if state == State.TO_BE_IMPROVED or row["complaint_type"] == "to_be_improved":
        o.to_be_improved += n
    if state in CALLBACK_DUE_STATES and row["policy_name"] in callback_policies:
        o.callback_due += n
