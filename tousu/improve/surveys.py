"""Questionnaires (产品质量征询单, P3.e1), visit feedback (P3.f1) and the customer
information summary (顾客信息汇总表, P3.g1).

An administrator defines a questionnaire; it is sent to chosen customers (the
complainants of chosen cases) through the notification outbox, as a `survey_invite`
notice with a signed link; each answers once on a public page under /p/survey/. The
summary counts ratings and choices; with the visit feedback it feeds the monthly report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field, model_validator

from tousu.cases.errors import ActionRefused, InvalidInput, NotFound
from tousu.cases.scope import visible_cases
from tousu.cases.vocab import Role
from tousu.improve import access, history
from tousu.improve.models import Feedback, FeedbackTopic, Survey, SurveyInvitation, SurveyKind
from tousu.improve.validation import validated
from tousu.notify import outbox
from tousu.notify.recipients import complainant_addresses

SUBJECT = "survey"
SALT = "tousu.improve.surveys"
DESIGNERS = frozenset({Role.ADMINISTRATOR, Role.COMPLAINT_MANAGER})


class Question(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9_]{1,32}$")
    text: str = Field(min_length=1, max_length=500)
    type: Literal["rating", "choice", "text"]
    options: list[str] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def choices_have_options(self) -> Question:
        if self.type == "choice" and len(self.options) < 2:
            raise ValueError("a choice question needs at least two options")
        return self


class SurveyInput(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    kind: SurveyKind = SurveyKind.PRODUCT
    questions: list[Question] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def unique_ids(self) -> SurveyInput:
        ids = [q.id for q in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError("question ids repeat")
        return self


class SendInput(BaseModel):
    cases: list[str] = Field(min_length=1, max_length=500)


class FeedbackInput(BaseModel):
    customer: str = Field(min_length=1, max_length=200)
    visited_on: dt.date
    topic: FeedbackTopic
    rating: int | None = Field(default=None, ge=1, le=5)
    opinion: str = Field(min_length=1, max_length=5000)


def define(data: SurveyInput | dict[str, Any], actor: Any) -> Survey:
    """A questionnaire of the organisation where `actor` designs them."""
    organisation = access.home_organisation(actor, DESIGNERS, _("define questionnaires"))
    payload = validated(SurveyInput, data)
    with transaction.atomic():
        survey = Survey.objects.create(
            organisation_id=organisation,
            title=payload.title,
            kind=payload.kind,
            questions=[q.model_dump() for q in payload.questions],
            created_by=actor,
        )
        history.record(SUBJECT, survey, "define", actor, {"questions": len(payload.questions)})
    return survey


def token_of(invitation: SurveyInvitation) -> str:
    return signing.dumps(invitation.pk, salt=SALT, compress=False)


def path_of(invitation: SurveyInvitation) -> str:
    return reverse("survey:answer", kwargs={"token": token_of(invitation)})


def invitation_for(token: str) -> SurveyInvitation | None:
    try:
        pk = int(signing.loads(token, salt=SALT))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return SurveyInvitation.objects.select_related("survey").filter(pk=pk).first()


@dataclass
class Sent:
    invited: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # number -> why


def send(survey: Survey, data: SendInput | dict[str, Any], actor: Any) -> Sent:
    """Invite the complainants of the chosen cases of the questionnaire's organisation,
    through the notification outbox. Anonymous and confidential reporters and customers
    without an address are skipped."""
    access.require_in(actor, access.STAFF, _("send questionnaires"), survey.organisation_id)
    payload = validated(SendInput, data)
    chosen = visible_cases(actor).filter(number__in=payload.cases, organisation_id=survey.organisation_id or 0)
    cases = {c.number: c for c in chosen}
    missing = sorted(set(payload.cases) - set(cases))
    if missing:
        raise InvalidInput(
            _("No such case: %(numbers)s.") % {"numbers": ", ".join(missing)}, details={"cases": missing}
        )
    done = Sent()
    now = timezone.now()
    with transaction.atomic():
        for number, case in sorted(cases.items()):
            if case.anonymous or case.confidential:
                done.skipped[number] = "confidential"
            elif not complainant_addresses(case):
                done.skipped[number] = "no_address"
            elif SurveyInvitation.objects.filter(survey=survey, complaint=case).exists():
                done.skipped[number] = "already_invited"
            else:
                invitation = SurveyInvitation.objects.create(survey=survey, complaint=case, sent_at=now)
                data_out = {"survey": survey.title, "path": path_of(invitation)}
                outbox.notice(case.pk, f"survey:{invitation.pk}", "survey_invite", data_out, now)
                done.invited.append(number)
        history.record(SUBJECT, survey, "send", actor, {"invited": done.invited, "skipped": done.skipped})
    return done


def answer(invitation: SurveyInvitation, posted: dict[str, str]) -> dict[str, Any]:
    """The customer's answers, checked against the questions; saved once."""
    if invitation.answered_at is not None:
        raise ActionRefused(_("This questionnaire has already been answered. Thank you."), code="answered")
    answers: dict[str, Any] = {}
    problems: dict[str, list[Any]] = {}
    for q in invitation.survey.questions:
        value = (posted.get(q["id"]) or "").strip()
        if q["type"] == "rating":
            if value not in {"1", "2", "3", "4", "5"}:
                problems[q["id"]] = [_("Choose a score from 1 to 5.")]
                continue
            answers[q["id"]] = int(value)
        elif q["type"] == "choice":
            if value not in q["options"]:
                problems[q["id"]] = [_("Choose one of the options.")]
                continue
            answers[q["id"]] = value
        elif value:
            answers[q["id"]] = value[:2000]
    if problems:
        raise InvalidInput(_("Some answers are missing."), details=problems)
    updated = SurveyInvitation.objects.filter(pk=invitation.pk, answered_at=None).update(
        answers=answers, answered_at=timezone.now()
    )
    if updated != 1:
        raise ActionRefused(_("This questionnaire has already been answered. Thank you."), code="answered")
    return answers


