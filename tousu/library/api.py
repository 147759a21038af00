"""Case library endpoints under /api/v1/library/: write-ups, their Word export, and the
reply templates and handling guides of a case."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from pydantic import BaseModel

from tousu.api.schemas import ERRORS
from tousu.cases import personal
from tousu.cases.scope import visible_case
from tousu.improve.download import word_response
from tousu.library import export, present, replies, writeups
from tousu.library.models import WriteUpState

router = Router()


class CreateInput(writeups.WriteUpInput):
    case: str = ""


@router.post("/writeups", response={201: dict[str, Any], **ERRORS}, summary="Write a case up (P1.6)")
def create(request: HttpRequest, payload: CreateInput) -> Status[dict[str, Any]]:
    data = payload.model_dump(exclude={"case"})
    return Status(201, present.detail(writeups.create(data, request.user, source_number=payload.case)))


@router.post(
    "/writeups/from-case/{number}",
    response={201: dict[str, Any], **ERRORS},
    summary="A draft write-up from a closed case, personal data removed",
)
def from_case(request: HttpRequest, number: str) -> Status[dict[str, Any]]:
    return Status(201, present.detail(writeups.draft_from_case(number, request.user)))


@router.get("/writeups", summary="Search the case library")
def search(request: HttpRequest, q: str = "", tag: str = "", category: str = "", state: str = "") -> dict[str, Any]:
    qs = writeups.search(writeups.visible(request.user), q[:200], tag, category)
    if state in WriteUpState.values:
        qs = qs.filter(state=state)
    return {"items": [present.summary(w) for w in qs[:200]]}


@router.get("/writeups/export.docx", summary="Published write-ups as a Word document for training")
def export_docx(request: HttpRequest, q: str = "", tag: str = "", category: str = "", ids: str = "") -> HttpResponse:
    qs = writeups.search(writeups.visible(request.user), q[:200], tag, category).filter(state=WriteUpState.PUBLISHED)
    wanted = [int(i) for i in ids.split(",") if i.strip().isdigit()]
    if wanted:
        qs = qs.filter(pk__in=wanted)
    return word_response(export.writeups_docx(qs[:500]), "case-library.docx")


@router.get("/writeups/{pk}", response={200: dict[str, Any], **ERRORS}, summary="A write-up with its history")
def show(request: HttpRequest, pk: int) -> dict[str, Any]:
    return present.detail(writeups.get(request.user, pk))


@router.post("/writeups/{pk}/edit", response={200: dict[str, Any], **ERRORS}, summary="The author edits a draft")
def edit(request: HttpRequest, pk: int, payload: writeups.EditInput) -> dict[str, Any]:
    return present.detail(writeups.perform(writeups.get(request.user, pk), "edit", payload, request.user))


@router.post(
    "/writeups/{pk}/{action}", response={200: dict[str, Any], **ERRORS}, summary="submit, publish, return or withdraw"
)
def step(request: HttpRequest, pk: int, action: str, payload: writeups.StepInput) -> dict[str, Any]:
    return present.detail(writeups.perform(writeups.get(request.user, pk), action, payload, request.user))


class AidsOut(BaseModel):
    templates: list[dict[str, Any]]
    guides: list[dict[str, Any]]


@router.get(
    "/complaints/{number}/aids",
    response={200: AidsOut, **ERRORS},
    summary="Reply templates filled in and handling guides",
)
def aids(request: HttpRequest, number: str, language: str = "") -> dict[str, Any]:
    # Filled in from the case as this user may see it (masked, or absent for a confidential reporter).
    complaint = personal.protect(visible_case(number, request.user), request.user)
    return {
        "templates": [
            {"id": t.pk, "name": t.name, "reply_kind": t.reply_kind, "text": replies.render(t, complaint)}
            for t in replies.templates_for(complaint, language or None)
        ],
        "guides": [{"title": g.title, "body": g.body} for g in replies.guides_for(complaint, language or None)],
    }
