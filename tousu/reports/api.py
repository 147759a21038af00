"""Report endpoints under /api/v1/reports: the month's figures as JSON, any report
document as a file, and the analysis sections of the monthly report (R03)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from tousu.api.schemas import ERRORS
from tousu.cases.errors import InvalidInput
from tousu.reports import access, export_access, generate, notes
from tousu.reports import period as periods
from tousu.reports.monthly import monthly_statistics
from tousu.reports.serialize import statistics_json

router = Router()


class ScopeQuery(Schema):
    period: str
    policy: str | None = None
    department: str | None = None
    # A unit code (an office, a company): its cases and those of every unit under it.
    unit: str | None = None


def _period(text: str) -> periods.Period:
    try:
        return periods.parse(text)
    except periods.BadPeriod as error:
        raise InvalidInput(str(error), details={"period": [str(error)]}) from None


@router.get("/statistics", response={200: dict[str, Any], **ERRORS}, summary="A period's figures (KH-07-R02)")
def statistics(request: HttpRequest, query: Query[ScopeQuery]) -> dict[str, Any]:
    """Every figure of the monthly statistics for a period (`2026-10`, `2026Q4` or
    `2026-10-01..2026-10-15`), a policy, a department and a unit (rolled up over its
    subtree); rates with numerator and denominator (definitions in docs/reports.md)."""
    scope = access.scope_for(request.user, _period(query.period), query.policy, query.department, query.unit)
    return statistics_json(monthly_statistics(scope))


@router.get("/documents/{report}/{fmt}", response={200: None, **ERRORS}, summary="A report document as a file")
def document(request: HttpRequest, report: str, fmt: str, query: Query[ScopeQuery]) -> HttpResponse:
    """`report`: monthly_statistics (xlsx, csv), monthly_analysis (docx, pdf), monthly_deck
    (pptx), quarterly_summary (docx, pdf, xlsx), customer_summary (xlsx, csv), case_register
    (xlsx, csv)."""
    generate.check(report, fmt)
    scope = access.scope_for(request.user, _period(query.period), query.policy, query.department, query.unit)
    export_access.check_export(request.user, report)
    made = generate.generate(report, fmt, scope)
    export_access.exported(request.user, report, fmt, scope)
    response = HttpResponse(made.data, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response


class NoteOut(Schema):
    policy: str
    period: str
    department: str
    unit: str
    analysis: str
    proposals: str
    version: int


class NoteIn(Schema):
    period: str
    policy: str
    department: str | None = None
    unit: str | None = None
    analysis: str = ""
    proposals: str = ""
    version: int = 0


def _note_out(note: Any) -> dict[str, Any]:
    return {
        "policy": note.policy_name,
        "period": note.period,
        "department": note.department_code,
        "unit": note.unit_code,
        "analysis": note.analysis,
        "proposals": note.proposals,
        "version": note.version,
    }


@router.get("/analysis", response={200: NoteOut, **ERRORS}, summary="The analysis sections of a monthly report")
def read_note(request: HttpRequest, query: Query[ScopeQuery]) -> dict[str, Any]:
    scope = access.scope_for(request.user, _period(query.period), query.policy, query.department, query.unit)
    return _note_out(notes.note_for(scope))


@router.put("/analysis", response={200: NoteOut, **ERRORS}, summary="Save the analysis and improvement proposals")
def write_note(request: HttpRequest, payload: NoteIn) -> dict[str, Any]:
    """Send back the `version` you read: a save over someone else's is refused (409)."""
    scope = access.scope_for(request.user, _period(payload.period), payload.policy, payload.department, payload.unit)
    if not access.can_write_notes(request.user):
        raise InvalidInput(_("You cannot write this analysis."))
    user = request.user if isinstance(request.user, User) else None
    note = notes.save_note(
        scope,
        analysis=payload.analysis,
        proposals=payload.proposals,
        version=payload.version,
        user=user,
    )
    return _note_out(note)
