"""Management review (管理评审, P5.6): the major complaints, open proposals and open
corrective actions of a period gathered into an agenda; minutes and decisions recorded;
a decision turned into a corrective action. `perform` is the one write path after `plan`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field, model_validator

from tousu.cases.errors import ActionRefused, Conflict, InvalidInput, NotFound
from tousu.cases.scope import visible_cases
from tousu.cases.vocab import Severity
from tousu.improve import access, corrective, history
from tousu.improve.models import (
    CorrectiveState,
    Decision,
    Proposal,
    ProposalState,
    Review,
    ReviewState,
)
from tousu.improve.validation import validated
from tousu.library.redact import scrub

SUBJECT = "review"


class PlanInput(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    period_start: dt.date
    period_end: dt.date

    @model_validator(mode="after")
    def ordered(self) -> PlanInput:
        if self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        return self


class MinutesInput(BaseModel):
    minutes: str = Field(min_length=1, max_length=20000)
    decisions: list[str] = Field(default_factory=list, max_length=50)


class ActionFromDecisionInput(BaseModel):
    decision: int
    department: str = Field(min_length=1)
    answer_days: int = Field(default=corrective.DEFAULT_ANSWER_DAYS, ge=1, le=60)


class CloseInput(BaseModel):
    note: str = Field(default="", max_length=2000)


INPUTS: dict[str, type[BaseModel]] = {"minutes": MinutesInput, "action": ActionFromDecisionInput, "close": CloseInput}
SOURCES = {"minutes": {ReviewState.PLANNED}, "action": {ReviewState.HELD}, "close": {ReviewState.HELD}}


def agenda(actor: Any, organisation_id: int, start: dt.date, end: dt.date) -> dict[str, Any]:
    """What the review of one organisation discusses, as a snapshot: its major cases of
    the period as `actor` sees them, its open proposals and open corrective actions; case
    numbers and categories only, never the complainants (P2.11, P5.6). Nothing of another
    organisation, whatever else `actor` may see."""
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    major = visible_cases(actor).filter(
        organisation_id=organisation_id, severity=Severity.MAJOR, received_at__gte=since, received_at__lt=until
    )
    open_actions = corrective.visible(actor).filter(organisation_id=organisation_id)
    open_proposals = Proposal.objects.filter(
        organisation_id=organisation_id, state__in=[ProposalState.OPEN, ProposalState.ACCEPTED]
    )
    return {
        "major_cases": [
            {"number": n, "category": c, "state": s}
            for n, c, s in major.order_by("received_at").values_list("number", "category", "state")[:200]
        ],
        "open_proposals": [
            {"id": pk, "title": t} for pk, t in open_proposals.order_by("created_at").values_list("pk", "title")[:200]
        ],
        "open_corrective_actions": [
            {"id": a.pk, "number": a.number, "department": a.department.name, "state": a.state}
            for a in open_actions.exclude(state=CorrectiveState.CLOSED).order_by("issued_at")[:200]
        ],
    }


def plan(data: PlanInput | dict[str, Any], actor: Any) -> Review:
    """A management review of the organisation where `actor` runs reviews (P5.6)."""
    what = _("run management reviews")
    organisation = access.home_organisation(actor, access.ISSUERS, what)
    payload = validated(PlanInput, data)
    with transaction.atomic():
        review = Review.objects.create(
            organisation_id=organisation,
            title=payload.title,
            period_start=payload.period_start,
            period_end=payload.period_end,
            agenda=agenda(actor, organisation, payload.period_start, payload.period_end),
            chair=actor,
        )
        history.record(SUBJECT, review, "plan", actor, {"major_cases": len(review.agenda["major_cases"])})
    return review


def perform(review: Review, name: str, data: Any, actor: Any) -> Review:
    if name not in INPUTS:
        raise NotFound(_("No such action."))
    payload = validated(INPUTS[name], data)
    access.require_in(actor, access.ISSUERS, _("run management reviews"), review.organisation_id)
    with transaction.atomic():
        current = Review.objects.get(pk=review.pk)
        if current.state not in SOURCES[name]:
            raise ActionRefused(
                _("Not possible now: the review is “%(state)s”.") % {"state": ReviewState(current.state).label},
                code="wrong_state",
            )
        record: dict[str, Any] = {}
        if name == "minutes":
            changes: dict[str, Any] = {
                "state": ReviewState.HELD,
                "minutes": scrub(payload.minutes),
                "held_at": timezone.now(),
            }
            Decision.objects.bulk_create(
                [Decision(review=current, text=scrub(text)) for text in payload.decisions if text.strip()]
            )
            record["decisions"] = len(payload.decisions)
        elif name == "action":
            decision = current.decisions.filter(pk=payload.decision).first()
            if decision is None or decision.action_id is not None:
                raise InvalidInput(_("No such open decision."), details={"decision": [_("No such open decision.")]})
            made = corrective.issue(
                {"department": payload.department, "problem": decision.text, "answer_days": payload.answer_days},
                actor,
                organisation_id=current.organisation_id,
            )
            decision.action = made
            decision.save(update_fields=["action"])
            changes = {}
            record = {"decision": decision.pk, "corrective_action": made.number}
        else:
            changes = {"state": ReviewState.CLOSED}
            record["note"] = payload.note
        if changes:
            updated = Review.objects.filter(pk=current.pk, state=current.state).update(**changes)
            if updated != 1:
                raise Conflict(_("Someone changed this review since you read it. Reload it."))
        history.record(SUBJECT, current, name, actor, record)
    return Review.objects.get(pk=review.pk)


def visible(actor: Any) -> QuerySet[Review]:
    """The reviews of the organisations where `actor` runs reviews."""
    organisations = access.require(actor, access.ISSUERS, _("see management reviews"))
    return Review.objects.filter(organisation_id__in=organisations).order_by("-period_end", "-id")


def get(actor: Any, pk: int) -> Review:
    found = visible(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such management review."))
    return found
