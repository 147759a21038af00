"""Improvement proposals (优化建议方案, P1.5): a change to a process, standard, product or
system, linked to the cases that show the problem, with an owner and a state. `perform`
is the one write path after `create`; every change leaves a History row."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field

from tousu.cases.errors import ActionRefused, Forbidden, InvalidInput, NotFound
from tousu.cases.models import Complaint
from tousu.cases.scope import visible_cases
from tousu.improve import access, history
from tousu.improve.models import Proposal, ProposalArea, ProposalState
from tousu.improve.validation import validated
from tousu.library.redact import scrub

SUBJECT = "proposal"


class ProposalInput(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    area: ProposalArea
    problem: str = Field(min_length=1, max_length=5000)
    proposal: str = Field(min_length=1, max_length=5000)
    cases: list[str] = Field(default_factory=list)


class DecideInput(BaseModel):
    note: str = Field(default="", max_length=2000)


MOVES: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({ProposalState.OPEN}), ProposalState.ACCEPTED),
    "reject": (frozenset({ProposalState.OPEN}), ProposalState.REJECTED),
    "implement": (frozenset({ProposalState.ACCEPTED}), ProposalState.IMPLEMENTED),
}


def cases_of(actor: Any, numbers: list[str], organisations: list[int]) -> tuple[list[Complaint], int | None]:
    """The cases named, as `actor` sees them, all of one of `organisations`; and that
    organisation (None when no case is named)."""
    cases = list(visible_cases(actor).filter(number__in=numbers, organisation_id__in=organisations))
    missing = sorted(set(numbers) - {c.number for c in cases})
    if missing:
        raise InvalidInput(
            _("No such case: %(numbers)s.") % {"numbers": ", ".join(missing)}, details={"cases": missing}
        )
    found = {c.organisation_id for c in cases}
    if len(found) > 1:
        message = _("The cases belong to different organisations.")
        raise InvalidInput(message, details={"cases": [message]})
    return cases, next(iter(found), None)


def create(data: ProposalInput | dict[str, Any], actor: Any) -> Proposal:
    what = _("write improvement proposals")
    organisations = access.require(actor, access.STAFF, what)
    payload = validated(ProposalInput, data)
    cases, organisation = cases_of(actor, payload.cases, organisations)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            organisation_id=organisation or access.home_organisation(actor, access.STAFF, what),
            title=scrub(payload.title, cases),
            area=payload.area,
            problem=scrub(payload.problem, cases),
            proposal=scrub(payload.proposal, cases),
            owner=actor,
        )
        proposal.cases.set(cases)
        history.record(SUBJECT, proposal, "create", actor, {"cases": [c.number for c in cases]})
    return proposal


def may_decide(proposal: Proposal, actor: Any) -> bool:
    """The heads and managers of the proposal's organisation accept or reject it (P1.5)."""
    return access.holds(actor, access.ISSUERS, proposal.organisation_id)


def perform(proposal: Proposal, name: str, data: Any, actor: Any) -> Proposal:
    if name not in MOVES:
        raise NotFound(_("No such action."))
    payload = validated(DecideInput, data)
    sources, target = MOVES[name]
    own = name == "implement" and proposal.owner_id == getattr(actor, "pk", None)
    if not own and not may_decide(proposal, actor):
        raise Forbidden(_("Your role may not %(what)s.") % {"what": _("decide on improvement proposals")}, code="role")
    with transaction.atomic():
        changes: dict[str, Any] = {"state": target}
        if name != "implement":
            changes["decided_at"] = timezone.now()
        # A conditional update on the state: two deciders at once, one wins.
        if Proposal.objects.filter(pk=proposal.pk, state__in=sources).update(**changes) != 1:
            current = Proposal.objects.get(pk=proposal.pk)
            raise ActionRefused(
                _("Not possible now: the proposal is “%(state)s”.") % {"state": ProposalState(current.state).label},
                code="wrong_state",
            )
        history.record(SUBJECT, proposal, name, actor, {"state": target, "note": payload.note})
    return Proposal.objects.get(pk=proposal.pk)


def visible(actor: Any) -> QuerySet[Proposal]:
    """The proposals of the organisations where `actor` works."""
    organisations = access.require(actor, access.STAFF, _("read improvement proposals"))
    return (
        Proposal.objects.filter(organisation_id__in=organisations)
        .select_related("owner")
        .order_by("-created_at", "-id")
    )


def get(actor: Any, pk: int) -> Proposal:
    found = visible(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such proposal."))
    return found
