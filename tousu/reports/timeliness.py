"""Deadlines kept: per clock of the policy, the share met on time and the median time
taken (P2.9, P3.e, P4.6–P4.9); the response clock's first cycle per department (the
response rate); every clock per department (the "on time by department" chart).

A clock cycle is *on time* when it was met before its due time, *late* when it was
breached or is still running (or paused) past its due time at `as_of`, and *pending*
while it runs and is not due yet. Cancelled cycles (the case ended first) are not counted.

One grouped query reads the month's clocks: counts by policy, clock, department, first
cycle or not, outcome and time taken to the minute; every rate and median is folded from
its rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, FloatField, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Round

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
            # date_part() gives a double; EXTRACT() gives numeric since PostgreSQL 14 (slow arithmetic).
            compiler,
            connection,
            template="(date_part('epoch', %(expressions)s) / 3600.0)",
            arg_joiner=" - ",
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
            # Time taken to the minute (NULL while running): the medians come from the same
            # pass over the clocks as the counts, instead of a second join or a sort.
            minutes=Cast(Round(HoursTaken() * 60), IntegerField()),
        )
        .values_list("complaint__policy_name", "name", "complaint__department_id", "first", "outcome", "minutes")
        .annotate(n=Count("id"))
        .order_by()
    )
    responders = {policy: response_clock(spec) for policy, spec in specs.items()}
    figures: dict[tuple[str, str], ClockFigure] = {}
    response: dict[int | None, Rate] = defaultdict(lambda: Rate(0, 0))
    on_time: dict[int | None, Rate] = defaultdict(lambda: Rate(0, 0))
    taken: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    for policy, name, department, first, result, minutes, n in rows:
        figure = figures.setdefault((policy, name), ClockFigure(name, policy))
        if minutes is not None and result in (ON_TIME, LATE):
            taken[(policy, name)][minutes] += n
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
    for key, figure in figures.items():
        figure.median_hours = _median_hours(taken[key])
    ordered = [
        figures[(policy, clock.name)]
        for policy, spec in specs.items()
        for clock in spec.clocks
        if (policy, clock.name) in figures
    ]
    return Timeliness(ordered, dict(response), dict(on_time))


def _median_hours(minutes: Counter[int]) -> float | None:
    """The median of a clock's finished cycles, from their durations counted per minute."""
    n = sum(minutes.values())
    if n == 0:
        return None
    wanted = [(n + 1) // 2, (n + 2) // 2]  # the middle one (odd n) or two (even n), 1-based
    found: list[int] = []
    seen = 0
    for value in sorted(minutes):
        seen += minutes[value]
        while wanted and wanted[0] <= seen:
            found.append(value)
            wanted.pop(0)
    return round(sum(found) / len(found) / 60, 2)
