"""The cases behind a figure: the same scope as the figure, narrowed by the bar that was
clicked (an allow-listed dimension and value), for the dashboard's drill-down."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tousu.cases.models import Complaint
from tousu.cases.vocab import State
from tousu.org.lookup import department_by_code
from tousu.reports import period as periods
from tousu.reports.counts import CALLBACK_DUE_STATES, DIMENSIONS, RESOLVED_STATES, SET_OUT_STATES
from tousu.reports.scope import Scope

OUTCOME_FILTERS = {
    "resolved": Q(state__in=RESOLVED_STATES),
    "closed": Q(state=State.CLOSED),
    "open": ~Q(state__in=SET_OUT_STATES | {State.CLOSED}),
    "to_be_improved": Q(state=State.TO_BE_IMPROVED) | Q(complaint_type="to_be_improved"),
    "set_out": Q(state__in=SET_OUT_STATES),
    "reopened": Q(reopen_count__gt=0),
    "callback_due": Q(state__in=CALLBACK_DUE_STATES),
}


def drill(scope: Scope, dimension: str, value: str) -> QuerySet[Complaint]:
    """`dimension` must be one of forms.DRILL_DIMENSIONS (checked by the form)."""
    if dimension == "month":
        return scope.with_period(periods.parse_month(value)).cases()
    qs = scope.cases()
    if dimension in DIMENSIONS:
        if dimension == "urgent":
            return qs.filter(urgent=value == "true")
        return qs.filter(**{dimension: value})
    if dimension == "department":
        department = department_by_code(value) if value else None
        return qs.filter(department_id=department.pk) if department else qs.filter(department__isnull=True)
    if dimension == "outcome" and value in OUTCOME_FILTERS:
        return qs.filter(OUTCOME_FILTERS[value])
    return qs.none()
