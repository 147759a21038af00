"""Desk pages for questionnaires (P3.e1), visit feedback (P3.f1) and the customer
information summary (P3.g1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tousu.cases.errors import DomainError
from tousu.improve import access, surveys
from tousu.improve.forms import message_of, numbers
from tousu.improve.models import FeedbackTopic, SurveyKind
from tousu.web.desk import Desk
from tousu.web.views.common import desk_view, page


def parse_questions(text: str) -> list[dict[str, Any]]:
    """One question a line: "rating: 产品质量", "choice: 交货 | 及时 | 不及时", "text: 意见"."""
    out = []
    for n, line in enumerate(row for row in text.splitlines() if row.strip()):
        kind, _, rest = line.partition(":")
        parts = [p.strip() for p in rest.replace("｜", "|").split("|")]
        out.append({"id": f"q{n + 1}", "type": kind.strip(), "text": parts[0], "options": parts[1:]})
    return out


@desk_view
def survey_list(request: HttpRequest, desk: Desk) -> HttpResponse:
    error, status = "", 200
    if request.method == "POST":
        data = {
            "title": request.POST.get("title", ""),
            "kind": request.POST.get("kind", "product"),
            "questions": parse_questions(request.POST.get("questions", "")),
        }
        try:
            made = surveys.define(data, desk.user)
        except DomainError as exc:
            error, status = message_of(exc), exc.status
        else:
            return HttpResponseRedirect(reverse("improve:survey", args=[made.pk]))
    try:
        items = list(surveys.visible(desk.user)[:100])
    except DomainError:
        raise Http404 from None
    context = {
        "nav": "surveys",
        "items": items,
        "kinds": SurveyKind.choices,
        "can_define": access.can(desk.user, surveys.DESIGNERS),
        "error": error,
        "posted": request.POST,
    }
    return page(request, desk, "improve/surveys.html", context, status=status)


def _detail(request: HttpRequest, desk: Desk, pk: int, **extra: Any) -> HttpResponse:
    try:
        survey = surveys.get(desk.user, pk)
    except DomainError:
        raise Http404 from None
    status = extra.pop("status", 200)
    context = {"nav": "surveys", "survey": survey, "summary": surveys.summary(survey), **extra}
    return page(request, desk, "improve/survey.html", context, status=status)


@desk_view
def survey_detail(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    return _detail(request, desk, pk)


@require_POST
@desk_view
def survey_send(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    try:
        sent = surveys.send(surveys.get(desk.user, pk), {"cases": numbers(request.POST.get("cases", ""))}, desk.user)
    except DomainError as exc:
        return _detail(request, desk, pk, error=message_of(exc), status=exc.status)
    return _detail(request, desk, pk, sent=sent)


@desk_view
def customer_information(request: HttpRequest, desk: Desk) -> HttpResponse:
    error, status = "", 200
    if request.method == "POST":
        fields = ("customer", "visited_on", "topic", "rating", "opinion")
        data: dict[str, Any] = {f: request.POST.get(f, "").strip() for f in fields}
        data["rating"] = data["rating"] or None
        try:
            surveys.record_feedback(data, desk.user)
        except DomainError as exc:
            error, status = message_of(exc), exc.status
        else:
            return HttpResponseRedirect(reverse("improve:customers"))
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        start, end = today.replace(day=1), today
    context = {
        "nav": "surveys",
        "summary": surveys.customer_summary(start, end, access.organisations(desk.user)),
        "topics": FeedbackTopic.choices,
        "error": error,
        "today": today,
    }
    return page(request, desk, "improve/customers.html", context, status=status)
