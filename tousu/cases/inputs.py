"""What each action takes, validated before the domain acts. The API publishes these
same models in its OpenAPI schema, so the web desk, API, CLI and jobs share one contract."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tousu.cases import vocab
from tousu.cases.errors import InvalidInput

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], payload: dict[str, Any] | BaseModel) -> M:
    """The payload as `model`, or InvalidInput naming each field that is wrong."""
    if isinstance(payload, model):
        return payload
    raw = payload.model_dump() if isinstance(payload, BaseModel) else payload
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        details: dict[str, list[Any]] = {}
        for item in error.errors():
            field = ".".join(str(p) for p in item["loc"]) or "__all__"
            details.setdefault(field, []).append(item["msg"])
        raise InvalidInput(_("Some fields are not valid."), details=details) from None


class ActionInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The case version the client saw; a stale one is refused as a conflict.
    version: int | None = Field(default=None, description="Case version the client saw (optimistic lock).")
    note: str = Field(default="", max_length=5000)
    public: bool | None = Field(default=None, description="Whether the complainant may see this step.")


class RegisterInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    policy: str
    kind: vocab.Kind | None = None
    channel: vocab.Channel
    received_at: dt.datetime | None = None
    complainant_name: str = Field(default="", max_length=100)
    complainant_phone: str = Field(default="", max_length=32)
    complainant_alt_phone: str = Field(default="", max_length=32)
    complainant_unit: str = Field(default="", max_length=100)
    complainant_address: str = Field(default="", max_length=200)
    contact_person: str = Field(default="", max_length=100)
    complainant_email: str = Field(default="", max_length=254)
    reply_channel: vocab.Channel | None = None
    complainant_id_number: str = Field(default="", max_length=32)
    anonymous: bool = False
    confidential: bool | None = Field(
        default=None, description="Keep the reporter confidential (P2.11); default: as the policy says for the kind"
    )
    confidentiality_waived: bool = Field(
        default=False, description="The reporter waives the confidentiality the policy gives reports (recorded)"
    )
    unit: str | None = Field(
        default=None, description="Code of the unit receiving the case (an office); default: the registrar's"
    )
    subject_org: str = Field(default="", max_length=200)
    subject_department: str = Field(default="", max_length=200)
    subject_person: str = Field(default="", max_length=100)
    reported_unit: str | None = Field(default=None, description="Code of the unit reported, from the directory")
    reported_person: str | None = Field(default=None, description="Username of the person reported")
    equipment_type: vocab.EquipmentType | None = None
    equipment_stage: vocab.EquipmentStage | None = None
    location: str = Field(default="", max_length=200)
    region: vocab.Region | None = None
    category: str = Field(default="", max_length=64)
    content: str = Field(min_length=1, max_length=20000)
    request: str = Field(default="", max_length=5000)
    urgent: bool | None = None
    severity: vocab.Severity | None = None
    quality: vocab.Quality | None = None
    extra: dict[str, str] = {}


class ScreenInput(ActionInput):
    decision: vocab.Scope
    referral_target: str = Field(default="", max_length=200)
    explanation: str = Field(default="", max_length=5000)
    passed_to: str = Field(default="", max_length=200)


class VerifyInput(ActionInput):
    decision: vocab.Validity
    findings: str = Field(default="", max_length=5000)
    explanation: str = Field(default="", max_length=5000)


class ClassifyInput(ActionInput):
    category: str | None = None
    severity: vocab.Severity | None = None
    urgent: bool | None = None
    quality: vocab.Quality | None = None
    complaint_type: vocab.ComplaintType | None = None
    equipment_type: vocab.EquipmentType | None = None
    equipment_stage: vocab.EquipmentStage | None = None
    region: vocab.Region | None = None
    kind: vocab.Kind | None = None


class HandOffInput(ActionInput):
    handoff: str = Field(description="Code of a hand-off the policy declares (`handoffs`)", max_length=64)
    reason: str = Field(default="", max_length=2000)


class ReportBackInput(ActionInput):
    outcome: vocab.Outcome
    summary: str = Field(min_length=1, max_length=5000, description="The result, as it goes back")


class TransferInput(ActionInput):
    department: str = Field(description="Department code")
    reason: str = Field(default="", max_length=2000)


class AssignInput(ActionInput):
    department: str | None = Field(default=None, description="Department code; default: the case's")
    assignee: str | None = Field(default=None, description="Username of the responsible person")


class PlanInput(ActionInput):
    plan: str = Field(min_length=1, max_length=5000)


class ReplyInput(ActionInput):
    reply_kind: vocab.ReplyKind
    channel: vocab.Channel
    text: str = Field(min_length=1, max_length=20000)
    second_reply_by: dt.date | None = Field(default=None, description="Agreed time of the second reply (P4.6.1)")


class NoteInput(ActionInput):
    note: str = Field(min_length=1, max_length=5000)


class FollowUpInput(ActionInput):
    note: str = Field(min_length=1, max_length=5000)


class SiteVisitInput(ActionInput):
    technician: str = Field(min_length=1, max_length=100)
    arrived_at: dt.datetime
    findings: str = Field(min_length=1, max_length=5000)
    work_done: str = Field(default="", max_length=5000)
    customer_confirmed: bool = False
    customer_signature: str = Field(default="", max_length=100)


class ResponsibilityInput(ActionInput):
    responsibility: vocab.Responsibility
    norm: str = Field(default="", max_length=200, description="Service norm or procedure broken (P1.4)")
    responsible_department: str = Field(default="", max_length=64)
    responsible_person: str = Field(default="", max_length=100)


class ResolveInput(ActionInput):
    outcome: vocab.Outcome
    summary: str = Field(min_length=1, max_length=5000)


class ExtendInput(ActionInput):
    clock: str
    amount: int = Field(gt=0, le=365)
    unit: str = Field(default="calendar_days", pattern="^(calendar_days|working_days|hours)$")
    reason: str = Field(min_length=1, max_length=500)
    approved_by: str | None = Field(default=None, description="Username of the approver; default: the actor")


class ClockInput(ActionInput):
    clock: str
    reason: str = Field(min_length=1, max_length=500)


class SetAsideInput(ActionInput):
    reason: str = Field(min_length=1, max_length=2000)
    improvement_plan: str = Field(min_length=1, max_length=5000)
    target_date: dt.date


class CallbackInput(ActionInput):
    reached: bool
    channel: vocab.Channel = vocab.Channel.PHONE
    satisfaction: vocab.Satisfaction | None = None
    comments: str = Field(default="", max_length=5000)


class ReopenInput(ActionInput):
    reason: str = Field(min_length=1, max_length=2000)


class SignOffInput(ActionInput):
    opinion: str = Field(default="", max_length=2000)


class CloseInput(ActionInput):
    pass


class EscalateInput(ActionInput):
    level: vocab.EscalationLevel
    reason: str = Field(min_length=1, max_length=2000)


class MergeInput(ActionInput):
    into: str = Field(description="Tracking number of the earlier case")


class WithdrawInput(ActionInput):
    reason: str = Field(min_length=1, max_length=2000)


class BreachInput(ActionInput):
    """A missed deadline, recorded by the clock sweep (system only)."""

    clock: str
    cycle: int = Field(ge=1)
    escalate_to: vocab.EscalationLevel | None = None
    clause: str = Field(default="", max_length=100)


ACTION_INPUTS: dict[str, type[ActionInput]] = {
    "screen": ScreenInput,
    "verify": VerifyInput,
    "classify": ClassifyInput,
    "transfer": TransferInput,
    "assign": AssignInput,
    "plan": PlanInput,
    "reply": ReplyInput,
    "note": NoteInput,
    "follow_up": FollowUpInput,
    "site_visit": SiteVisitInput,
    "determine_responsibility": ResponsibilityInput,
    "resolve": ResolveInput,
    "extend": ExtendInput,
    "pause_clock": ClockInput,
    "resume_clock": ClockInput,
    "set_aside": SetAsideInput,
    "callback": CallbackInput,
    "reopen": ReopenInput,
    "sign_off": SignOffInput,
    "close": CloseInput,
    "escalate": EscalateInput,
    "merge": MergeInput,
    "withdraw": WithdrawInput,
    "breach": BreachInput,
    "hand_off": HandOffInput,
    "report_back": ReportBackInput,
}
