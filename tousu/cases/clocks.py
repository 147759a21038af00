"""Deadline clocks: started, stopped, paused and extended by timeline events.

Called by the one write path (actions/intake) inside its transaction, so a case's clocks
and its `next_due_at` always agree with its timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext

from tousu.cases.errors import ActionRefused
from tousu.cases.models import Clock, Complaint
from tousu.cases.rules import category_ancestors
from tousu.cases.values import case_values
from tousu.cases.vocab import ClockState
from tousu.policies.schema import Clock as ClockSpec
from tousu.policies.schema import ClockTrigger, Duration
from tousu.policies.schema import Policy as PolicySpec
from tousu.workcal.arithmetic import Unit, WorkCalendar, compute_due
from tousu.workcal.store import get_calendar

ACTIVE = (ClockState.RUNNING, ClockState.PAUSED)


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass
class ClockChanges:
    created: list[Clock] = field(default_factory=list)
    updated: list[Clock] = field(default_factory=list)


def _matches(
    triggers: Iterable[ClockTrigger],
    action: str,
    data: dict[str, Any],
    values: dict[str, Any],
    ancestors: tuple[str, ...],
) -> bool:
    for trigger in triggers:
        if trigger.on != action:
            continue
        if not trigger.when.matches(values, ancestors):
            continue
        if all(_data_matches(data.get(key), wanted) for key, wanted in trigger.data.items()):
            return True
    return False


def _data_matches(actual: Any, wanted: str | bool | list[str]) -> bool:
    if isinstance(wanted, list):
        return actual in wanted
    return bool(actual == wanted)


def _duration(spec: ClockSpec, values: dict[str, Any]) -> Duration | None:
    if spec.duration is not None or spec.duration_by is None:
        return spec.duration
    key = values.get(spec.duration_by)
    return spec.durations.get(str(key)) or spec.durations.get("default")


def _start(
    spec: ClockSpec, complaint: Complaint, cycle: int, at: dt.datetime, calendar: WorkCalendar, values: dict[str, Any]
) -> Clock | None:
    duration = _duration(spec, values)
    if duration is None:
        return None  # e.g. the region that decides the site-visit time is not known yet
    due = compute_due(
        at, duration.amount, Unit(duration.unit), calendar, tz=local_tz(), legal_counting=spec.legal_counting
    )
    return Clock(
        complaint=complaint,
        name=spec.name,
        cycle=cycle,
        state=ClockState.RUNNING,
        started_at=at,
        due_at=due.at,
        amount=duration.amount,
        unit=duration.unit,
        estimated=due.estimated,
    )


def _duration_field_changed(spec: ClockSpec, action: str, data: dict[str, Any]) -> bool:
    return action == "classify" and spec.duration_by is not None and spec.duration_by in data.get("after", {})


def _retime(clock: Clock, spec: ClockSpec, calendar: WorkCalendar, values: dict[str, Any]) -> None:
    duration = _duration(spec, values)
    if duration is None:
        return
    due = compute_due(
        clock.started_at,
        duration.amount,
        Unit(duration.unit),
        calendar,
        tz=local_tz(),
        legal_counting=spec.legal_counting,
    )
    clock.due_at, clock.amount, clock.unit, clock.estimated = due.at, duration.amount, duration.unit, due.estimated


def _finish(clock: Clock, at: dt.datetime, *, cancelled: bool = False) -> None:
    if clock.state == ClockState.PAUSED:
        # Stopped while paused: the paused time does not count, as when resumed.
        resume(clock, at)
    overdue = at > clock.due_at and clock.state == ClockState.RUNNING
    if cancelled and not overdue:
        clock.state = ClockState.CANCELLED
    else:
        clock.state = ClockState.BREACHED if overdue else ClockState.MET
    clock.met_at = at
    clock.paused_at = None


def apply_event(
    complaint: Complaint,
    spec: PolicySpec,
    action: str,
    data: dict[str, Any],
    at: dt.datetime,
    existing: list[Clock],
) -> ClockChanges:
    """Start, stop and restart the policy's clocks for one timeline event.

    `existing` is every clock row of the case (empty at intake). Stops are applied
    before starts, so an event that both ends and begins a clock (reopen) works.
    """
    values = case_values(complaint)
    ancestors = category_ancestors(spec, complaint.category)
    changes = ClockChanges()
    latest: dict[str, Clock] = {}
    for clock in sorted(existing, key=lambda c: c.cycle):
        latest[clock.name] = clock
    calendar: WorkCalendar | None = None

    for clock_spec in spec.clocks:
        current = latest.get(clock_spec.name)
        running = current if current is not None and current.state in ACTIVE else None
        if running is not None and _duration_field_changed(clock_spec, action, data):
            # E.g. the region becomes known after the technician was assigned (P3.e):
            # the running clock is re-timed from its start with the duration now due.
            calendar = calendar or get_calendar()
            _retime(running, clock_spec, calendar, values)
            changes.updated.append(running)
        restart = False
        if running is not None and _matches(clock_spec.stop, action, data, values, ancestors):
            _finish(running, at)
            changes.updated.append(running)
            running = None
            restart = clock_spec.recurring
        elif running is not None and (
            not complaint.is_open or _matches(clock_spec.until, action, data, values, ancestors)
        ):
            # The case ended, or a recurring clock's `until` came: the clock no longer applies.
            _finish(running, at, cancelled=True)
            changes.updated.append(running)
            continue
        if not complaint.is_open:
            continue
        starts = clock_spec.start if current is None else [t for t in clock_spec.start if t.again]
        if running is None and (restart or _matches(starts, action, data, values, ancestors)):
            calendar = calendar or get_calendar()
            cycle = current.cycle + 1 if current is not None else 1
            started = _start(clock_spec, complaint, cycle, at, calendar, values)
            if started is not None:
                changes.created.append(started)
                latest[clock_spec.name] = started
    return changes


def next_due(clocks: Iterable[Clock]) -> dt.datetime | None:
    dues = [c.due_at for c in clocks if c.state == ClockState.RUNNING]
    return min(dues) if dues else None


def find_active(existing: list[Clock], name: str) -> Clock:
    for clock in sorted(existing, key=lambda c: -c.cycle):
        if clock.name == name and clock.state in ACTIVE:
            return clock
    message = gettext("The case has no running clock named “%(name)s”.") % {"name": name}
    raise ActionRefused(message, code="no_such_clock")


def extend(clock: Clock, amount: int, unit: str, at: dt.datetime, record: dict[str, Any]) -> None:
    """Move a clock's due time later (P2.9 顺延), keeping the history of extensions."""
    due = compute_due(clock.due_at, amount, Unit(unit), get_calendar(), tz=local_tz(), legal_counting=False)
    clock.extensions = [*clock.extensions, {**record, "previous_due": clock.due_at.isoformat(), "at": at.isoformat()}]
    clock.due_at = due.at
    clock.estimated = clock.estimated or due.estimated


def pause(clock: Clock, at: dt.datetime) -> None:
    if clock.state != ClockState.RUNNING:
        raise ActionRefused(gettext("Only a running clock can be paused."), code="clock_not_running")
    clock.state = ClockState.PAUSED
    clock.paused_at = at


def resume(clock: Clock, at: dt.datetime) -> None:
    if clock.state != ClockState.PAUSED or clock.paused_at is None:
        raise ActionRefused(gettext("Only a paused clock can be resumed."), code="clock_not_paused")
    # The time spent paused is added to the due time.
    clock.due_at = clock.due_at + (at - clock.paused_at)
    clock.state = ClockState.RUNNING
    clock.paused_at = None
