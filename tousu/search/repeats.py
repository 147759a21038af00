"""Repeat complainants and repeat locations over a period, for the reports (P1.5, P4.8):
phones and places (normalised unit/address) with at least `min_cases` cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max

from tousu.cases.actions import Actor
from tousu.search.models import SearchEntry
from tousu.search.service import visible_cases


@dataclass(frozen=True)
class Repeat:
    key: str  # the phone digits or the place key
    cases: int
    open_cases: int
    last_case_id: int


def _repeats(
    column: str, user: Actor, since: dt.datetime, until: dt.datetime, min_cases: int, limit: int
) -> list[Repeat]:
    cases = visible_cases(user).filter(received_at__gte=since, received_at__lt=until)
    rows = (
        SearchEntry.objects.filter(complaint__in=cases)
        .exclude(**{column: ""})
        .values(column)
        .annotate(n=Count("complaint"), last=Max("complaint"))
        .filter(n__gte=min_cases)
        .order_by("-n", column)[:limit]
    )
    open_counts = dict(
        SearchEntry.objects.filter(complaint__in=cases.filter(is_open__in=[True]))
        .filter(**{f"{column}__in": [r[column] for r in rows]})
        .values(column)
        .annotate(n=Count("complaint"))
        .values_list(column, "n")
    )
    return [Repeat(r[column], r["n"], open_counts.get(r[column], 0), r["last"]) for r in rows]


def repeat_callers(
    user: Actor, since: dt.datetime, until: dt.datetime, min_cases: int = 2, limit: int = 100
) -> list[Repeat]:
    return _repeats("phone", user, since, until, min_cases, limit)


def repeat_places(
    user: Actor, since: dt.datetime, until: dt.datetime, min_cases: int = 2, limit: int = 100
) -> list[Repeat]:
    return _repeats("place", user, since, until, min_cases, limit)
