"""The desk's search: words (Chinese, ASCII or mixed), a phone or a tracking number, with
the worklist's filters, ranked hits and highlighted snippets (tousu.search, docs/search.md).
Results are rendered as you type (htmx asks for the results part only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from tousu.cases import personal
from tousu.search import rank
from tousu.search.service import hit_rows, search_cases
from tousu.web import queues
from tousu.web.desk import Desk
from tousu.web.filters import FilterForm
from tousu.web.present import case_row
from tousu.web.views.common import desk_view, is_htmx, page

PAGE_SIZE = 20
MAX_QUERY = 200


class SearchFilterForm(FilterForm):
    """The worklist's filters, over cases in any state unless one is chosen. (Severity is
    not among the search filters: `CaseFilters` has none.)"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["severity"]

    def search_filters(self) -> Any:
        filters, _severity = self.case_filters()
        if not filters.state:
            filters = filters.model_copy(update={"open": None})
        return filters


def _offset(request: HttpRequest) -> int:
    value = request.GET.get("offset", "")
    return int(value) if value.isdigit() else 0


@desk_view
def search(request: HttpRequest, desk: Desk) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:MAX_QUERY]
    form = SearchFilterForm(request.GET, desk.policies, desk.home_policy)
    offset = _offset(request)
    result = search_cases(desk.user, text, form.search_filters(), limit=PAGE_SIZE, offset=offset)
    now = timezone.now()
    rows = []
    for row in hit_rows(result, queues.ROW_COLUMNS):
        # The index holds a complainant's name and address: a snippet cut from them is
        # shown only to whoever sees that complainant in full (as the API does).
        fallback = rank.snippet(row["content"], result.query.words)
        row["snippet"] = personal.snippet_for(row, desk.user, row["snippet"], fallback)
        rows.append(case_row(row, now, desk.user))
    # A tracking number typed into the header's box opens its case at once.
    if result.query.kind == "number" and len(rows) == 1 and not is_htmx(request):
        return HttpResponseRedirect(reverse("web:case", args=[rows[0]["number"]]))
    more = None
    if result.next_offset is not None:
        params = request.GET.copy()
        params["offset"] = str(result.next_offset)
        more = params.urlencode()
    context = {
        "nav": "search",
        "q": text,
        "form": form,
        "rows": rows,
        "kind": result.query.kind,
        "capped": result.more,
        "more": more,
        "offset": offset,
    }
    template = "web/parts/search_results.html" if is_htmx(request) else "web/search.html"
    return page(request, desk, template, context)
