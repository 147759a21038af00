"""Responsibility determinations (P1.4, P3.g): by department and responsibility, and the
service norms or procedures broken, most often first."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from tousu.reports.scope import Scope


@dataclass
class Determinations:
    total: int = 0
    by_department: dict[int | None, Counter[str]] = field(default_factory=dict)  # responsibility code -> cases
    norms: list[tuple[str, int]] = field(default_factory=list)  # own fault: the norm broken -> cases


def determinations(scope: Scope) -> Determinations:
    out = Determinations()
    rows = (
        scope.cases()
        .exclude(responsibility="")
        .values("department_id", "responsibility", "responsibility_norm")
        .annotate(n=Count("id"))
        .order_by()
    )
    norms: Counter[str] = Counter()
    for row in rows:
        out.total += row["n"]
        out.by_department.setdefault(row["department_id"], Counter())[row["responsibility"]] += row["n"]
        if row["responsibility"] == "own_fault" and row["responsibility_norm"]:
            norms[row["responsibility_norm"].strip()] += row["n"]
    out.norms = sorted(norms.items(), key=lambda item: (-item[1], item[0]))
    return out
