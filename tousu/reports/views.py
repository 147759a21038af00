"""The reports pages of the web desk: the dashboard (figures and interactive charts,
ECharts served locally), the drill-down from a bar to its cases, the analysis sections of
the monthly report, and the documents. Thin: figures come from tousu.reports."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.cases.errors import DomainError
from tousu.cases.selectors import page as keyset_page
from tousu.reports import access, export_access, generate, notes
from tousu.reports import period as periods
from tousu.reports.drill import drill
from tousu.reports.forms import DrillForm, ScopeForm
from tousu.reports.monthly import monthly_statistics
from tousu.reports.serialize import statistics_json
from tousu.web.desk import Desk
from tousu.web.present import case_row
from tousu.web.queues import ROW_COLUMNS
from tousu.web.views.common import desk_view, page

DOCUMENTS = [
    ("monthly_statistics", "xlsx"),
    ("monthly_statistics", "csv"),
    ("monthly_analysis", "docx"),
    ("monthly_analysis", "pdf"),
    ("monthly_deck", "pptx"),
    ("quarterly_summary", "docx"),
    ("quarterly_summary", "pdf"),
    ("customer_summary", "xlsx"),
    ("case_register", "xlsx"),
]


def _policies(desk: Desk) -> list[tuple[str, str]]:
    return [(spec.name, spec.title) for spec in desk.policies]


def _form(request: HttpRequest, desk: Desk, form_class: type[ScopeForm] = ScopeForm) -> ScopeForm:
    data = request.GET.copy()
    if "policy" not in data and desk.home_policy is not None:
        data["policy"] = desk.home_policy.name
    return form_class(data, _policies(desk), desk.user)


def _scope(desk: Desk, form: ScopeForm) -> Any:
    if not access.can_read(desk.user):
        raise PermissionDenied
    data = form.cleaned_data
    try:
        return access.scope_for(desk.user, data["period"], data.get("policy"), data.get("department"), data.get("unit"))
    except DomainError as error:
        raise PermissionDenied(str(error.message)) from None


def _query(scope: Any) -> dict[str, str]:
    return {
        "period": scope.period.code,
        "policy": scope.policy or "",
        "department": scope.department or "",
        "unit": scope.unit or "",
    }


@desk_view
def dashboard(request: HttpRequest, desk: Desk) -> HttpResponse:
    form = _form(request, desk)
    if not access.can_read(desk.user):
        raise PermissionDenied
    if not form.is_valid():
        return page(request, desk, "reports/dashboard.html", {"nav": "reports", "form": form}, status=400)
    scope = _scope(desk, form)
    stats = monthly_statistics(scope)
    query = _query(scope)
    data = statistics_json(stats)
    data["drill"] = reverse("reports:cases") + "?" + urlencode(query)
    note = notes.note_for(scope) if scope.policy else None
    context = {
        "nav": "reports",
        "form": form,
        "scope": scope,
        "stats": stats,
        "data": data,
        "query": urlencode(query),
        "note": note,
        "is_month": scope.period.kind == "month",
        "documents": [
            {"report": r, "fmt": f, "url": reverse("reports:download", args=[r, f]) + "?" + urlencode(query)}
            for r, f in DOCUMENTS
        ],
    }
    return page(request, desk, "reports/dashboard.html", context)


@desk_view
def cases(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The cases counted in one bar of the dashboard, newest first, by keyset pages."""
    form = _form(request, desk, DrillForm)
    if not form.is_valid():
        context = {"nav": "reports", "form": form, "count": 0, "section": {"key": "drill", "rows": []}}
        return page(request, desk, "reports/cases.html", context, status=400)
    scope = _scope(desk, form)
    dimension, value = form.cleaned_data["dimension"], form.cleaned_data["value"]
    error = ""
    qs = scope.cases().none()
    try:
        qs = drill(scope, dimension, value)
        result = keyset_page(qs.values(*ROW_COLUMNS), "received", form.cleaned_data.get("cursor") or None, 50)
    except (DomainError, periods.BadPeriod) as problem:
        error = str(getattr(problem, "message", problem))
        qs = scope.cases().none()
        result = keyset_page(qs.values(*ROW_COLUMNS), "received", None, 50)
    now = timezone.now()
    more = None
    if result.next_cursor:
        params = request.GET.copy()
        params["cursor"] = result.next_cursor
        more = params.urlencode()
    context = {
        "nav": "reports",
        "scope": scope,
        "dimension": dimension,
        "value": value,
        "count": qs.count(),
        "section": {"key": "drill", "rows": [case_row(r, now, desk.user) for r in result.items], "error": error},
        "more": more,
        "back": reverse("reports:dashboard") + "?" + urlencode(_query(scope)),
    }
    return page(request, desk, "reports/cases.html", context)


@require_POST
@desk_view
def analysis(request: HttpRequest, desk: Desk) -> HttpResponseBase:
    """Save the analysis and improvement proposals of the month (R03), kept with the report."""
    form = ScopeForm(request.POST, _policies(desk), desk.user)
    if not form.is_valid():
        messages.error(request, _("The period is not valid."))
        return redirect("reports:dashboard")
    scope = _scope(desk, form)
    back = reverse("reports:dashboard") + "?" + urlencode(_query(scope)) + "#analysis"
    try:
        version = int(request.POST.get("version", "0"))
        notes.save_note(
            scope,
            analysis=request.POST.get("analysis", ""),
            proposals=request.POST.get("proposals", ""),
            version=version,
            user=desk.user,
        )
    except ValueError:
        messages.error(request, _("The form was not complete; reload the page."))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The analysis is saved with the report."))
    return redirect(back)


@desk_view
def download(request: HttpRequest, desk: Desk, report: str, fmt: str) -> HttpResponse:
    form = _form(request, desk)
    if not form.is_valid():
        return HttpResponse(_("The period is not valid."), status=400, content_type="text/plain; charset=utf-8")
    scope = _scope(desk, form)
    try:
        export_access.check_export(desk.user, report)
        made = generate.generate(report, fmt, scope)
    except DomainError as error:
        return HttpResponse(str(error.message), status=error.status, content_type="text/plain; charset=utf-8")
    export_access.exported(desk.user, report, fmt, scope)
    response = HttpResponse(made.data, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response
