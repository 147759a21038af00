"""What a complainant may see of a case without logging in: found by tracking number and
verification code, its state and the steps marked public, nothing personal (P2.11).

Used by the API's /public/status and by the public portal's lookup page.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from tousu.cases.models import Complaint, Event

# Compared against when the number is unknown, so that an unknown number and a wrong code
# take the same path and answer alike: numbers cannot be enumerated.
_NEVER = "000000-never"


def find_for_complainant(number: str, code: str) -> Complaint | None:
    """The case with this number if `code` is its verification code, else None."""
    found = Complaint.objects.filter(number=number.strip().upper()).first()
    expected = found.verification_code if found else _NEVER
    if found is None or not hmac.compare_digest(expected.encode(), code.strip().encode()):
        return None
    return found


@dataclass(frozen=True)
class PublicStep:
    action: str
    at: dt.datetime
    state_after: str


@dataclass(frozen=True)
class PublicStatus:
    number: str
    state: str
    received_at: dt.datetime
    closed_at: dt.datetime | None
    steps: list[PublicStep]


def public_status(complaint: Complaint) -> PublicStatus:
    """Stable codes only; labels are translated where shown. No event data or notes: they
    may name people or the reporter (P2.11)."""
    rows = (
        Event.objects.filter(complaint=complaint, public=True)
        .order_by("seq")
        .values_list("action", "at", "state_after")
    )
    return PublicStatus(
        number=complaint.number,
        state=complaint.state,
        received_at=complaint.received_at,
        closed_at=complaint.closed_at,
        steps=[PublicStep(action, at, state_after) for action, at, state_after in rows],
    )
