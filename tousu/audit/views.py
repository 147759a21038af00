"""The auditor's desk page: the access log with filters (read only)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from pydantic import ValidationError

from tousu.audit import log, search
from tousu.web.desk import Desk
from tousu.web.views.common import desk_view, page


@desk_view
def access_log(request: HttpRequest, desk: Desk) -> HttpResponse:
    if not search.may_read(desk.user):
        raise PermissionDenied
    wanted = {k: v for k, v in request.GET.items() if k in search.LogFilters.model_fields and v}
    error = ""
    try:
        filters = search.LogFilters.model_validate(wanted)
    except ValidationError:
        filters, error = search.LogFilters(), "invalid"
    context = {
        "nav": "audit",
        "entries": list(search.entries(filters)),
        "filters": filters,
        "actions": log.LABELS.items(),
        "error": error,
    }
    return page(request, desk, "audit/access_log.html", context, status=400 if error else 200)
