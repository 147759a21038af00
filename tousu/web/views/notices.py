"""The bell in the desk header: unread count, the list of in-app notifications with
mark-read, and the page where staff choose which notices they get. Thin shells around
tousu.notify.inbox and tousu.notify.prefs, the same functions the API calls."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.notify import inbox, prefs
from tousu.notify.models import Channel, Kind
from tousu.web.desk import Desk
from tousu.web.views.common import desk_view, page

PAGE_ROWS = 30


@desk_view
def bell(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The bell with its badge (htmx polls this fragment)."""
    return page(request, desk, "web/parts/bell.html", {"unread": inbox.unread_count(desk.user)})


def _before(request: HttpRequest) -> int | None:
    value = request.GET.get("before", "")
    return int(value) if value.isdigit() else None


@desk_view
def notifications(request: HttpRequest, desk: Desk) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    rows = inbox.latest(desk.user, unread_only=unread_only, limit=PAGE_ROWS + 1, before_id=_before(request))
    context = {
        "nav": "notifications",
        "rows": rows[:PAGE_ROWS],
        "older": rows[PAGE_ROWS - 1]["id"] if len(rows) > PAGE_ROWS else None,
        "unread_only": unread_only,
        "unread": inbox.unread_count(desk.user),
        "kinds": dict(Kind.choices),
    }
    return page(request, desk, "web/notifications.html", context)


@require_POST
@desk_view
def mark_read(request: HttpRequest, desk: Desk) -> HttpResponse:
    """Mark one notification (`id`) or all of them read, then back to the list."""
    ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()]
    inbox.mark_read(desk.user, ids or None)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("web:notifications")
    return HttpResponseRedirect(target)


def _choices(desk: Desk) -> list[dict[str, object]]:
    chosen = prefs.choices_of(desk.user)
    return [
        {
            "kind": kind,
            "label": Kind(kind).label,
            "channels": [
                {"channel": channel, "label": label, "enabled": chosen[(kind, channel)], "name": f"{kind}:{channel}"}
                for channel, label in Channel.choices
            ],
        }
        for kind in prefs.STAFF_KINDS
    ]


@desk_view
def preferences(request: HttpRequest, desk: Desk) -> HttpResponse:
    """Which notices I get on which channel: a checkbox per notice and channel."""
    if request.method == "POST":
        ticked = set(request.POST.getlist("on"))
        for kind in prefs.STAFF_KINDS:
            for channel in Channel.values:
                prefs.choose(desk.user, kind, channel, f"{kind}:{channel}" in ticked)
        messages.success(request, _("Your choice of notices is saved."))
        return HttpResponseRedirect(reverse("web:notice_preferences"))
    context = {"nav": "notifications", "choices": _choices(desk), "channels": Channel.choices}
    return page(request, desk, "web/notice_preferences.html", context)
