"""A case's state folded from its timeline alone: the timeline is the record, so replaying
it must give what the case row says now (state, version, open or ended, when it ended).

Used by the property tests and available to an auditor; the hash chain over the same
events (issue 6, access log) proves the events themselves were not altered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tousu.cases.models import Complaint, Event
from tousu.cases.vocab import ENDED_STATES


class ReplayError(Exception):
    """The timeline itself is inconsistent (a gap in its sequence, a step from a state the
    case was not in)."""


@dataclass(frozen=True)
class Replayed:
    state: str
    version: int
    is_open: bool
    closed_at: dt.datetime | None


def replay(events: Iterable[Event]) -> Replayed:
    state, version, closed_at = "", 0, None
    for event in events:
        if event.seq != version + 1:
            raise ReplayError(f"event {event.seq} follows {version}")
        if version and event.state_before != state:
            raise ReplayError(f"event {event.seq} ({event.action}) starts from {event.state_before}, not {state}")
        state, version = event.state_after, event.seq
        if state in ENDED_STATES:
            closed_at = closed_at or event.at
        else:
            closed_at = None
    return Replayed(state=state, version=version, is_open=state not in ENDED_STATES, closed_at=closed_at)


def differences(complaint: Complaint) -> list[str]:
    """Where the case row and its replayed timeline disagree (empty: they agree)."""
    replayed = replay(Event.objects.filter(complaint=complaint).order_by("seq"))
    row = (complaint.state, complaint.version, complaint.is_open, complaint.closed_at)
    folded = (replayed.state, replayed.version, replayed.is_open, replayed.closed_at)
    names = ("state", "version", "is_open", "closed_at")
    return [f"{n}: row {r!r}, timeline {f!r}" for n, r, f in zip(names, row, folded, strict=True) if r != f]
