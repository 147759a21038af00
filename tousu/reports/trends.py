"""Trends over months and the Pareto of categories (the few categories that make up 80%
of the cases, P1.5)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q

from tousu.cases.vocab import State
from tousu.reports.period import Period, trailing_months
from tousu.reports.scope import Scope

PARETO_CUT = 0.80


@dataclass(frozen=True)
class MonthPoint:
    period: Period
    received: int
    resolved: int


def trend(scope: Scope, months: int = 12) -> list[MonthPoint]:
    """Cases received per month (and how many of them are resolved now), oldest first.
    One aggregate per month: each is a range scan of the received_at index."""
    out = []
    for period in trailing_months(scope.period, months):
        counts = (
            scope.with_period(period)
            .cases()
            .aggregate(received=Count("id"), resolved=Count("id", filter=Q(state__in=[State.RESOLVED, State.CLOSED])))
        )
        out.append(MonthPoint(period, counts["received"], counts["resolved"]))
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
