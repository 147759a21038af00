"""Search, similar cases and suggestions: thin endpoints over tousu.search."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from pydantic import BaseModel, ConfigDict, Field

from tousu.api.schemas import ERRORS
from tousu.cases import disclosure, scope, selectors
from tousu.cases.errors import InvalidInput
from tousu.cases.models import Complaint
from tousu.cases.vocab import Channel, Kind
from tousu.policies.registry import UnknownPolicy, current_version_id, spec_of_version
from tousu.search import similar
from tousu.search.suggest.engine import suggest

router = Router()


def offset_of(cursor: str | None) -> int:
    """A search page cursor is the offset into the ranked candidates."""
    if not cursor:
        return 0
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))["offset"]
    except (ValueError, KeyError, TypeError):
        value = None
    if not isinstance(value, int) or value < 0:
        message = _("This page cursor is not valid; start again from the first page.")
        raise InvalidInput(message, details={"cursor": [message]})
    return value


def cursor_of(offset: int | None) -> str | None:
    if offset is None:
        return None
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode().rstrip("=")


def hit_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {"score": row["score"], "snippet": row["snippet"], "matched": row["matched"]}


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    content: str = Field(default="", max_length=20000)
    request: str = Field(default="", max_length=5000)
    complainant_phone: str = Field(default="", max_length=32)
    complainant_alt_phone: str = Field(default="", max_length=32)
    complainant_address: str = Field(default="", max_length=200)
    complainant_unit: str = Field(default="", max_length=100)


class SimilarOut(BaseModel):
    number: str
    state: str
    is_open: bool
    received_at: dt.datetime
    category: str
    content: str
    similarity: float
    reasons: list[str] = Field(description="same_phone, same_place, similar_text")


class SimilarPage(BaseModel):
    items: list[SimilarOut]
    same_phone: int = Field(description="Open or recent cases from the same phone (repeat complainant)")
    same_place: int = Field(description="Open or recent cases at the same unit/address (repeat location)")


SIMILAR_COLUMNS = ("id", "number", "state", "is_open", "received_at", "category", "content")


def _similar_page(result: similar.SimilarResult) -> dict[str, Any]:
    ids = [c.complaint_id for c in result.cases]
    # A confidential row's text is shown with its reporter cut out (P2.11).
    columns = (*SIMILAR_COLUMNS, "confidential", *disclosure.ROW_IDENTITY)
    rows = {r["id"]: r for r in Complaint.objects.filter(pk__in=ids).values(*columns)}
    items = [
        {
            **{name: rows[c.complaint_id][name] for name in SIMILAR_COLUMNS},
            "content": disclosure.row_content(rows[c.complaint_id]),
            "similarity": c.similarity,
            "reasons": list(c.reasons),
        }
        for c in result.cases
        if c.complaint_id in rows
    ]
    return {"items": items, "same_phone": result.same_phone, "same_place": result.same_place}


@router.post(
    "/search/similar", response={200: SimilarPage, **ERRORS}, summary="Similar cases for a case being registered"
)
def similar_to_draft(request: HttpRequest, payload: DraftIn) -> dict[str, Any]:
    """Open and recent cases from the same phone, the same unit/address, or with similar
    text: what the registration form shows while the receptionist types."""
    draft = similar.Draft(
        content=payload.content,
        request=payload.request,
        phones=(payload.complainant_phone, payload.complainant_alt_phone),
        address=payload.complainant_address,
        unit=payload.complainant_unit,
    )
    return _similar_page(similar.similar_cases(request.user, draft))


@router.get("/complaints/{number}/similar", response={200: SimilarPage, **ERRORS}, summary="Cases similar to this one")
def similar_to_case(request: HttpRequest, number: str) -> dict[str, Any]:
    """For the case page: candidates for a merge into the earlier case (`merge`)."""
    complaint = scope.visible_case(number, request.user, base=selectors.case_rows())
    return _similar_page(similar.similar_cases(request.user, similar.draft_of(complaint)))


class SuggestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    policy: str
    content: str = Field(min_length=1, max_length=20000)
    request: str = Field(default="", max_length=5000)
    channel: Channel | None = None
    kind: Kind | None = None
    category: str | None = Field(default=None, description="Already chosen: kept, and used for the department")


class SuggestionOut(BaseModel):
    field: str
    value: Any
    reason: str
    matched: list[str]
    rule: str
    clause: str


class SuggestOut(BaseModel):
    policy: str
    suggestions: dict[str, SuggestionOut]


@router.post("/search/suggest", response={200: SuggestOut, **ERRORS}, summary="Suggested classification and routing")
def suggest_for_text(request: HttpRequest, payload: SuggestIn) -> dict[str, Any]:
    """Category, urgency, severity, equipment type, quality and department suggested from
    the text by the policy's rules, each with its reason (the words matched or the rule)."""
    try:
        spec = spec_of_version(current_version_id(payload.policy))
    except UnknownPolicy:
        raise InvalidInput(_("No such policy."), details={"policy": [_("No such policy.")]}) from None
    given = {"channel": payload.channel, "kind": payload.kind, "category": payload.category}
    found = suggest(spec, f"{payload.content}\n{payload.request}", given)
    return {"policy": spec.name, "suggestions": {name: vars(s) for name, s in found.items()}}
