"""What the timeline says about the period's cases: callbacks and satisfaction (P4.9,
P4.10, P5.5), extensions and their reasons (P2.9).

Read from the timeline rather than from the case's fields: a reopened case loses its
`satisfaction` (P4.10), but the unsatisfied callback that reopened it must still count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from tousu.cases.models import Event
from tousu.cases.vocab import Satisfaction
from tousu.reports.counts import CALLBACK_DUE_STATES
from tousu.reports.numbers import Rate
from tousu.reports.scope import Scope

SATISFIED = frozenset({Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED})


@dataclass
class DepartmentFollowUp:
    called_back: int = 0  # cases with at least one callback that reached the complainant
    called_back_due: int = 0  # ... among the cases a callback is due for now (the callback rate)
    first_satisfied: int = 0  # ... whose first such callback was (basically) satisfied
    answers: Counter[str] = field(default_factory=Counter)  # first answer of each case


@dataclass
class FollowUp:
    departments: dict[int | None, DepartmentFollowUp] = field(default_factory=dict)
    callbacks: int = 0  # callback events, reached or not
    unreached: int = 0
    extensions: Counter[str] = field(default_factory=Counter)  # by clock
    extension_reasons: Counter[str] = field(default_factory=Counter)

    def total(self) -> DepartmentFollowUp:
        out = DepartmentFollowUp()
        for d in self.departments.values():
            out.called_back += d.called_back
            out.called_back_due += d.called_back_due
            out.first_satisfied += d.first_satisfied
            out.answers.update(d.answers)
        return out

    def satisfaction(self, department: int | None = None, *, overall: bool = False) -> Rate:
        d = self.total() if overall else self.departments.get(department, DepartmentFollowUp())
        return Rate(d.first_satisfied, d.called_back)


def follow_up(scope: Scope) -> FollowUp:
    # The whole `data` is read and decoded once per event: cheaper than four JSON
    # extractions in SQL per row.
    rows = (
        Event.objects.filter(scope.of_cases(), action__in=["callback", "extend"])
        .values_list("complaint_id", "complaint__department_id", "complaint__state", "action", "data")
        .order_by("complaint_id", "seq")
    )
    out = FollowUp()
    answered: set[int] = set()
    departments: dict[int | None, DepartmentFollowUp] = defaultdict(DepartmentFollowUp)
    for case_id, department_id, state, action, data in rows:
        if action == "extend":
            out.extensions[data.get("clock") or ""] += 1
            out.extension_reasons[(data.get("reason") or "").strip()] += 1
            continue
        out.callbacks += 1
        satisfaction = data.get("satisfaction")
        if not data.get("reached"):
            out.unreached += 1
            continue
        if case_id in answered:
            continue  # only the first answer of a case counts (see docs/reports.md)
        answered.add(case_id)
        d = departments[department_id]
        d.called_back += 1
        d.called_back_due += state in CALLBACK_DUE_STATES
        d.answers[satisfaction or ""] += 1
        if satisfaction in SATISFIED:
            d.first_satisfied += 1
    out.departments = dict(departments)
    return out
