"""Desk pages for improvement proposals (P1.5) and management reviews (P5.6)."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tousu.cases.errors import DomainError
from tousu.improve import access, present, proposals, reviews
from tousu.improve.forms import ProposalForm, refused
from tousu.org import reach
from tousu.web.desk import Desk
from tousu.web.views.common import desk_view, page

DECISIONS = {
    "accept": gettext_lazy("Accept"),
    "reject": gettext_lazy("Reject"),
    "implement": gettext_lazy("Implemented"),
}


class PlanForm(django_forms.Form):
    title = django_forms.CharField(label=gettext_lazy("Title"), max_length=200)
    period_start = django_forms.DateField(
        label=gettext_lazy("Period from"), widget=django_forms.DateInput(attrs={"type": "date"})
    )
    period_end = django_forms.DateField(
        label=gettext_lazy("Period to"), widget=django_forms.DateInput(attrs={"type": "date"})
    )


class MinutesForm(django_forms.Form):
    minutes = django_forms.CharField(label=gettext_lazy("Minutes"), widget=django_forms.Textarea(attrs={"rows": 6}))
    decisions = django_forms.CharField(
        label=gettext_lazy("Decisions (one a line)"), widget=django_forms.Textarea(attrs={"rows": 4}), required=False
    )


@desk_view
def proposal_list(request: HttpRequest, desk: Desk) -> HttpResponse:
    error = ""
    form = ProposalForm(initial={"cases": request.GET.get("cases", "")})
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                made = proposals.create(form.payload(), desk.user)
            except DomainError as exc:
                error = refused(form, exc)
            else:
                return HttpResponseRedirect(reverse("improve:proposal", args=[made.pk]))
        else:
            error = _("Please correct the fields below.")
    try:
        items = [present.proposal(p) for p in proposals.visible(desk.user)[:100]]
    except DomainError:
        raise Http404 from None
    context = {"nav": "proposals", "items": items, "form": form, "error": error}
    return page(request, desk, "improve/proposals.html", context, status=422 if error else 200)


@desk_view
def proposal_detail(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    try:
        found = proposals.get(desk.user, pk)
    except DomainError:
        raise Http404 from None
    is_owner = found.owner_id == desk.user.pk
    decider = proposals.may_decide(found, desk.user)
    steps = [
        (name, label)
        for name, label in DECISIONS.items()
        if found.state in proposals.MOVES[name][0] and (decider or (name == "implement" and is_owner))
    ]
    context = {"nav": "proposals", "p": present.proposal(found), "steps": steps, "error": request.GET.get("error", "")}
    return page(request, desk, "improve/proposal.html", context)


@require_POST
@desk_view
def proposal_act(request: HttpRequest, desk: Desk, pk: int, step: str) -> HttpResponse:
    try:
        proposals.perform(proposals.get(desk.user, pk), step, {"note": request.POST.get("note", "")[:2000]}, desk.user)
    except DomainError as exc:
        context = {"message": str(exc.message)}
        return page(request, desk, "web/parts/message.html", context, status=exc.status)
    return HttpResponseRedirect(reverse("improve:proposal", args=[pk]))


@desk_view
def review_list(request: HttpRequest, desk: Desk) -> HttpResponse:
    if not access.can(desk.user, access.ISSUERS):
        raise Http404
    error = ""
    form = PlanForm()
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                made = reviews.plan(form.cleaned_data, desk.user)
            except DomainError as exc:
                error = refused(form, exc)
            else:
                return HttpResponseRedirect(reverse("improve:review", args=[made.pk]))
        else:
            error = _("Please correct the fields below.")
    items = [present.review(r) for r in reviews.visible(desk.user)[:50]]
    context = {"nav": "reviews", "items": items, "form": form, "error": error}
    return page(request, desk, "improve/reviews.html", context, status=422 if error else 200)


def _review_page(request: HttpRequest, desk: Desk, pk: int, status: int = 200, **extra: Any) -> HttpResponse:
    try:
        found = reviews.get(desk.user, pk)
    except DomainError:
        raise Http404 from None
    context = {
        "nav": "reviews",
        "r": present.review(found),
        "minutes_form": extra.pop("minutes_form", None) or MinutesForm(),
        # A decision becomes an action for a department of the review's organisation.
        "departments": reach.unit_choices([found.organisation_id] if found.organisation_id else []),
        **extra,
    }
    return page(request, desk, "improve/review.html", context, status=status)


@desk_view
def review_detail(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    return _review_page(request, desk, pk)


@require_POST
@desk_view
def review_act(request: HttpRequest, desk: Desk, pk: int, step: str) -> HttpResponse:
    data: dict[str, Any]
    if step == "minutes":
        form = MinutesForm(request.POST)
        if not form.is_valid():
            return _review_page(request, desk, pk, 422, minutes_form=form, error=_("Please correct the fields below."))
        data = {"minutes": form.cleaned_data["minutes"], "decisions": form.cleaned_data["decisions"].splitlines()}
    elif step == "action":
        decision = request.POST.get("decision", "")
        data = {
            "decision": int(decision) if decision.isdigit() else 0,
            "department": request.POST.get("department", ""),
        }
    else:
        data = {"note": request.POST.get("note", "")[:2000]}
    try:
        reviews.perform(reviews.get(desk.user, pk), step, data, desk.user)
    except DomainError as exc:
        return _review_page(request, desk, pk, exc.status, error=str(exc.message))
    return HttpResponseRedirect(reverse("improve:review", args=[pk]))
