"""Corrective and preventive actions (纠正措施通知单, P3.i, P4.5.3, P5.5).

Issued from cases to the responsible department; the department answers with the root
cause and the measures by `answer_due` (working days, China's calendar); the issuer
verifies the effect by `verify_due` (does it recur? the cases received since help) and
closes it, or sends it back when the problem recurred. `perform` is the one write path
after `issue`; every change leaves a History row. Texts are scrubbed of the linked cases'
personal data (P2.11)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field

from tousu.cases.errors import ActionRefused, Conflict, Forbidden, InvalidInput, NotFound
from tousu.cases.models import Complaint
from tousu.cases.scope import visible_cases
from tousu.cases.vocab import Role
from tousu.improve import access, history
from tousu.improve.models import CorrectiveAction, CorrectiveState
from tousu.improve.validation import validated
from tousu.library.redact import scrub
from tousu.org import tree as org_tree
from tousu.org.positions import held_by
from tousu.workcal.store import get_calendar

SUBJECT = "corrective_action"
DEFAULT_ANSWER_DAYS = 5  # working days for the department's answer
DEFAULT_VERIFY_DAYS = 30  # calendar days of watching for recurrence (P5.5)
TEXTS = ("problem", "root_cause", "corrective_measures", "preventive_measures", "verification")


class IssueInput(BaseModel):
    cases: list[str] = Field(default_factory=list, description="Tracking numbers of the cases that show the problem")
    department: str = Field(min_length=1, description="Code of the responsible department")
    problem: str = Field(min_length=1, max_length=5000)
    root_cause: str = Field(default="", max_length=5000)
    corrective_measures: str = Field(default="", max_length=5000)
    preventive_measures: str = Field(default="", max_length=5000)
    owner: str = Field(default="", description="Username of the person responsible")
    answer_days: int = Field(default=DEFAULT_ANSWER_DAYS, ge=1, le=60, description="Working days to answer")


class AnswerInput(BaseModel):
    version: int | None = None
    root_cause: str = Field(min_length=1, max_length=5000)
    corrective_measures: str = Field(min_length=1, max_length=5000)
    preventive_measures: str = Field(min_length=1, max_length=5000)
    verify_days: int = Field(default=DEFAULT_VERIFY_DAYS, ge=1, le=365)


class VerifyInput(BaseModel):
    version: int | None = None
    verification: str = Field(min_length=1, max_length=5000)
    recurred: bool = False
    answer_days: int = Field(default=DEFAULT_ANSWER_DAYS, ge=1, le=60)


class ExtendInput(BaseModel):
    version: int | None = None
    answer_due: dt.date
    reason: str = Field(min_length=1, max_length=1000)


INPUTS: dict[str, type[BaseModel]] = {"answer": AnswerInput, "verify": VerifyInput, "extend": ExtendInput}
SOURCES = {
    "answer": {CorrectiveState.ISSUED},
    "verify": {CorrectiveState.ANSWERED},
    "extend": {CorrectiveState.ISSUED},
}


def _working_days_after(start: dt.date, days: int) -> tuple[dt.date, bool]:
    return get_calendar().add_working_days(start, days)


def today() -> dt.date:
    return timezone.localdate()


def issue(data: IssueInput | dict[str, Any], actor: Any, organisation_id: int | None = None) -> CorrectiveAction:
    """A corrective action notice to the responsible department (P3.i, P4.5.3), in an
    organisation where `actor` issues them (that of a management review, when given)."""
    what = _("issue corrective actions")
    organisations = (
        access.require(actor, access.ISSUERS, what)
        if organisation_id is None
        else [access.require_in(actor, access.ISSUERS, what, organisation_id)]
    )
    payload = validated(IssueInput, data)
    department = access.department(payload.department, organisations)
    organisation = department.organisation_id
    cases = list(visible_cases(actor).filter(number__in=payload.cases, organisation_id=organisation))
    missing = sorted(set(payload.cases) - {c.number for c in cases})
    if missing:
        raise InvalidInput(
            _("No such case: %(numbers)s.") % {"numbers": ", ".join(missing)}, details={"cases": missing}
        )
    owner = None
    if payload.owner:
        owner = get_user_model().objects.filter(username=payload.owner).first()
        if owner is None or not access.member(owner, organisation):
            raise InvalidInput(_("No such staff member."), details={"owner": [_("No such staff member.")]})
    now = timezone.now()
    due, estimated = _working_days_after(timezone.localdate(now), payload.answer_days)
    texts = {name: scrub(getattr(payload, name), cases) for name in TEXTS if name != "verification"}
    with transaction.atomic():
        action = CorrectiveAction.objects.create(
            organisation_id=organisation,
            policy_name=cases[0].policy_name if cases else "",
            department=department,
            owner=owner,
            state=CorrectiveState.ISSUED,
            issued_by=actor,
            issued_at=now,
            answer_due=due,
            answer_estimated=estimated,
            **texts,
        )
        action.cases.set(cases)
        history.record(SUBJECT, action, "issue", actor, {"cases": [c.number for c in cases], "answer_due": str(due)})
    return action


def may_answer(action: CorrectiveAction, actor: Any) -> bool:
    """The responsible department answers: its head or a head above it, its handlers, the
    person named responsible; or a manager of the organisation (P3.i, P4.5.3)."""
    if action.owner_id is not None and action.owner_id == getattr(actor, "pk", None):
        return True
    tree = org_tree.current()
    for h in access.positions_in(actor, action.organisation_id):
        if h.role in access.MANAGERS:
            return True
        if h.role == Role.DEPARTMENT_HEAD and tree.within(action.department_id, h.unit_id):
            return True
        if h.role == Role.HANDLER and tree.within(h.unit_id, action.department_id):
            return True
    return False


def may_verify(action: CorrectiveAction, actor: Any) -> bool:
    """Who issued it verifies the effect and may move the answer date; so do the managers
    of the organisation (P5.5). Never the answering department on its own say."""
    roles = {h.role for h in access.positions_in(actor, action.organisation_id)}
    if roles & access.MANAGERS:
        return True
    return action.issued_by_id == getattr(actor, "pk", None) and bool(roles & access.ISSUERS)


def perform(action: CorrectiveAction, name: str, data: Any, actor: Any) -> CorrectiveAction:
    """The one write path of a corrective action after it is issued."""
    if name not in INPUTS:
        raise NotFound(_("No such action."))
    payload = validated(INPUTS[name], data)
    with transaction.atomic():
        current = CorrectiveAction.objects.get(pk=action.pk)
        if payload.version is not None and payload.version != current.version:
            raise Conflict(_("Someone changed this corrective action since you read it. Reload it."))
        if current.state not in SOURCES[name]:
            raise ActionRefused(
                _("Not possible now: the corrective action is “%(state)s”.")
                % {"state": CorrectiveState(current.state).label},
                code="wrong_state",
            )
        if name == "answer":
            if not may_answer(current, actor):
                raise ActionRefused(_("Only the responsible department answers (P4.5.3)."), code="role")
        elif not may_verify(current, actor):
            raise Forbidden(_("Your role may not %(what)s.") % {"what": _("verify corrective actions")}, code="role")
        cases = list(current.cases.all())
        changes = _apply(current, name, payload, cases)
        updated = CorrectiveAction.objects.filter(pk=current.pk, version=current.version).update(
            version=current.version + 1, **changes
        )
        if updated != 1:
            raise Conflict(_("Someone changed this corrective action since you read it. Reload it."))
        record = {k: (str(v) if isinstance(v, dt.date | dt.datetime) else v) for k, v in changes.items()}
        if name == "extend":
            record["reason"] = payload.reason
            record["previous_due"] = str(current.answer_due)
        history.record(SUBJECT, current, name, actor, record)
    return CorrectiveAction.objects.get(pk=action.pk)


def _apply(current: CorrectiveAction, name: str, payload: Any, cases: list[Complaint]) -> dict[str, Any]:
    now = timezone.now()
    if name == "answer":
        return {
            "state": CorrectiveState.ANSWERED,
            "answered_at": now,
            "root_cause": scrub(payload.root_cause, cases),
            "corrective_measures": scrub(payload.corrective_measures, cases),
            "preventive_measures": scrub(payload.preventive_measures, cases),
            "verify_due": timezone.localdate(now) + dt.timedelta(days=payload.verify_days),
        }
    if name == "verify":
        text = scrub(payload.verification, cases)
        if payload.recurred:
            # Recurred (P5.5): back to the department for a new answer, on a new clock.
            due, estimated = _working_days_after(timezone.localdate(now), payload.answer_days)
            return {
                "state": CorrectiveState.ISSUED,
                "verification": text,
                "recurred": True,
                "answer_due": due,
                "answer_estimated": estimated,
                "verify_due": None,
            }
        return {"state": CorrectiveState.CLOSED, "verification": text, "closed_at": now}
    if payload.answer_due < timezone.localdate(now):
        raise InvalidInput(
            _("The new date is in the past."), details={"answer_due": [_("The new date is in the past.")]}
        )
    return {"answer_due": payload.answer_due}


def visible(actor: Any) -> QuerySet[CorrectiveAction]:
    """The corrective actions `actor` may see, within their organisations: all of them for
    its managers; for a department head those of the departments they head; for anyone
    else their own department's; and those they issued or answer for."""
    organisations = access.require(actor, access.STAFF, _("see corrective actions"))
    tree = org_tree.current()
    seen = Q(organisation_id__in=organisations) & (Q(issued_by=actor) | Q(owner=actor))
    for h in held_by(actor):
        if h.unit_id is None or h.unit_id not in tree.nodes:
            continue
        if h.role in access.MANAGERS:
            seen |= Q(organisation_id=tree.nodes[h.unit_id].organisation_id)
        elif h.role == Role.DEPARTMENT_HEAD:
            seen |= Q(department_id__in=tree.subtree(h.unit_id))
        else:
            seen |= Q(department_id=h.unit_id)
    return CorrectiveAction.objects.select_related("department").filter(seen)


