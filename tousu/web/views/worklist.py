"""Home: the worklist. My cases first (首问负责 P4.4.4), then my department's queue, both
nearest due first; filters from an allow-list form; more rows by keyset page (htmx)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.cases.errors import InvalidInput
from tousu.org import tree as org_tree
from tousu.web import queues
from tousu.web.desk import Desk
from tousu.web.filters import FilterForm
from tousu.web.models import SavedFilter
from tousu.web.present import case_row
from tousu.web.views.common import desk_view, page

SECTIONS = {"mine": queues.mine, "queue": queues.queue}


def _section(request: HttpRequest, desk: Desk, form: FilterForm, key: str, cursor: str | None) -> dict[str, object]:
    filters, severity = form.case_filters()
    try:
        result = SECTIONS[key](desk, filters, severity, cursor)
    except InvalidInput as error:  # a stale or edited cursor: say so, start again
        return {"key": key, "rows": [], "next": None, "error": str(error.message)}
    now = timezone.now()
    more = None
    if result.next_cursor:
        params = request.GET.copy()
        params["cursor"] = result.next_cursor
        more = params.urlencode()
    return {"key": key, "rows": [case_row(r, now, desk.user) for r in result.items], "next": more}


@desk_view
def worklist(request: HttpRequest, desk: Desk) -> HttpResponse:
    form = FilterForm(request.GET or None, desk.policies, desk.home_policy)
    names = [org_tree.current().name(u) for u in desk.units]
    if names:
        queue_title = _("Queue of %(department)s") % {"department": "、".join(names)}
    else:
        queue_title = _("All departments")
    context = {
        "nav": "worklist",
        "form": form,
        "filtered": form.active(),
        "query": form.query(),
        "saved": list(SavedFilter.objects.filter(owner=desk.user)),
        "mine": _section(request, desk, form, "mine", None),
        "queue": _section(request, desk, form, "queue", None),
        "queue_title": queue_title,
    }
    return page(request, desk, "web/worklist.html", context)


@desk_view
def more_rows(request: HttpRequest, desk: Desk, section: str) -> HttpResponse:
    """The next keyset page of one section, as table rows to append (htmx)."""
    if section not in SECTIONS:
        raise Http404
    form = FilterForm(request.GET or None, desk.policies, desk.home_policy)
    data = _section(request, desk, form, section, request.GET.get("cursor"))
    return page(request, desk, "web/parts/rows.html", {"section": data})
