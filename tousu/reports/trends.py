"""Trends over months and the Pareto of categories (the few categories that make up 80%
of the cases, P1.5)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tousu.reports.period import Period, trailing_months
from tousu.reports.scope import Scope

PARETO_CUT = 0.80


@dataclass(frozen=True)
class MonthPoint:
    period: Period
    received: int


def trend(scope: Scope, months: int = 12) -> list[MonthPoint]:
    """Cases received per month, oldest first. One COUNT per month, each answered from the
    (policy_name, received_at) or (received_at, id) index alone, without reading the rows:
    twelve months of a large database cost what one month's index range does."""
    out = []
    for period in trailing_months(scope.period, months):
        out.append(MonthPoint(period, scope.with_period(period).cases().count()))
    return out


@dataclass(frozen=True)
class ParetoRow:
    code: str
    cases: int
    cumulative: float  # share of all cases up to and including this category
    vital: bool  # within the categories that make up the first 80%


def pareto(categories: Counter[str]) -> list[ParetoRow]:
    total = sum(categories.values())
    out = []
    running = 0
    for code, n in sorted(categories.items(), key=lambda item: (-item[1], item[0])):
        # A category is "vital" if the share before it had not reached the cut yet.
        vital = total > 0 and running / total < PARETO_CUT
        running += n
        out.append(ParetoRow(code, n, running / total if total else 0.0, vital))
    return out
