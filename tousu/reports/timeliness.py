"""Deadlines kept: per clock of the policy, the share met on time and the median time
taken (P2.9, P3.e, P4.6–P4.9); the response clock of each case for the response rate.

A clock cycle is *on time* when it was met before its due time, *late* when it was
breached or is still running (or paused) past its due time at `as_of`, and *pending*
while it runs and is not due yet. Cancelled cycles (the case ended first) are not counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, FloatField, Func, Q, QuerySet

from tousu.cases.models import Clock
from tousu.cases.vocab import ClockState
from tousu.policies.schema import Policy as PolicySpec
from tousu.reports.numbers import Rate
from tousu.reports.scope import Scope

ACTIVE = [ClockState.RUNNING, ClockState.PAUSED]
FINISHED = [ClockState.MET, ClockState.BREACHED]


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
    extended: int = 0
    median_hours: float | None = None

    @property
    def rate(self) -> Rate:
        return Rate(self.on_time, self.on_time + self.late)


def _clocks(scope: Scope) -> QuerySet[Clock]:
    return Clock.objects.filter(complaint__in=scope.cases())


def clock_figures(scope: Scope, specs: dict[str, PolicySpec]) -> list[ClockFigure]:
    """One line per clock of each policy in the scope, in the policy's order."""
    late_running = Q(state__in=ACTIVE, due_at__lt=scope.as_of)
    rows = (
        _clocks(scope)
        .values("complaint__policy_name", "name")
        .annotate(
            on_time=Count("id", filter=Q(state=ClockState.MET)),
            late=Count("id", filter=Q(state=ClockState.BREACHED) | late_running),
            pending=Count("id", filter=Q(state__in=ACTIVE) & ~late_running),
            extended=Count("id", filter=~Q(extensions=[])),
        )
        .order_by()
    )
    found = {(r["complaint__policy_name"], r["name"]): r for r in rows}
    out = []
    for policy, spec in specs.items():
        for clock in spec.clocks:
            row = found.get((policy, clock.name))
            if row is None:
                continue
            figure = ClockFigure(clock.name, policy, row["on_time"], row["late"], row["pending"], row["extended"])
            figure.median_hours = _median_hours(scope, policy, clock.name, row["on_time"] + row["late"])
            out.append(figure)
    return out


def _median_hours(scope: Scope, policy: str, name: str, approx: int) -> float | None:
    """The median of the finished cycles' durations: one or two rows read at the middle
    offset of an ordered scan, on both databases (SQLite has no percentile function)."""
    finished = (
        _clocks(scope)
        .filter(complaint__policy_name=policy, name=name, state__in=FINISHED, met_at__isnull=False)
        .annotate(hours=HoursTaken())
    )
    n = finished.count() if approx else 0
    if n == 0:
        return None
    ordered = finished.order_by("hours").values_list("hours", flat=True)
    middle = list(ordered[(n - 1) // 2 : n // 2 + 1])
    return round(sum(middle) / len(middle), 2)


def response_clock(spec: PolicySpec) -> str | None:
    """The policy's named response clock, else the first clock it starts on registration."""
    if spec.reports.response_clock:
        return spec.reports.response_clock
    for clock in spec.clocks:
        if any(trigger.on == "register" for trigger in clock.start):
            return clock.name
    return None


def response_by_department(scope: Scope, specs: dict[str, PolicySpec]) -> dict[int | None, Rate]:
    """The response rate's parts per department: first cycles of the response clock that
    are decided (on time or late)."""
    wanted = Q()
    any_clock = False
    for policy, spec in specs.items():
        name = response_clock(spec)
        if name:
            wanted |= Q(complaint__policy_name=policy, name=name)
            any_clock = True
    if not any_clock:
        return {}
    late_running = Q(state__in=ACTIVE, due_at__lt=scope.as_of)
    rows = (
        _clocks(scope)
        .filter(wanted, cycle=1)
        .values("complaint__department_id")
        .annotate(
            on_time=Count("id", filter=Q(state=ClockState.MET)),
            late=Count("id", filter=Q(state=ClockState.BREACHED) | late_running),
        )
        .order_by()
    )
    out: dict[int | None, Rate] = defaultdict(lambda: Rate(0, 0))
    for row in rows:
        out[row["complaint__department_id"]] = Rate(row["on_time"], row["on_time"] + row["late"])
    return dict(out)


def on_time_by_department(scope: Scope) -> dict[int | None, Rate]:
    """Every decided clock cycle of the department's cases: the "on time by department" chart."""
    late_running = Q(state__in=ACTIVE, due_at__lt=scope.as_of)
    rows = (
        _clocks(scope)
        .values("complaint__department_id")
        .annotate(
            on_time=Count("id", filter=Q(state=ClockState.MET)),
            late=Count("id", filter=Q(state=ClockState.BREACHED) | late_running),
        )
        .order_by()
    )
    return {r["complaint__department_id"]: Rate(r["on_time"], r["on_time"] + r["late"]) for r in rows}
