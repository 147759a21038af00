"""The complainant's personal callback link (P4.9, P4.10).

The link is signed with the server's secret under its own salt, so it cannot be guessed
or forged, and it names the case and its callback round: the number of times the case
was reopened. Reopening (P4.10, handled again) starts a new round, so a link sent for an
earlier round no longer answers. A case that has ended takes no answer at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

from tousu.cases.lifecycle import MOVES
from tousu.cases.models import Complaint, Event
from tousu.cases.vocab import ENDED_STATES

SALT = "tousu.cases.callback_links"


def callback_token(complaint: Complaint) -> str:
    return signing.dumps([complaint.pk, complaint.reopen_count], salt=SALT, compress=False)


def callback_path(complaint: Complaint) -> str:
    """The path of the public callback page for this case's current round."""
    return reverse("portal:callback", kwargs={"token": callback_token(complaint)})


@dataclass(frozen=True)
class LinkState:
    """What a callback link points at now; `complaint` is None when the link is bad."""

    complaint: Complaint | None
    # "open": may answer now; "answered": this round already has the complainant's answer;
    # "not_ready": handling is not finished; "stale": a later round has begun;
    # "ended": the case is closed (or otherwise ended); "invalid": tampered or unknown.
    status: str


def resolve_token(token: str) -> LinkState:
    try:
        pk, round_ = signing.loads(token, salt=SALT)
        complaint = Complaint.objects.select_related("policy_version").get(pk=int(pk))
    except (signing.BadSignature, ValueError, TypeError, Complaint.DoesNotExist):
        return LinkState(None, "invalid")
    if complaint.state in ENDED_STATES:
        return LinkState(complaint, "ended")
    if int(round_) != complaint.reopen_count:
        return LinkState(complaint, "stale")
    if answered_this_round(complaint):
        return LinkState(complaint, "answered")
    if complaint.state not in MOVES["callback"].sources:
        return LinkState(complaint, "not_ready")
    return LinkState(complaint, "open")


def answered_this_round(complaint: Complaint) -> bool:
    """Whether the complainant already answered through a link since the last reopen."""
    last = (
        Event.objects.filter(complaint=complaint, action__in=["callback", "reopen"])
        .order_by("-seq")
        .values_list("action", "actor_kind")
        .first()
    )
    return last is not None and last == ("callback", "complainant")
