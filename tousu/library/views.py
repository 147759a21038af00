"""Desk pages of the case library: search, a write-up with its review steps, writing one
(from a closed case, personal data removed), the Word export, and a reply template
filled in for a case (loaded into the case page's reply form)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.cases import personal
from tousu.cases.errors import DomainError
from tousu.cases.scope import visible_cases
from tousu.improve.download import word_response
from tousu.improve.forms import refused
from tousu.library import export, present, replies, writeups
from tousu.library.forms import StepForm, WriteUpForm
from tousu.library.models import WriteUp, WriteUpState
from tousu.web import case_view
from tousu.web.desk import Desk
from tousu.web.views.common import desk_view, is_htmx, page

STEP_LABELS = {
    "submit": _("Submit for review"),
    "publish": _("Publish"),
    "return": _("Return to the author"),
    "withdraw": _("Withdraw"),
}


def _found(desk: Desk, pk: int) -> WriteUp:
    try:
        return writeups.get(desk.user, pk)
    except DomainError:
        raise Http404 from None


def _query(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "")[:200] for k in ("q", "tag", "category")}


@desk_view
def library(request: HttpRequest, desk: Desk) -> HttpResponse:
    try:
        qs = writeups.visible(desk.user)
    except DomainError:
        raise Http404 from None
    query = _query(request)
    found = writeups.search(qs, query["q"], query["tag"], query["category"])
    context = {
        "nav": "library",
        "query": query,
        "export": request.GET.urlencode(),
        "published": [present.summary(w) for w in found.filter(state=WriteUpState.PUBLISHED)[:100]],
        "mine": [present.summary(w) for w in qs.exclude(state=WriteUpState.PUBLISHED).order_by("-id")[:50]],
    }
    return page(request, desk, "library/list.html", context)


@desk_view
def export_docx(request: HttpRequest, desk: Desk) -> HttpResponse:
    query = _query(request)
    qs = writeups.search(writeups.visible(desk.user), query["q"], query["tag"], query["category"])
    data = export.writeups_docx(qs.filter(state=WriteUpState.PUBLISHED)[:500])
    return word_response(data, "case-library.docx")


@desk_view
def write(request: HttpRequest, desk: Desk) -> HttpResponse:
    """A new write-up; ?case=NUMBER starts from that closed case, personal data removed."""
    number = (request.POST.get("case") or request.GET.get("case") or "").strip()
    error = ""
    if request.method == "POST":
        form = WriteUpForm(request.POST)
        if form.is_valid():
            try:
                made = writeups.create(form.payload(), desk.user, source_number=number)
            except DomainError as exc:
                error = refused(form, exc)
            else:
                return HttpResponseRedirect(reverse("library:detail", args=[made.pk]))
        else:
            error = _("Please correct the fields below.")
    else:
        initial = {}
        case = visible_cases(desk.user).filter(number=number).first() if number else None
        if case is not None:
            initial = writeups.suggested(case)
        form = WriteUpForm(initial=initial)
    context = {"nav": "library", "form": form, "error": error, "case": number}
    return page(request, desk, "library/write.html", context, status=422 if error else 200)


def _steps(w: WriteUp, desk: Desk) -> list[tuple[str, str, StepForm]]:
    reviewer = writeups.may_review(w, desk.user)
    out = []
    for name, (sources, _target) in writeups.MOVES.items():
        if name == "edit" or w.state not in sources:
            continue
        if name in writeups.REVIEW_ACTIONS and not reviewer:
            continue
        if name not in writeups.REVIEW_ACTIONS and w.author_id != desk.user.pk:
            continue
        out.append((name, str(STEP_LABELS[name]), StepForm(initial={"version": w.version})))
    return out


def _detail(request: HttpRequest, desk: Desk, w: WriteUp, status: int = 200, **extra: object) -> HttpResponse:
    editable = w.state == WriteUpState.DRAFT and w.author_id == desk.user.pk
    edit_form = extra.pop("edit_form", None)
    if editable and edit_form is None:
        edit_form = WriteUpForm(initial={**present.detail(w), "tags": ", ".join(w.tags), "version": w.version})
    context = {"nav": "library", "w": present.detail(w), "steps": _steps(w, desk), "edit_form": edit_form, **extra}
    return page(request, desk, "library/detail.html", context, status=status)


@desk_view
def detail(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    return _detail(request, desk, _found(desk, pk), done=request.GET.get("done", ""))


@require_POST
@desk_view
def act(request: HttpRequest, desk: Desk, pk: int, step: str) -> HttpResponse:
    if step not in writeups.MOVES:
        raise Http404
    w = _found(desk, pk)
    form = WriteUpForm(request.POST) if step == "edit" else StepForm(request.POST)
    if not form.is_valid():
        return _detail(request, desk, w, 422, error=_("Please correct the fields below."), edit_form=form)
    data = form.payload() if isinstance(form, WriteUpForm) else form.cleaned_data
    try:
        writeups.perform(w, step, data, desk.user)
    except DomainError as exc:
        message = refused(form, exc)
        return _detail(request, desk, _found(desk, pk), exc.status, error=message)
    return HttpResponseRedirect(reverse("library:detail", args=[pk]) + "?done=" + step)


@desk_view
def use_template(request: HttpRequest, desk: Desk, pk: int, number: str) -> HttpResponse:
    """The case's reply form with this template's text filled in from the case."""
    complaint = visible_cases(desk.user).filter(number=number).first()
    # Only a template offered on this case: never one of another organisation or policy.
    template = next((t for t in replies.templates_for(complaint) if t.pk == pk), None) if complaint else None
    if complaint is None or template is None:
        raise Http404
    seen = request.GET.get("version", "")
    found = case_view.panel(complaint, desk, "reply", int(seen) if seen.isdigit() else None)
    if found is None or found.form is None:
        message = _("This action is not open to you now. Reload the case.")
        return page(request, desk, "web/parts/message.html", {"message": message}, status=409)
    found.form.initial["text"] = replies.render(template, personal.protect(complaint, desk.user))
    if template.reply_kind:
        found.form.initial["reply_kind"] = template.reply_kind
    context = {"p": found, "c": complaint, "nav": "case"}
    name = "web/parts/action_form.html" if is_htmx(request) else "web/action_page.html"
    return page(request, desk, name, context)
