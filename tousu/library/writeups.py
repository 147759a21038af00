"""Case write-ups (编写案例, P1.6): written from a closed case with the personal data
removed (P2.11), reviewed by someone other than the author, published, searched, and
exported as a Word document for training new staff.

`perform` is the one write path after `draft_from_case`/`create`; each change leaves a
History row. Every text is scrubbed on every write, so no edit can put a reporter back."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field

from tousu.cases import vocab
from tousu.cases.errors import ActionRefused, Conflict, Forbidden, NotFound
from tousu.cases.models import Complaint
from tousu.cases.scope import visible_case, visible_cases
from tousu.improve import access, history
from tousu.improve.validation import validated
from tousu.library.models import WriteUp, WriteUpState
from tousu.library.redact import scrub
from tousu.search import segment

SUBJECT = "writeup"
TEXTS = ("title", "facts", "handling", "skills", "lesson")


class WriteUpInput(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    facts: str = Field(min_length=1, max_length=20000)
    handling: str = Field(default="", max_length=20000)
    skills: str = Field(default="", max_length=5000)
    lesson: str = Field(default="", max_length=5000)
    tags: list[str] = Field(default_factory=list, max_length=20)
    category: str = Field(default="", max_length=64)


class EditInput(WriteUpInput):
    version: int | None = None


class StepInput(BaseModel):
    version: int | None = None
    note: str = Field(default="", max_length=2000)


INPUTS: dict[str, type[BaseModel]] = {
    "edit": EditInput,
    "submit": StepInput,
    "publish": StepInput,
    "return": StepInput,
    "withdraw": StepInput,
}
MOVES: dict[str, tuple[frozenset[str], str]] = {
    "edit": (frozenset({WriteUpState.DRAFT}), WriteUpState.DRAFT),
    "submit": (frozenset({WriteUpState.DRAFT}), WriteUpState.IN_REVIEW),
    "publish": (frozenset({WriteUpState.IN_REVIEW}), WriteUpState.PUBLISHED),
    "return": (frozenset({WriteUpState.IN_REVIEW}), WriteUpState.DRAFT),
    "withdraw": (frozenset({WriteUpState.PUBLISHED}), WriteUpState.WITHDRAWN),
}
REVIEW_ACTIONS = {"publish", "return", "withdraw"}


def _words(w: WriteUp) -> str:
    text = " ".join([w.title, w.facts, w.handling, w.skills, w.lesson, " ".join(w.tags)])
    tokens = segment.index_tokens(text) | {segment.normalise(t) for t in w.tags}
    return f" {segment.joined(tokens)} "


def _clean_tags(tags: list[str]) -> list[str]:
    # A tag is one indexed word: no spaces inside.
    return sorted({"-".join(t.split())[:32] for t in tags if t.strip()})


def suggested(case: Complaint) -> dict[str, Any]:
    """A first draft from a closed case: its facts and handling, personal data removed."""
    facts = case.content + (f"\n{case.request}" if case.request else "")
    handling = "\n".join(
        part
        for part in (
            case.handling_plan,
            str(vocab.Outcome(case.outcome).label) if case.outcome else "",
            case.improvement_plan,
        )
        if part
    )
    title = case.category or case.number
    return {
        "title": scrub(title, [case]),
        "facts": scrub(facts, [case]),
        "handling": scrub(handling, [case]),
        "category": case.category,
    }


def create(data: WriteUpInput | dict[str, Any], actor: Any, source_number: str = "") -> WriteUp:
    """A write-up for the organisation of its case (or of its author, without a case)."""
    what = _("write case write-ups")
    organisations = access.require(actor, access.STAFF, what)
    payload = validated(WriteUpInput, data)
    source = None
    if source_number:
        source = visible_cases(actor).filter(number=source_number, organisation_id__in=organisations).first()
        if source is None:
            raise NotFound(_("No such case: %(numbers)s.") % {"numbers": source_number})
        if source.is_open:
            raise ActionRefused(_("Only a closed case is written up (P1.6)."), code="wrong_state")
    cases = [source] if source else []
    with transaction.atomic():
        w = WriteUp(
            organisation_id=source.organisation_id if source else access.home_organisation(actor, access.STAFF, what),
            source=source,
            policy_name=source.policy_name if source else "",
            category=payload.category or (source.category if source else ""),
            tags=_clean_tags(payload.tags),
            author=actor,
            **{name: scrub(getattr(payload, name), cases) for name in TEXTS},
        )
        w.words = _words(w)
        w.save()
        history.record(SUBJECT, w, "create", actor, {"case": source_number})
    return w


def draft_from_case(number: str, actor: Any) -> WriteUp:
    case = visible_case(number, actor)
    return create(suggested(case), actor, source_number=number)


def perform(w: WriteUp, name: str, data: Any, actor: Any) -> WriteUp:
    if name not in INPUTS:
        raise NotFound(_("No such action."))
    payload = validated(INPUTS[name], data)
    sources, target = MOVES[name]
    with transaction.atomic():
        current = WriteUp.objects.select_related("source").get(pk=w.pk)
        if payload.version is not None and payload.version != current.version:
            raise Conflict(_("Someone changed this write-up since you read it. Reload it."))
        if current.state not in sources:
            raise ActionRefused(
                _("Not possible now: the write-up is “%(state)s”.") % {"state": WriteUpState(current.state).label},
                code="wrong_state",
            )
        if name in REVIEW_ACTIONS:
            access.require_in(actor, access.ISSUERS, _("review case write-ups"), current.organisation_id)
            if name != "withdraw" and current.author_id == actor.pk:
                raise Forbidden(_("Someone other than the author reviews a write-up."), code="own_writeup")
        elif current.author_id != actor.pk:
            raise Forbidden(_("Only the author edits or submits a write-up."), code="not_author")
        changes: dict[str, Any] = {"state": target}
        if name == "edit":
            cases = [current.source] if current.source else []
            for field in TEXTS:
                setattr(current, field, scrub(getattr(payload, field), cases))
                changes[field] = getattr(current, field)
            current.tags = changes["tags"] = _clean_tags(payload.tags)
            changes["category"] = payload.category or current.category
            changes["words"] = _words(current)
        if name == "publish":
            changes.update(reviewer=actor, published_at=timezone.now())
        updated = WriteUp.objects.filter(pk=current.pk, version=current.version).update(
            version=current.version + 1, **changes
        )
        if updated != 1:
            raise Conflict(_("Someone changed this write-up since you read it. Reload it."))
        data_out = {"state": target}
        if getattr(payload, "note", ""):
            data_out["note"] = payload.note
        history.record(SUBJECT, current, name, actor, data_out)
    return WriteUp.objects.get(pk=w.pk)


def visible(actor: Any) -> QuerySet[WriteUp]:
    """The write-ups of `actor`'s organisations: the published ones for everyone there,
    drafts and those in review for their author and the organisation's reviewers."""
    organisations = access.require(actor, access.STAFF, _("read the case library"))
    reviewing = access.organisations(actor, access.ISSUERS)
    unpublished = Q(author=actor) | Q(organisation_id__in=reviewing)
    return WriteUp.objects.filter(
        Q(organisation_id__in=organisations) & (Q(state=WriteUpState.PUBLISHED) | unpublished)
    )


def may_review(w: WriteUp, actor: Any) -> bool:
    return access.holds(actor, access.ISSUERS, w.organisation_id)


def get(actor: Any, pk: int) -> WriteUp:
    found = visible(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such write-up."))
    return found


def search(qs: QuerySet[WriteUp], text: str = "", tag: str = "", category: str = "") -> QuerySet[WriteUp]:
    """Every word of `text` must occur (segmented like the case search); then tag and category."""
    for word in segment.query_words(text):
        qs = qs.filter(words__contains=f" {word} ")
    if tag:
        # JSON containment is not on SQLite; a tag is also one of the indexed words.
        qs = qs.filter(words__contains=f" {segment.normalise(tag.strip())} ")
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("-published_at", "-id")
