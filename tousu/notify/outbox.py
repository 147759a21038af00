"""The hook the one write path calls inside its transaction: case events into the outbox.

One INSERT per action (all its timeline events at once); what each event means for
whom is decided later by the runner (tousu.notify.expand), outside the case's
transaction, so registration and actions stay fast and a slow mail server can never
hold a case's lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from tousu.cases.models import Complaint, Event
from tousu.core import inserts
from tousu.notify.models import OutboxEvent


def record(complaint: Complaint, events: Sequence[Event]) -> None:
    """Put the case's new timeline events in the outbox (same transaction as the events)."""
    rows = [
        OutboxEvent(
            complaint_id=complaint.pk, key=f"event:{e.seq}", action=e.action, seq=e.seq, data=e.data or {}, at=e.at
        )
        for e in events
    ]
    inserts.insert(rows)
    transaction.on_commit(_kick)


def notice(complaint_id: int, key: str, action: str, data: dict[str, Any], at: dt.datetime) -> None:
    """A notice that is not a timeline event (a deadline due soon); once per key and case."""
    row = OutboxEvent(complaint_id=complaint_id, key=key, action=action, data=data, at=at)
    OutboxEvent.objects.bulk_create([row], ignore_conflicts=True)
    transaction.on_commit(_kick)


def _kick() -> None:
    from tousu.jobs.queue import kick

    kick()
