"""Registration for phone and counter intake: the policy's form, the caller's earlier
cases as they type the phone, the urgent flag suggested from the category (P4.7.1),
attachments by drag and drop; on save the number and code to read out."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.cases import attachments, directory, intake, personal, scope, selectors
from tousu.cases.errors import DomainError, NotFound
from tousu.cases.models import Complaint
from tousu.policies.schema import Policy as PolicySpec
from tousu.search.similar import Draft, SimilarResult, similar_cases
from tousu.search.suggest.engine import suggest
from tousu.web import queues
from tousu.web.desk import Desk
from tousu.web.present import case_row, spec_named
from tousu.web.registration import (
    RegistrationForm,
    confidential_by_default,
    suggestion_rows,
    title,
    urgent_suggested,
)
from tousu.web.views.common import desk_view, page

HISTORY_ROWS = 8
MAX_TEXT = 5000
ROWS = queues.ROW_COLUMNS


def _spec(desk: Desk, name: str | None) -> PolicySpec:
    """The policy registering under: one of my organisations' (the first position's by
    default); another organisation's form is not mine to fill in."""
    spec = spec_named(name) if name else desk.home_policy
    if spec is None or spec.name not in {p.name for p in desk.policies}:
        raise Http404
    return spec


def _check_files(files: list[UploadedFile]) -> str:
    """Refuse before registering, so that a bad file never leaves a half-saved intake."""
    limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
    for upload in files:
        if (upload.size or 0) > limit:
            return _("“%(name)s” is larger than %(size)s.") % {"name": upload.name, "size": filesizeformat(limit)}
        if not upload.size:
            return _("“%(name)s” is empty.") % {"name": upload.name}
    return ""


@desk_view
def register_page(request: HttpRequest, desk: Desk) -> HttpResponse:
    spec = _spec(desk, request.POST.get("policy") or request.GET.get("policy"))
    status = 200
    files_error = ""
    if request.method == "POST":
        form = RegistrationForm(spec, request.POST, user=desk.user)
        files = request.FILES.getlist("attachments")
        files_error = _check_files(files)
        if form.is_valid() and not files_error:
            token = form.cleaned_data["token"]
            try:
                done = intake.register(
                    form.payload(), actor=desk.user, idempotency=(f"user:{desk.user.pk}", f"desk:{token}")
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
                for name, problems in error.details.items():
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, str(problem))
                status = error.status
            else:
                if done.created:
                    for upload in files:
                        attachments.add(
                            done.complaint, upload, actor=desk.user, limit=settings.TOUSU_ATTACHMENT_MAX_BYTES
                        )
                return HttpResponseRedirect(reverse("web:registered", args=[done.complaint.number]))
        else:
            status = 422
    else:
        form = RegistrationForm(spec, user=desk.user)
    kind = form["kind"].value() if "kind" in form.fields else None
    context = {
        "confidential_default": confidential_by_default(spec, kind),
        "nav": "register",
        "form": form,
        "spec": spec,
        "policy_title": title(spec),
        "policies": [(p.name, title(p)) for p in desk.policies],
        "files_error": files_error,
    }
    return page(request, desk, "web/register.html", context, status=status)


@desk_view
def urgent_hint(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The urgent suggestion for the chosen category (htmx fragment, P4.7.1)."""
    spec = _spec(desk, request.GET.get("policy"))
    suggested = urgent_suggested(spec, request.GET.get("category", ""))
    return page(request, desk, "web/parts/urgent_field.html", {"suggested": suggested, "checked": suggested})


@desk_view
def confidential_field(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The confidentiality choice for the chosen kind (htmx fragment, P2.11): on for the
    kinds the policy keeps confidential, with the reporter's waiver."""
    spec = _spec(desk, request.GET.get("policy"))
    by_default = confidential_by_default(spec, request.GET.get("kind") or None)
    context = {"checked": by_default, "by_default": by_default, "waiver": spec.confidentiality.waiver}
    return page(request, desk, "web/parts/confidential_field.html", context)


@desk_view
def mentions(request: HttpRequest, desk: Desk) -> HttpResponse:
    """Staff and units of the directory named in the report as it is typed, offered to
    confirm as the party reported (P2.11; tousu.cases.directory)."""
    spec = _spec(desk, request.GET.get("policy"))
    names = ("subject_person", "subject_department", "subject_org", "content", "request")
    text = "\n".join(request.GET.get(name, "")[:MAX_TEXT] for name in names)
    found = [m.as_dict() for m in directory.mentions(desk.user, spec, text)] if text.strip() else None
    return page(request, desk, "web/parts/mentions.html", {"found": found})


def _draft(request: HttpRequest) -> Draft:
    get = request.GET
    return Draft(
        content=get.get("content", "")[:MAX_TEXT],
        request=get.get("request", "")[:MAX_TEXT],
        phones=tuple(p for p in (get.get("complainant_phone", ""), get.get("complainant_alt_phone", "")) if p.strip()),
        address=get.get("complainant_address", "").strip()[:200],
        unit=get.get("complainant_unit", "").strip()[:100],
    )


def _similar_rows(result: SimilarResult, user: Any) -> list[dict[str, Any]]:
    ids = [c.complaint_id for c in result.cases]
    rows = {r["id"]: r for r in Complaint.objects.filter(pk__in=ids).values(*ROWS)}
    now = timezone.now()
    return [
        {**case_row(rows[c.complaint_id], now, user), "similarity": c.similarity, "reasons": c.reasons}
        for c in result.cases
        if c.complaint_id in rows
    ]


@desk_view
def caller(request: HttpRequest, desk: Desk) -> HttpResponse:
    """As the receptionist types: the caller's open and recent cases (repeat complainant),
    the open and recent cases at the same unit/address, and cases with similar text
    (tousu.search.similar, docs/search.md), each a candidate for a merge."""
    draft = _draft(request)
    found = similar_cases(desk.user, draft, limit=HISTORY_ROWS * 2)
    rows = _similar_rows(found, desk.user)
    context = {
        "earlier": [r for r in rows if "same_phone" in r["reasons"]],
        "same_unit": [r for r in rows if "same_place" in r["reasons"]],
        "similar": [r for r in rows if r["reasons"] == ("similar_text",)],
        "same_phone_count": found.same_phone,
        "same_place_count": found.same_place,
        "phone": next(iter(draft.phones), ""),
        "unit": " ".join(p for p in (draft.address, draft.unit) if p),
        "typed": bool(draft.phones or draft.unit or draft.address or draft.content.strip()),
    }
    return page(request, desk, "web/parts/caller.html", context)


@desk_view
def suggestions(request: HttpRequest, desk: Desk) -> HttpResponse:
    """Suggested category, urgency, severity, equipment type, quality and department for
    the text typed so far, each with its reason (tousu.search.suggest), for the
    receptionist to confirm or change."""
    spec = _spec(desk, request.GET.get("policy"))
    text = "\n".join(request.GET.get(name, "")[:MAX_TEXT] for name in ("content", "request")).strip()
    given = {name: request.GET.get(name, "") for name in ("category", "kind", "channel")}
    found = suggest(spec, text, given) if text else {}
    return page(request, desk, "web/parts/suggestions.html", {"rows": suggestion_rows(spec, found)})


@desk_view
def registered(request: HttpRequest, desk: Desk, number: str) -> HttpResponse:
    try:
        complaint = personal.protect(scope.visible_case(number, desk.user, base=selectors.case_rows()), desk.user)
    except NotFound:
        raise Http404 from None
    return page(request, desk, "web/registered.html", {"c": complaint, "nav": "register"})
