"""Timeline entries: what one action appends to a case's timeline, built in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User

from tousu.cases import rules
from tousu.cases.models import Complaint, Event
from tousu.cases.values import case_values
from tousu.policies.schema import Policy as PolicySpec


@dataclass(frozen=True)
class Entry:
    action: str
    data: dict[str, Any] = field(default_factory=dict)
    public: bool = False
    note: str = ""
    system: bool = False  # recorded by a policy rule, not by the actor


def policy_escalation(spec: PolicySpec, complaint: Complaint) -> Entry | None:
    """If a policy rule says the case must go higher now (P3.h1, P4.5.3), raise its level
    and return the entry that records it."""
    level = rules.escalation_due(spec, case_values(complaint), complaint.escalation_level)
    if level is None:
        return None
    complaint.escalation_level = level
    return Entry("escalate", {"to": level, "rule": "policy"}, system=True)


def events_for(
    complaint: Complaint,
    entries: list[Entry],
    *,
    after_seq: int,
    actor: User | AnonymousUser | None,
    actor_kind: str,
    at: dt.datetime,
    state_before: str,
) -> list[Event]:
    """The Event rows for `entries`, numbered after `after_seq`; the first one carries the
    state change, later ones (policy consequences) happen in the new state."""
    events = []
    for offset, entry in enumerate(entries, start=1):
        events.append(
            Event(
                complaint=complaint,
                seq=after_seq + offset,
                action=entry.action,
                actor=actor if isinstance(actor, User) and not entry.system else None,
                actor_kind="system" if entry.system else actor_kind,
                at=at,
                state_before=state_before if offset == 1 else complaint.state,
                state_after=complaint.state,
                data=entry.data,
                note=entry.note,
                public=entry.public,
            )
        )
    return events
