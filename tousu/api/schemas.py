"""Response shapes of the API (request shapes are the domain's own, tousu.cases.inputs)."""

import datetime as dt
from typing import Any

from pydantic import BaseModel as Schema  # plain pydantic: ninja.Schema's ORM getter is slow on dicts
from pydantic import Field


class ErrorOut(Schema):
    code: str
    message: str
    details: dict[str, list[Any]] = {}


# Every error answer has the same body; an operation documents the codes it may give.
ERRORS: dict[int, Any] = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}


def download(media_type: str, description: str) -> dict[str, Any]:
    """`openapi_extra` for an operation that answers 200 with a file, not JSON."""
    content = {media_type: {"schema": {"type": "string", "format": "binary"}}}
    return {"responses": {200: {"description": description, "content": content}}}


class ClockOut(Schema):
    name: str
    label: str
    clause: str
    cycle: int
    state: str
    started_at: dt.datetime
    due_at: dt.datetime
    met_at: dt.datetime | None
    overdue: bool
    amount: int
    unit: str
    estimated: bool
    extensions: list[dict[str, Any]]


class EventOut(Schema):
    seq: int
    action: str
    action_label: str
    actor: str | None
    actor_kind: str
    at: dt.datetime
    state_before: str
    state_after: str
    data: dict[str, Any]
    note: str
    public: bool


class ComplaintSummary(Schema):
    number: str
    policy: str
    kind: str
    channel: str
    state: str
    state_label: str
    version: int
    received_at: dt.datetime
    category: str
    urgent: bool
    severity: str
    department: str | None
    assignee: str | None
    next_due_at: dt.datetime | None
    overdue: bool
    complainant_name: str
    content: str


class ComplaintCreated(ComplaintSummary):
    verification_code: str


class AttachmentOut(Schema):
    token: str
    name: str
    content_type: str
    size: int
    generated: bool
    url: str


class ComplaintDetail(ComplaintCreated):
    policy_version: int
    received_by: str | None
    closed_at: dt.datetime | None
    complainant_phone: str
    complainant_alt_phone: str
    complainant_unit: str
    complainant_address: str
    contact_person: str
    complainant_email: str
    complainant_id_number: str
    reply_channel: str
    anonymous: bool
    confidential: bool
    personal_data: str = Field(
        default="full", description="full, masked (reveal with a reason) or absent (confidential reporter, P2.11)"
    )
    subject_org: str
    subject_department: str
    subject_person: str
    reported_unit: str | None = Field(description="The unit reported (P2.11); only for whoever may know the reporter")
    reported_person: str | None = Field(description="Username of the person reported (P2.11); likewise")
    reported_party: str = Field(description="The party reported, in words; likewise")
    equipment_type: str
    equipment_stage: str
    location: str
    region: str
    request: str
    scope: str
    referral_target: str
    validity: str
    quality: str
    complaint_type: str
    responsibility: str
    responsibility_norm: str
    outcome: str
    satisfaction: str
    handling_plan: str
    improvement_plan: str
    improvement_due: dt.date | None
    escalation_level: str
    signed_off: bool
    reopen_count: int
    merged_into: str | None
    extra: dict[str, Any]
    clocks: list[ClockOut]
    timeline: list[EventOut]
    attachments: list[AttachmentOut]
    available_actions: list[str]


class ComplaintListItem(ComplaintSummary):
    # Only when the list is a search (`q=`): relevance, a highlighted extract (HTML with
    # <mark>, everything else escaped) and how the case matched (words, phone, number).
    score: float | None = None
    snippet: str | None = None
    matched: str | None = None


class ComplaintPage(Schema):
    items: list[ComplaintListItem]
    next_cursor: str | None
    next: str | None


class PublicEventOut(Schema):
    action: str
    action_label: str
    at: dt.datetime
    state_after: str


class PublicStatusOut(Schema):
    number: str
    state: str
    state_label: str
    received_at: dt.datetime
    closed_at: dt.datetime | None
    timeline: list[PublicEventOut]


class ActionDone(Schema):
    complaint: ComplaintDetail
    events: list[EventOut]
