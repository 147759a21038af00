"""Case endpoints: thin shells around tousu.cases (intake, actions, selectors)."""

from typing import Any, Literal

from django.conf import settings
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from pydantic import Field

from tousu.api import render
from tousu.api import search as search_api
from tousu.api.schemas import (
    ERRORS,
    ActionDone,
    AttachmentOut,
    ComplaintCreated,
    ComplaintDetail,
    ComplaintPage,
    download,
)
from tousu.cases import actions, attachments, disclosure, intake, personal, scope, selectors
from tousu.cases.errors import NotFound
from tousu.cases.inputs import ACTION_INPUTS, RegisterInput
from tousu.cases.labels import ACTION_LABELS
from tousu.cases.lifecycle import MOVES
from tousu.search import rank
from tousu.search import service as search_service

router = Router()


@router.post("", response={201: ComplaintCreated, 200: ComplaintCreated, **ERRORS}, summary="Register a complaint")
def create(request: HttpRequest, payload: RegisterInput) -> Status[dict[str, Any]]:
    """Registers a case. Send an `Idempotency-Key` header to make retries safe: the same
    key returns the first case and the first answer, never a second case."""
    key = request.headers.get("Idempotency-Key")
    idempotency = (f"user:{request.user.pk}", key[:200]) if key else None
    done = intake.register(payload, actor=request.user, idempotency=idempotency, render=render.created)
    body = done.body if done.body is not None else render.created(done.complaint)
    return Status(done.status, body)


class ListQuery(selectors.CaseFilters):
    q: str | None = Field(
        default=None, description="Search words (Chinese or mixed), a phone or a tracking number; see tousu.search"
    )
    ordering: Literal["received", "due"] = "received"
    cursor: str | None = None
    limit: int = Field(default=50, ge=1, le=200)


@router.get("", response={200: ComplaintPage, **ERRORS}, summary="List complaints")
def list_cases(request: HttpRequest, query: Query[ListQuery]) -> dict[str, Any]:
    """Filters combine with AND. `ordering=due` gives the worklist order (nearest due first).
    Pages are keyset-paginated: pass `next_cursor` back as `cursor`.

    With `q` the list is a full-text search (Chinese words, a phone or a tracking number)
    within the other filters, best match first, each item with a highlighted snippet."""
    if query.q:
        return _search(request, query)
    qs = selectors.filtered(query, base=scope.visible_cases(request.user), viewer=request.user)
    qs = qs.values(*render.SUMMARY_COLUMNS)
    result = selectors.page(qs, query.ordering, query.cursor, query.limit)
    now = timezone.now()
    items = [render.summary_row(row, now, request.user) for row in result.items]
    return {"items": items, "next_cursor": result.next_cursor, "next": _next_link(request, result.next_cursor)}


def _next_link(request: HttpRequest, cursor: str | None) -> str | None:
    if not cursor:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return f"{request.path}?{params.urlencode()}"


def _search(request: HttpRequest, query: ListQuery) -> dict[str, Any]:
    offset = search_api.offset_of(query.cursor)
    result = search_service.search_cases(request.user, query.q or "", query, limit=query.limit, offset=offset)
    now = timezone.now()
    rows = search_service.hit_rows(result, render.SUMMARY_COLUMNS)  # with the personal fields: snippet_for
    words = result.query.words
    for row in rows:
        row["snippet"] = personal.snippet_for(row, request.user, row["snippet"], rank.snippet(row["content"], words))
    items = [{**render.summary_row(row, now, request.user), **search_api.hit_fields(row)} for row in rows]
    cursor = search_api.cursor_of(result.next_offset)
    return {"items": items, "next_cursor": cursor, "next": _next_link(request, cursor)}


def _case(request: HttpRequest, number: str) -> Any:
    # Out of scope answers exactly like a case that does not exist (tousu.cases.scope).
    return scope.visible_case(number, request.user, base=selectors.case_rows())


@router.get("/{number}", response={200: ComplaintDetail, **ERRORS}, summary="A case with its timeline and clocks")
def show(request: HttpRequest, number: str) -> dict[str, Any]:
    complaint = _case(request, number)
    body = render.detail(complaint, request.user)
    personal.log_view(complaint, request.user)
    return body


@router.post(
    "/{number}/attachments", response={201: AttachmentOut, **ERRORS}, summary="Attach a file (photo, scanned letter)"
)
def upload(
    request: HttpRequest,
    number: str,
    file: File[UploadedFile],
    confidential: Form[bool] = False,
) -> Status[dict[str, Any]]:
    """`confidential`: a restricted document, which only the need-to-know list of a
    confidential reporter sees (P2.11)."""
    complaint = _case(request, number)
    limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
    saved = attachments.add(complaint, file, actor=request.user, limit=limit, restricted=confidential)
    personal.shown(complaint, request.user)
    saved.name = personal.text_of(complaint, saved.name)
    return Status(201, render.attachment(saved, complaint.number))


@router.get(
    "/{number}/attachments/{token}",
    url_name="attachment_download",
    response=ERRORS,
    openapi_extra=download("application/octet-stream", "The file, always as a download"),
    summary="Download an attachment",
)
def download_attachment(request: HttpRequest, number: str, token: str) -> FileResponse:
    complaint = personal.shown(_case(request, number), request.user)
    # A restricted document answers like a missing one outside the need-to-know list (P2.11).
    found = disclosure.attachment(complaint, token)
    if found is None:
        raise NotFound(_("No such attachment."))
    return attachments.download(found)


def _action_endpoint(action: str) -> None:
    model = ACTION_INPUTS[action]
    move = MOVES[action]

    def endpoint(request: HttpRequest, number: str, payload: model) -> dict[str, Any]:  # type: ignore[valid-type]
        done = actions.perform(_case(request, number), action, payload, actor=request.user)
        # The answer shows the case after the action even if the action took it out of the
        # actor's scope (a transfer); their next read answers "no such case".
        complaint = selectors.complaint_by_number(number)
        body = render.detail(complaint, request.user)
        return {"complaint": body, "events": [render.event(e, complaint) for e in done.events]}

    endpoint.__name__ = f"action_{action}"
    router.post(
        f"/{{number}}/{action}",
        response={200: ActionDone, **ERRORS},
        summary=str(ACTION_LABELS[action]).capitalize(),
        description=f"Clause {move.clause}. " if move.clause else "",
        operation_id=f"complaint_{action}",
    )(endpoint)


for _name in ACTION_INPUTS:
    _action_endpoint(_name)