def summary(survey: Survey) -> dict[str, Any]:
    """Per question: the mean and spread of ratings, the count of each choice, the texts."""
    answered = list(survey.invitations.exclude(answered_at=None).values_list("answers", flat=True))
    out = []
    for q in survey.questions:
        values = [a[q["id"]] for a in answered if q["id"] in a]
        item: dict[str, Any] = {"id": q["id"], "text": q["text"], "type": q["type"], "answers": len(values)}
        if q["type"] == "rating":
            item["mean"] = round(sum(values) / len(values), 2) if values else None
            item["counts"] = {str(n): values.count(n) for n in range(1, 6)}
        elif q["type"] == "choice":
            counts = Counter(values)
            item["counts"] = {o: counts.get(o, 0) for o in q["options"]}
        else:
            item["texts"] = values[:200]
        out.append(item)
    invited = survey.invitations.count()
    return {"invited": invited, "answered": len(answered), "questions": out}


def record_feedback(data: FeedbackInput | dict[str, Any], actor: Any) -> Feedback:
    organisation = access.home_organisation(actor, access.STAFF, _("record visit feedback"))
    payload = validated(FeedbackInput, data)
    with transaction.atomic():
        made = Feedback.objects.create(**payload.model_dump(), recorded_by=actor, organisation_id=organisation)
        history.record("feedback", made, "record", actor, {"topic": payload.topic})
    return made


def customer_summary(start: dt.date, end: dt.date, organisations: list[int] | None) -> dict[str, Any]:
    """The customer information summary (顾客信息汇总表, P3.g1) of a period: visit feedback
    by topic with its mean rating, and the questionnaires answered in the period; of these
    organisations (None: of the whole installation, for the command line)."""
    feedback = Feedback.objects.filter(visited_on__gte=start, visited_on__lte=end)
    answered = SurveyInvitation.objects.all()
    if organisations is not None:
        feedback = feedback.filter(organisation_id__in=organisations)
        answered = answered.filter(survey__organisation_id__in=organisations)
    topics = []
    for code, label in FeedbackTopic.choices:
        rows = [f for f in feedback if f.topic == code]
        ratings = [f.rating for f in rows if f.rating]
        topics.append(
            {
                "topic": code,
                "label": str(label),
                "count": len(rows),
                "mean_rating": round(sum(ratings) / len(ratings), 2) if ratings else None,
                "opinions": [f.opinion for f in rows][:50],
            }
        )
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    answered = answered.filter(answered_at__gte=since, answered_at__lt=until)
    return {
        "start": start,
        "end": end,
        "feedback": sum(t["count"] for t in topics),
        "topics": topics,
        "questionnaires_answered": answered.count(),
    }


def visible(actor: Any) -> QuerySet[Survey]:
    """The questionnaires of the organisations where `actor` works."""
    organisations = access.require(actor, access.STAFF, _("see questionnaires"))
    return Survey.objects.filter(organisation_id__in=organisations).order_by("-created_at", "-id")


def get(actor: Any, pk: int) -> Survey:
    found = visible(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such questionnaire."))
    return found
