"""A hash chain over each case's timeline, so an auditor can prove that no event was
changed, removed or slipped in behind the product's back (`tousu audit verify`).

Each event stores sha256(previous event's hash of the same case + its canonical content).
The chain is per case, not global: concurrent intakes and actions on different cases
never wait on one shared "last hash" row, on SQLite or PostgreSQL; an action on one case
already holds that case's row (optimistic version check), so its chain cannot fork.
The hash is computed in Python before the INSERT and written by the same statement, in
the same transaction as the event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

GENESIS = ""


def canonical(
    *,
    complaint_id: int,
    seq: int,
    action: str,
    actor_id: int | None,
    actor_kind: str,
    at: dt.datetime,
    state_before: str,
    state_after: str,
    data: Any,
    note: str,
    public: bool,
) -> bytes:
    content = {
        "case": complaint_id,
        "seq": seq,
        "action": action,
        "actor": actor_id,
        "actor_kind": actor_kind,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "before": state_before,
        "after": state_after,
        "data": data,
        "note": note,
        "public": bool(public),
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def link(previous: str, content: bytes) -> str:
    return hashlib.sha256(previous.encode() + b"\n" + content).hexdigest()


def _content_of(event: Any) -> bytes:
    return canonical(
        complaint_id=event.complaint_id,
        seq=event.seq,
        action=event.action,
        actor_id=event.actor_id,
        actor_kind=event.actor_kind,
        at=event.at,
        state_before=event.state_before,
        state_after=event.state_after,
        data=event.data,
        note=event.note,
        public=event.public,
    )


def seal(events: Iterable[Any], previous: str) -> None:
    """Set `.hash` on new, not yet saved events of one case, in order."""
    for event in events:
        event.hash = link(previous, _content_of(event))
        previous = event.hash


def last_hash(complaint_id: int, seq: int) -> str:
    """The hash of event `seq` of a case (the one a new event links to)."""
    from tousu.cases.models import Event

    if seq <= 0:
        return GENESIS
    found = Event.objects.filter(complaint_id=complaint_id, seq=seq).values_list("hash", flat=True).first()
    return found or GENESIS


@dataclass(frozen=True)
class Break:
    complaint_id: int
    seq: int
    reason: str


BATCH = 2000


def verify(complaint_ids: Iterable[int] | None = None) -> Iterator[Break]:
    """Recompute every chain; yield the first broken link of each broken case.

    Reads the events in (case, seq) order in batches, so a million events need no more
    memory than a batch."""
    from tousu.cases.models import Event

    qs = Event.objects.order_by("complaint_id", "seq")
    if complaint_ids is not None:
        qs = qs.filter(complaint_id__in=list(complaint_ids))
    current, previous, expected_seq, broken = None, GENESIS, 1, False
    last_key = (0, 0)
    while True:
        batch = list(
            qs.filter(complaint_id__gte=last_key[0])
            .exclude(complaint_id=last_key[0], seq__lte=last_key[1])
            .only(
                "complaint_id",
                "seq",
                "action",
                "actor_id",
                "actor_kind",
                "at",
                "state_before",
                "state_after",
                "data",
                "note",
                "public",
                "hash",
            )[:BATCH]
        )
        if not batch:
            return
        for event in batch:
            last_key = (event.complaint_id, event.seq)
            if event.complaint_id != current:
                current, previous, expected_seq, broken = event.complaint_id, GENESIS, 1, False
            if broken:
                continue
            if event.seq != expected_seq:
                broken = True
                yield Break(event.complaint_id, expected_seq, "missing")
                continue
            if link(previous, _content_of(event)) != event.hash:
                broken = True
                yield Break(event.complaint_id, event.seq, "altered")
                continue
            previous, expected_seq = event.hash, expected_seq + 1
