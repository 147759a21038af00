"""Deadlines kept: per clock of the policy, the share met on time and the median time
taken (P2.9, P3.e, P4.6–P4.9); the response clock's first cycle per department (the
response rate); every clock per department (the "on time by department" chart).

A clock cycle is *on time* when it was met before its due time, *late* when it was
breached or is still running (or paused) past its due time at `as_of`, and *pending*
while it runs and is not due yet. Cancelled cycles (the case ended first) are not counted.

Two queries read the month's clocks: one grouped count (by policy, clock, department,
first cycle or not, outcome) from which every rate is folded, and one list of the
finished cycles' hours for the medians.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, FloatField, Func, IntegerField, Q, QuerySet, Value, When

from tousu.cases.models import Clock
from tousu.cases.vocab import ClockState
from tousu.policies.schema import Policy as PolicySpec
from tousu.reports.numbers import Rate
from tousu.reports.scope import Scope

ACTIVE = [ClockState.RUNNING, ClockState.PAUSED]
FINISHED = [ClockState.MET, ClockState.BREACHED]
ON_TIME, LATE, PENDING, NOT_COUNTED = 0, 1, 2, 3


class HoursTaken(Func):
    """Hours from a clock's start to when it was met, computed in the database.

    Django's own datetime subtraction on SQLite calls a Python function per row; julianday()
    is native, which matters over a month of 100,000 cases."""

    output_field = FloatField()

    def __init__(self) -> None:
        super().__init__(F("met_at"), F("started_at"))

    def as_sqlite(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        return self.as_sql(
            compiler, connection, template="((julianday(%(expressions)s)) * 24.0)", arg_joiner=") - julianday("
        )

    def as_postgresql(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        return self.as_sql(
            compiler, connection, template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)", arg_joiner=" - "
        )


@dataclass
class ClockFigure:
    name: str
    policy: str
    on_time: int = 0
    late: int = 0
    pending: int = 0
    extended: int = 0  # extensions granted (P2.9), from the timeline
    median_hours: float | None = None

    @property
    def rate(self) -> Rate:
        return Rate(self.on_time, self.on_time + self.late)


@dataclass
class Timeliness:
    clocks: list[ClockFigure]
    response: dict[int | None, Rate] = field(default_factory=dict)  # response clock, first cycle
    on_time: dict[int | None, Rate] = field(default_factory=dict)  # every clock


def _clocks(scope: Scope) -> QuerySet[Clock]:
    return Clock.objects.filter(scope.of_cases())


def response_clock(spec: PolicySpec) -> str | None:
    """The policy's named response clock, else the first clock it starts on registration."""
    if spec.reports.response_clock:
        return spec.reports.response_clock
    for clock in spec.clocks:
        if any(trigger.on == "register" for trigger in clock.start):
            return clock.name
    return None


def timeliness(scope: Scope, specs: dict[str, PolicySpec]) -> Timeliness:
    outcome = Case(
        When(state=ClockState.MET, then=Value(ON_TIME)),
        When(Q(state=ClockState.BREACHED) | Q(state__in=ACTIVE, due_at__lt=scope.as_of), then=Value(LATE)),
        When(state__in=ACTIVE, then=Value(PENDING)),
        default=Value(NOT_COUNTED),
        output_field=IntegerField(),
    )
    rows = (
        _clocks(scope)
        .annotate(
            outcome=outcome,
            first=Case(When(cycle=1, then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .values_list("complaint__policy_name", "name", "complaint__department_id", "first", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    responders = {policy: response_clock(spec) for policy, spec in specs.items()}
    figures: dict[tuple[str, str], ClockFigure] = {}
    response: dict[int | None, Rate] = defaultdict(lambda: Rate(0, 0))
    on_time: dict[int | None, Rate] = defaultdict(lambda: Rate(0, 0))
    for policy, name, department, first, result, n in rows:
        figure = figures.setdefault((policy, name), ClockFigure(name, policy))
        if result == ON_TIME:
            figure.on_time += n
        elif result == LATE:
            figure.late += n
        elif result == PENDING:
            figure.pending += n
        if result in (ON_TIME, LATE):
            part = Rate(n if result == ON_TIME else 0, n)
            on_time[department] += part
            if first and responders.get(policy) == name:
                response[department] += part
    _medians(scope, figures)
    ordered = [
        figures[(policy, clock.name)]
        for policy, spec in specs.items()
        for clock in spec.clocks
        if (policy, clock.name) in figures
    ]
    return Timeliness(ordered, dict(response), dict(on_time))


def _medians(scope: Scope, figures: dict[tuple[str, str], ClockFigure]) -> None:
    """The median hours of each clock's finished cycles (met or breached)."""
    hours: dict[tuple[str, str], list[float]] = defaultdict(list)
    finished = (
        _clocks(scope)
        .filter(state__in=FINISHED, met_at__isnull=False)
        .annotate(hours=HoursTaken())
        .values_list("complaint__policy_name", "name", "hours")
    )
    for policy, name, taken in finished:
        hours[(policy, name)].append(taken)
    for key, values in hours.items():
        if key in figures:
            figures[key].median_hours = round(statistics.median(values), 2)
