"""Desk pages for rewards (P2.10): allowed roles only; a reward names the case, never the
reporter (P2.11)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from tousu.cases.errors import DomainError
from tousu.improve import rewards
from tousu.improve.models import RewardState
from tousu.web.desk import Desk
from tousu.web.views.common import desk_view, page


def _visible(desk: Desk) -> Any:
    try:
        return rewards.visible(desk.user)
    except DomainError:
        raise Http404 from None


@desk_view
def reward_list(request: HttpRequest, desk: Desk) -> HttpResponse:
    qs = _visible(desk)
    error = ""
    status = 200
    if request.method == "POST":
        data = {"case": request.POST.get("case", "").strip(), "penalty_collected": request.POST.get("penalty", "0")}
        try:
            made = rewards.propose(data, desk.user)
        except DomainError as exc:
            error, status = str(exc.message), exc.status
        else:
            return HttpResponseRedirect(reverse("improve:reward", args=[made.pk]))
    context = {"nav": "rewards", "items": [rewards.summary(r) for r in qs[:100]], "error": error}
    return page(request, desk, "improve/rewards.html", context, status=status)


def _detail(request: HttpRequest, desk: Desk, pk: int, error: str = "", status: int = 200) -> HttpResponse:
    found = _visible(desk).filter(pk=pk).first()
    if found is None:
        raise Http404
    context = {
        "nav": "rewards",
        "r": rewards.summary(found),
        "can_decide": found.state == RewardState.PROPOSED and rewards.may_decide(found, desk.user),
        "can_pay": found.state == RewardState.APPROVED,
        "error": error,
    }
    return page(request, desk, "improve/reward.html", context, status=status)


@desk_view
def reward_detail(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    return _detail(request, desk, pk)


@require_POST
@desk_view
def reward_act(request: HttpRequest, desk: Desk, pk: int, step: str) -> HttpResponse:
    found = _visible(desk).filter(pk=pk).first()
    if found is None:
        raise Http404
    fields = ("payment_reference", "paid_on") if step == "pay" else ("note",)
    try:
        rewards.perform(found, step, {f: request.POST.get(f, "") for f in fields}, desk.user)
    except DomainError as exc:
        return _detail(request, desk, pk, str(exc.message), exc.status)
    return HttpResponseRedirect(reverse("improve:reward", args=[pk]))
