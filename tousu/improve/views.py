"""Desk pages for corrective actions: the list with the overdue ones first, issuing a
notice, one action's page with its answer/verify/extend forms, and the Word notice."""

from __future__ import annotations

from django import forms as django_forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.cases.errors import DomainError, NotFound
from tousu.improve import access, corrective, present
from tousu.improve.download import word_response
from tousu.improve.forms import AnswerForm, ExtendForm, IssueForm, VerifyForm, refused
from tousu.improve.models import CorrectiveAction, CorrectiveState
from tousu.improve.notice import notice_docx
from tousu.web.desk import Desk
from tousu.web.views.common import desk_view, page

STEP_FORMS: dict[str, type[django_forms.Form]] = {"answer": AnswerForm, "verify": VerifyForm, "extend": ExtendForm}
STEP_LABELS = {
    "answer": _("Answer with the cause and the measures"),
    "verify": _("Verify the effect"),
    "extend": _("Move the answer date"),
}


def _found(desk: Desk, pk: int) -> CorrectiveAction:
    try:
        return corrective.get(desk.user, pk)
    except (NotFound, DomainError):
        raise Http404 from None


@desk_view
def action_list(request: HttpRequest, desk: Desk) -> HttpResponse:
    try:
        qs = corrective.visible(desk.user)
    except DomainError:
        raise Http404 from None
    state = request.GET.get("state", "")
    listed = qs.order_by("-issued_at", "-id")
    if state in CorrectiveState.values:
        listed = listed.filter(state=state)
    context = {
        "nav": "improve",
        "overdue": [present.summary(a) for a in corrective.overdue(qs)[:100]],
        "actions": [present.summary(a) for a in listed[:100]],
        "states": CorrectiveState.choices,
        "state": state,
        "can_issue": access.can(desk.user, access.ISSUERS),
    }
    return page(request, desk, "improve/list.html", context)


@desk_view
def issue(request: HttpRequest, desk: Desk) -> HttpResponse:
    if not access.can(desk.user, access.ISSUERS):
        raise Http404
    departments = access.department_choices(desk.user, access.ISSUERS)
    error = ""
    if request.method == "POST":
        form = IssueForm(request.POST, departments=departments)
        if form.is_valid():
            try:
                made = corrective.issue(form.payload(), desk.user)
            except DomainError as exc:
                error = refused(form, exc)
            else:
                return HttpResponseRedirect(reverse("improve:detail", args=[made.pk]))
        else:
            error = _("Please correct the fields below.")
    else:
        initial = {"cases": request.GET.get("cases", ""), "department": request.GET.get("department")}
        form = IssueForm(initial=initial, departments=departments)
    context = {"nav": "improve", "form": form, "error": error}
    return page(request, desk, "improve/issue.html", context, status=422 if error else 200)


def _step_forms(action: CorrectiveAction, bound: dict[str, django_forms.Form] | None = None) -> list[tuple]:
    out = []
    for name in corrective.SOURCES:
        if action.state not in corrective.SOURCES[name]:
            continue
        form = (bound or {}).get(name) or STEP_FORMS[name](initial={"version": action.version})
        out.append((name, STEP_LABELS[name], form))
    return out


def _detail(request: HttpRequest, desk: Desk, action: CorrectiveAction, **extra: object) -> HttpResponse:
    status = int(extra.pop("status", 200))  # type: ignore[call-overload]
    context = {
        "nav": "improve",
        "a": present.detail(action),
        "steps": _step_forms(action, extra.pop("bound", None)),  # type: ignore[arg-type]
        **extra,
    }
    return page(request, desk, "improve/detail.html", context, status=status)


@desk_view
def detail(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    return _detail(request, desk, _found(desk, pk), done=request.GET.get("done", ""))


@require_POST
@desk_view
def act(request: HttpRequest, desk: Desk, pk: int, step: str) -> HttpResponse:
    if step not in STEP_FORMS:
        raise Http404
    action = _found(desk, pk)
    form = STEP_FORMS[step](request.POST)
    if not form.is_valid():
        return _detail(
            request, desk, action, bound={step: form}, error=_("Please correct the fields below."), status=422
        )
    try:
        corrective.perform(action, step, form.cleaned_data, desk.user)
    except DomainError as exc:
        message = refused(form, exc)
        return _detail(request, desk, _found(desk, pk), bound={step: form}, error=message, status=exc.status)
    return HttpResponseRedirect(reverse("improve:detail", args=[pk]) + "?done=" + step)


@desk_view
def notice(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    action = _found(desk, pk)
    return word_response(notice_docx(action), f"{action.number}.docx")
