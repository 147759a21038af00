"""Desk pages for contract service requests (P3.s1-s3)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from tousu.cases.errors import DomainError
from tousu.improve import contracts
from tousu.improve.forms import message_of
from tousu.org import reach
from tousu.web.desk import Desk
from tousu.web.views.common import desk_view, page

PLAN_ROWS = 4


@desk_view
def service_list(request: HttpRequest, desk: Desk) -> HttpResponse:
    error, status = "", 200
    if request.method == "POST":
        fields = ("contract_reference", "customer", "description", "case")
        try:
            made = contracts.create({f: request.POST.get(f, "").strip() for f in fields}, desk.user)
        except DomainError as exc:
            error, status = message_of(exc), exc.status
        else:
            return HttpResponseRedirect(reverse("improve:service", args=[made.pk]))
    items = [contracts.detail(r) for r in contracts.visible(desk.user)[:100]]
    context = {"nav": "services", "items": items, "error": error, "posted": request.POST}
    return page(request, desk, "improve/services.html", context, status=status)


def _detail(request: HttpRequest, desk: Desk, pk: int, error: str = "", status: int = 200) -> HttpResponse:
    try:
        found = contracts.get(desk.user, pk)
    except DomainError:
        raise Http404 from None
    context = {
        "nav": "services",
        "r": contracts.detail(found),
        # Tasks go to departments of the request's own organisation (P3.s2).
        "departments": reach.unit_choices([found.organisation_id] if found.organisation_id else []),
        "plan_rows": range(PLAN_ROWS),
        "error": error,
    }
    return page(request, desk, "improve/service.html", context, status=status)


@desk_view
def service_detail(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    return _detail(request, desk, pk)


@require_POST
@desk_view
def service_act(request: HttpRequest, desk: Desk, pk: int, step: str) -> HttpResponse:
    post = request.POST
    data: dict[str, Any]
    if step == "plan":
        rows = zip(post.getlist("department"), post.getlist("task"), post.getlist("due"), strict=False)
        data = {"tasks": [{"department": d, "description": t, "due": due} for d, t, due in rows if t.strip()]}
    elif step == "task_done":
        task = post.get("task", "")
        data = {"task": int(task) if task.isdigit() else 0, "result": post.get("result", "")}
    elif step == "verify":
        data = {"verification": post.get("verification", ""), "note": post.get("note", "")}
    else:
        data = {"contract_review": post.get("contract_review", "")}
    try:
        found = contracts.get(desk.user, pk)
        contracts.perform(found, step, data, desk.user)
    except DomainError as exc:
        return _detail(request, desk, pk, message_of(exc), exc.status)
    return HttpResponseRedirect(reverse("improve:service", args=[pk]))