def overdue(qs: QuerySet[CorrectiveAction], on: dt.date | None = None) -> QuerySet[CorrectiveAction]:
    """Waiting for an answer past answer_due, or for verification past verify_due."""
    on = on or today()
    late = Q(state=CorrectiveState.ISSUED, answer_due__lt=on) | Q(state=CorrectiveState.ANSWERED, verify_due__lt=on)
    return qs.filter(late).order_by("answer_due", "id")


def get(actor: Any, pk: int) -> CorrectiveAction:
    found = visible(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such corrective action."))
    return found


@dataclass
class Recurrence:
    categories: list[str]
    since: dt.datetime
    count: int
    numbers: list[str]


def recurrence(action: CorrectiveAction) -> Recurrence:
    """Cases of the same categories in the responsible department received since the
    notice was issued: the data the issuer reads when verifying the effect (P5.5)."""
    linked = list(action.cases.values_list("pk", "category", "policy_name"))
    categories = sorted({c for _, c, _p in linked if c})
    qs = Complaint.objects.filter(received_at__gt=action.issued_at, department_id=action.department_id)
    qs = qs.exclude(pk__in=[pk for pk, _c, _p in linked])
    if categories:
        qs = qs.filter(category__in=categories)
    numbers = list(qs.order_by("received_at").values_list("number", flat=True)[:20])
    return Recurrence(categories, action.issued_at, qs.count(), numbers)


def is_overdue(action: CorrectiveAction, on: dt.date | None = None) -> bool:
    on = on or today()
    if action.state == CorrectiveState.ISSUED:
        return action.answer_due < on
    return action.state == CorrectiveState.ANSWERED and action.verify_due is not None and action.verify_due < on
