"""Access-log endpoints for auditors, and the deliberate reveal of a case's personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from tousu.api import render
from tousu.api.schemas import ERRORS, ComplaintDetail
from tousu.audit import search
from tousu.cases import personal, scope, selectors

router = Router()


class EntryOut(Schema):
    at: dt.datetime
    username: str
    action: str
    number: str
    reason: str
    detail: dict[str, Any]


@router.get("/audit/access-log", response={200: list[EntryOut], **ERRORS}, summary="The access log (auditors)")
def access_log(request: HttpRequest, filters: Query[search.LogFilters]) -> list[Any]:
    """Who viewed, revealed, exported or printed personal data, and denied attempts on cases
    outside a user's scope, newest first."""
    search.check_reader(request.user)
    return list(search.entries(filters))


class RevealIn(Schema):
    reason: str = Field(min_length=1, max_length=500)


@router.post(
    "/complaints/{number}/reveal",
    response={200: ComplaintDetail, **ERRORS},
    summary="Show the complainant's personal data, with a reason (logged)",
)
def reveal(request: HttpRequest, number: str, payload: RevealIn) -> dict[str, Any]:
    complaint = scope.visible_case(number, request.user, base=selectors.case_rows())
    personal.reveal(complaint, request.user, payload.reason)
    return render.detail(complaint, request.user)
