"""Department heads and managers: open and overdue cases of the department, cases waiting
for the head's sign-off (P4.5.3), major cases escalated to them (P3.h1, P4.5.3)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.cases.errors import InvalidInput
from tousu.web import queues
from tousu.web.desk import Desk
from tousu.web.present import case_row
from tousu.web.views.common import desk_view, page


@desk_view
def oversight(request: HttpRequest, desk: Desk) -> HttpResponse:
    if not desk.oversees:
        raise PermissionDenied
    now = timezone.now()
    try:
        overdue = queues.overdue(desk, now, request.GET.get("cursor"))
    except InvalidInput:
        overdue = queues.overdue(desk, now, None)
    more = None
    if overdue.next_cursor:
        params = request.GET.copy()
        params["cursor"] = overdue.next_cursor
        more = params.urlencode()
    sign_off = [case_row(r, now, desk.user) for r in queues.awaiting_sign_off(desk)]
    escalated = [case_row(r, now, desk.user) for r in queues.escalated(desk)]
    # What my positions oversee: their departments, or the office or company they manage.
    scope = desk.where or _("All departments")
    context = {
        "nav": "oversight",
        "scope": scope,
        "open_count": queues.open_count(desk),
        "overdue_count": queues.overdue_count(desk, now),
        "overdue_more": more,
        "sign_off": sign_off,
        "escalated": escalated,
        "overdue_section": {"key": "overdue", "rows": [case_row(r, now, desk.user) for r in overdue.items]},
        "sign_off_section": {"key": "sign-off", "rows": sign_off},
        "escalated_section": {"key": "escalated", "rows": escalated},
    }
    return page(request, desk, "web/oversight.html", context)
