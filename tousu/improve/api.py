"""Improvement endpoints under /api/v1/improve/: thin shells over the domain modules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from tousu.api.schemas import ERRORS, download
from tousu.improve import access, contracts, corrective, present, proposals, reviews, rewards, surveys
from tousu.improve.corrective import AnswerInput, ExtendInput, IssueInput, VerifyInput
from tousu.improve.download import DOCX, word_response
from tousu.improve.models import CorrectiveState, ProposalState
from tousu.improve.notice import notice_docx

router = Router()


@router.post(
    "/corrective-actions",
    response={201: dict[str, Any], **ERRORS},
    summary="Issue a corrective action notice (P3.i, P4.5.3)",
)
def issue(request: HttpRequest, payload: IssueInput) -> Status[dict[str, Any]]:
    return Status(201, present.detail(corrective.issue(payload, request.user)))


@router.get("/corrective-actions", summary="Corrective actions; overdue=true for the overdue list")
def list_actions(request: HttpRequest, state: str = "", overdue: bool = False, department: str = "") -> dict[str, Any]:
    qs = corrective.visible(request.user)
    if overdue:
        qs = corrective.overdue(qs)
    else:
        qs = qs.order_by("-issued_at", "-id")
    if state in CorrectiveState.values:
        qs = qs.filter(state=state)
    if department:
        qs = qs.filter(department__code=department)
    return {"items": [present.summary(a) for a in qs[:200]]}


@router.get(
    "/corrective-actions/{pk}", response={200: dict[str, Any], **ERRORS}, summary="A corrective action with its history"
)
def show(request: HttpRequest, pk: int) -> dict[str, Any]:
    return present.detail(corrective.get(request.user, pk))


@router.get(
    "/corrective-actions/{pk}/notice.docx",
    response=ERRORS,
    openapi_extra=download(DOCX, "The notice as a Word document"),
    summary="The notice as a Word document",
)
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    action = corrective.get(request.user, pk)
    return word_response(notice_docx(action), f"{action.number}.docx")


def _perform(request: HttpRequest, pk: int, name: str, payload: Any) -> dict[str, Any]:
    found = corrective.get(request.user, pk)
    return present.detail(corrective.perform(found, name, payload, request.user))


@router.post(
    "/corrective-actions/{pk}/answer", response={200: dict[str, Any], **ERRORS}, summary="The department answers"
)
def answer(request: HttpRequest, pk: int, payload: AnswerInput) -> dict[str, Any]:
    return _perform(request, pk, "answer", payload)


@router.post(
    "/corrective-actions/{pk}/verify", response={200: dict[str, Any], **ERRORS}, summary="Verify the effect (P5.5)"
)
def verify(request: HttpRequest, pk: int, payload: VerifyInput) -> dict[str, Any]:
    return _perform(request, pk, "verify", payload)


@router.post(
    "/corrective-actions/{pk}/extend", response={200: dict[str, Any], **ERRORS}, summary="Move the answer date"
)
def extend(request: HttpRequest, pk: int, payload: ExtendInput) -> dict[str, Any]:
    return _perform(request, pk, "extend", payload)


@router.post("/proposals", response={201: dict[str, Any], **ERRORS}, summary="An improvement proposal (P1.5)")
def propose(request: HttpRequest, payload: proposals.ProposalInput) -> Status[dict[str, Any]]:
    return Status(201, present.proposal(proposals.create(payload, request.user)))


@router.get("/proposals", summary="Improvement proposals, newest first")
def list_proposals(request: HttpRequest, state: str = "") -> dict[str, Any]:
    qs = proposals.visible(request.user)
    if state in ProposalState.values:
        qs = qs.filter(state=state)
    return {"items": [present.proposal(p) for p in qs[:200]]}


@router.get("/proposals/{pk}", response={200: dict[str, Any], **ERRORS}, summary="A proposal with its history")
def show_proposal(request: HttpRequest, pk: int) -> dict[str, Any]:
    return present.proposal(proposals.get(request.user, pk))


@router.post("/proposals/{pk}/{action}", response={200: dict[str, Any], **ERRORS}, summary="accept, reject, implement")
def decide(request: HttpRequest, pk: int, action: str, payload: proposals.DecideInput) -> dict[str, Any]:
    return present.proposal(proposals.perform(proposals.get(request.user, pk), action, payload, request.user))


@router.post("/reviews", response={201: dict[str, Any], **ERRORS}, summary="Plan a management review (P5.6)")
def plan_review(request: HttpRequest, payload: reviews.PlanInput) -> Status[dict[str, Any]]:
    return Status(201, present.review(reviews.plan(payload, request.user)))


@router.get("/reviews", summary="Management reviews")
def list_reviews(request: HttpRequest) -> dict[str, Any]:
    return {"items": [present.review(r) for r in reviews.visible(request.user)[:100]]}


@router.get("/reviews/{pk}", response={200: dict[str, Any], **ERRORS}, summary="A review: agenda, minutes, decisions")
def show_review(request: HttpRequest, pk: int) -> dict[str, Any]:
    return present.review(reviews.get(request.user, pk))


@router.post("/reviews/{pk}/minutes", response={200: dict[str, Any], **ERRORS}, summary="Record minutes and decisions")
def minutes(request: HttpRequest, pk: int, payload: reviews.MinutesInput) -> dict[str, Any]:
    return present.review(reviews.perform(reviews.get(request.user, pk), "minutes", payload, request.user))


@router.post("/reviews/{pk}/action", response={200: dict[str, Any], **ERRORS}, summary="Turn a decision into an action")
def decision_action(request: HttpRequest, pk: int, payload: reviews.ActionFromDecisionInput) -> dict[str, Any]:
    return present.review(reviews.perform(reviews.get(request.user, pk), "action", payload, request.user))


@router.post("/reviews/{pk}/close", response={200: dict[str, Any], **ERRORS}, summary="Close the review")
def close_review(request: HttpRequest, pk: int, payload: reviews.CloseInput) -> dict[str, Any]:
    return present.review(reviews.perform(reviews.get(request.user, pk), "close", payload, request.user))


@router.post("/rewards", response={201: dict[str, Any], **ERRORS}, summary="Propose a reward for a report (P2.10)")
def propose_reward(request: HttpRequest, payload: rewards.ProposeInput) -> Status[dict[str, Any]]:
    return Status(201, rewards.summary(rewards.propose(payload, request.user)))


@router.get("/rewards", response={200: dict[str, Any], **ERRORS}, summary="Rewards (allowed roles only)")
def list_rewards(request: HttpRequest) -> dict[str, Any]:
    return {"items": [rewards.summary(r) for r in rewards.visible(request.user)[:200]]}


@router.get("/rewards/{pk}", response={200: dict[str, Any], **ERRORS}, summary="A reward with its history")
def show_reward(request: HttpRequest, pk: int) -> dict[str, Any]:
    return rewards.summary(rewards.get(request.user, pk))


@router.post("/rewards/{pk}/pay", response={200: dict[str, Any], **ERRORS}, summary="Record the payment")
def pay_reward(request: HttpRequest, pk: int, payload: rewards.PayInput) -> dict[str, Any]:
    return rewards.summary(rewards.perform(rewards.get(request.user, pk), "pay", payload, request.user))


@router.post("/rewards/{pk}/{action}", response={200: dict[str, Any], **ERRORS}, summary="approve or refuse")
def decide_reward(request: HttpRequest, pk: int, action: str, payload: rewards.DecideInput) -> dict[str, Any]:
    return rewards.summary(rewards.perform(rewards.get(request.user, pk), action, payload, request.user))


@router.post(
    "/service-requests", response={201: dict[str, Any], **ERRORS}, summary="A contract service request (P3.s1)"
)
def create_service(request: HttpRequest, payload: contracts.RequestInput) -> Status[dict[str, Any]]:
    return Status(201, contracts.detail(contracts.create(payload, request.user)))


@router.get("/service-requests", summary="Contract service requests, newest first")
def list_services(request: HttpRequest) -> dict[str, Any]:
    return {"items": [contracts.detail(r) for r in contracts.visible(request.user)[:100]]}


@router.get("/service-requests/{pk}", response={200: dict[str, Any], **ERRORS}, summary="A service request")
def show_service(request: HttpRequest, pk: int) -> dict[str, Any]:
    return contracts.detail(contracts.get(request.user, pk))


def _service(request: HttpRequest, pk: int, name: str, payload: Any) -> dict[str, Any]:
    return contracts.detail(contracts.perform(contracts.get(request.user, pk), name, payload, request.user))


@router.post(
    "/service-requests/{pk}/review", response={200: dict[str, Any], **ERRORS}, summary="Contract review (P3.s1)"
)
def review_service(request: HttpRequest, pk: int, payload: contracts.ReviewInput) -> dict[str, Any]:
    return _service(request, pk, "review", payload)


@router.post("/service-requests/{pk}/plan", response={200: dict[str, Any], **ERRORS}, summary="Service plan (P3.s2)")
def plan_service(request: HttpRequest, pk: int, payload: contracts.PlanInput) -> dict[str, Any]:
    return _service(request, pk, "plan", payload)


@router.post("/service-requests/{pk}/task-done", response={200: dict[str, Any], **ERRORS}, summary="A task is done")
def service_task_done(request: HttpRequest, pk: int, payload: contracts.TaskDoneInput) -> dict[str, Any]:
    return _service(request, pk, "task_done", payload)


@router.post("/service-requests/{pk}/verify", response={200: dict[str, Any], **ERRORS}, summary="Verified (P3.s3)")
def verify_service(request: HttpRequest, pk: int, payload: contracts.VerifyInput) -> dict[str, Any]:
    return _service(request, pk, "verify", payload)


@router.post("/surveys", response={201: dict[str, Any], **ERRORS}, summary="Define a questionnaire (P3.e1)")
def define_survey(request: HttpRequest, payload: surveys.SurveyInput) -> Status[dict[str, Any]]:
    made = surveys.define(payload, request.user)
    return Status(201, {"id": made.pk, "title": made.title, "questions": made.questions})


@router.get("/surveys", summary="Questionnaires")
def list_surveys(request: HttpRequest) -> dict[str, Any]:
    return {"items": [{"id": s.pk, "title": s.title, "kind": s.kind} for s in surveys.visible(request.user)[:100]]}


@router.get("/surveys/{pk}", response={200: dict[str, Any], **ERRORS}, summary="A questionnaire and its summary")
def show_survey(request: HttpRequest, pk: int) -> dict[str, Any]:
    survey = surveys.get(request.user, pk)
    return {"id": survey.pk, "title": survey.title, "questions": survey.questions, "summary": surveys.summary(survey)}


@router.post("/surveys/{pk}/send", response={200: dict[str, Any], **ERRORS}, summary="Send to the customers of cases")
def send_survey(request: HttpRequest, pk: int, payload: surveys.SendInput) -> dict[str, Any]:
    sent = surveys.send(surveys.get(request.user, pk), payload, request.user)
    return {"invited": sent.invited, "skipped": sent.skipped}


@router.post("/feedback", response={201: dict[str, Any], **ERRORS}, summary="Customer feedback from a visit (P3.f1)")
def record_feedback(request: HttpRequest, payload: surveys.FeedbackInput) -> Status[dict[str, Any]]:
    made = surveys.record_feedback(payload, request.user)
    return Status(201, {"id": made.pk, "topic": made.topic})


@router.get("/customer-summary", summary="Customer information summary of a period (P3.g1)")
def customer_summary(request: HttpRequest, start: dt.date, end: dt.date) -> dict[str, Any]:
    organisations = access.require(request.user, access.STAFF, _("see the customer information summary"))
    return surveys.customer_summary(start, end, organisations)
