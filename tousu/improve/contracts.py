"""Contract service requests (P3.s1-s3): sales reviews the contract and writes the service
into it (s1), draws up a service plan split into tasks for departments (s2), the
departments report their tasks done, and sales verifies the result by the customer's
signature on the spot or a returned receipt (s3). `perform` is the one write path after
`create`; every change leaves a History row."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field

from tousu.cases.errors import ActionRefused, Conflict, Forbidden, InvalidInput, NotFound
from tousu.cases.scope import visible_cases
from tousu.improve import access, history
from tousu.improve.models import ServiceRequest, ServiceState, ServiceTask, Verification
from tousu.improve.validation import validated
from tousu.org.models import Unit

SUBJECT = "service_request"


class RequestInput(BaseModel):
    contract_reference: str = Field(min_length=1, max_length=100)
    customer: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=5000)
    case: str = ""


class ReviewInput(BaseModel):
    contract_review: str = Field(min_length=1, max_length=5000)


class TaskInput(BaseModel):
    department: str = Field(min_length=1)
    description: str = Field(min_length=1, max_length=2000)
    due: dt.date


class PlanInput(BaseModel):
    tasks: list[TaskInput] = Field(min_length=1, max_length=50)


class TaskDoneInput(BaseModel):
    task: int
    result: str = Field(min_length=1, max_length=2000)


class VerifyInput(BaseModel):
    verification: Literal["signature", "receipt"]
    note: str = Field(default="", max_length=2000)


INPUTS: dict[str, type[BaseModel]] = {
    "review": ReviewInput,
    "plan": PlanInput,
    "task_done": TaskDoneInput,
    "verify": VerifyInput,
}
SOURCES = {
    "review": {ServiceState.REQUESTED},
    "plan": {ServiceState.REVIEWED},
    "task_done": {ServiceState.PLANNED},
    "verify": {ServiceState.DONE},
}


def create(data: RequestInput | dict[str, Any], actor: Any) -> ServiceRequest:
    what = _("record service requests")
    organisations = access.require(actor, access.STAFF, what)
    payload = validated(RequestInput, data)
    case = None
    if payload.case:
        case = visible_cases(actor).filter(number=payload.case, organisation_id__in=organisations).first()
        if case is None:
            raise InvalidInput(
                _("No such case: %(numbers)s.") % {"numbers": payload.case}, details={"case": [payload.case]}
            )
    with transaction.atomic():
        made = ServiceRequest.objects.create(
            organisation_id=case.organisation_id if case else access.home_organisation(actor, access.STAFF, what),
            contract_reference=payload.contract_reference,
            customer=payload.customer,
            description=payload.description,
            complaint=case,
            owner=actor,
        )
        history.record(SUBJECT, made, "create", actor, {"contract": payload.contract_reference})
    return made


def _check_role(request: ServiceRequest, name: str, payload: Any, actor: Any) -> None:
    """Each department reports its own tasks done (P3.s2); the request's owner (sales)
    does the rest (P3.s1, P3.s3); the organisation's managers may do either."""
    manager = access.holds(actor, access.MANAGERS, request.organisation_id)
    if name == "task_done":
        task = request.tasks.filter(pk=payload.task).first()
        if task is None:
            raise InvalidInput(_("No such task."), details={"task": [_("No such task.")]})
        if task.done_at is not None:
            raise ActionRefused(_("This task is already done."), code="wrong_state")
        if manager or access.works_in(actor, task.department_id):
            return
        raise Forbidden(_("Only the task's department reports it done (P3.s2)."), code="role")
    if request.owner_id != getattr(actor, "pk", None) and not manager:
        raise Forbidden(_("Only the request's owner (sales) does this (P3.s1-s3)."), code="role")


def perform(request: ServiceRequest, name: str, data: Any, actor: Any) -> ServiceRequest:
    if name not in INPUTS:
        raise NotFound(_("No such action."))
    payload = validated(INPUTS[name], data)
    with transaction.atomic():
        current = ServiceRequest.objects.get(pk=request.pk)
        if current.state not in SOURCES[name]:
            raise ActionRefused(
                _("Not possible now: the service request is “%(state)s”.")
                % {"state": ServiceState(current.state).label},
                code="wrong_state",
            )
        _check_role(current, name, payload, actor)
        changes, record = _apply(current, name, payload)
        if ServiceRequest.objects.filter(pk=current.pk, state=current.state).update(**changes) != 1:
            raise Conflict(_("Someone changed this request since you read it. Reload it."))
        history.record(SUBJECT, current, name, actor, record)
    return ServiceRequest.objects.get(pk=request.pk)


def _apply(current: ServiceRequest, name: str, payload: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    now = timezone.now()
    if name == "review":
        return {"state": ServiceState.REVIEWED, "contract_review": payload.contract_review}, {}
    if name == "plan":
        codes = {t.department for t in payload.tasks}
        # Tasks go to departments of the request's own organisation only.
        own = Unit.objects.filter(code__in=codes, organisation_id=current.organisation_id or 0)
        departments = {d.code: d for d in own}
        missing = sorted(codes - set(departments))
        if missing:
            raise InvalidInput(_("No such department."), details={"tasks": missing})
        ServiceTask.objects.bulk_create(
            [
                ServiceTask(request=current, department=departments[t.department], description=t.description, due=t.due)
                for t in payload.tasks
            ]
        )
        return {"state": ServiceState.PLANNED}, {"tasks": len(payload.tasks)}
    if name == "task_done":
        ServiceTask.objects.filter(pk=payload.task).update(done_at=now, result=payload.result)
        left = current.tasks.filter(done_at__isnull=True).count()
        return ({"state": ServiceState.DONE} if left == 0 else {"state": current.state}), {"task": payload.task}
    return (
        {
            "state": ServiceState.VERIFIED,
            "verification": Verification(payload.verification),
            "verification_note": payload.note,
            "verified_at": now,
        },
        {"verification": payload.verification},
    )


def visible(actor: Any) -> QuerySet[ServiceRequest]:
    """The service requests of the organisations where `actor` works."""
    organisations = access.require(actor, access.STAFF, _("see service requests"))
    return ServiceRequest.objects.filter(organisation_id__in=organisations).order_by("-created_at", "-id")


def get(actor: Any, pk: int) -> ServiceRequest:
    found = visible(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such service request."))
    return found


def detail(r: ServiceRequest) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "id": r.pk,
        "contract_reference": r.contract_reference,
        "customer": r.customer,
        "description": r.description,
        "case": r.complaint.number if r.complaint else "",
        "owner": r.owner.get_username(),
        "state": r.state,
        "state_label": str(ServiceState(r.state).label),
        "contract_review": r.contract_review,
        "verification": r.verification,
        "verification_note": r.verification_note,
        "verified_at": r.verified_at,
        "tasks": [
            {
                "id": t.pk,
                "department": t.department.code,
                "department_name": t.department.name,
                "description": t.description,
                "due": t.due,
                "done_at": t.done_at,
                "result": t.result,
                "overdue": t.done_at is None and t.due < today,
            }
            for t in r.tasks.select_related("department")
        ],
        "history": history.of(SUBJECT, r),
    }
