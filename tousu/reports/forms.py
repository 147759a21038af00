"""The dashboard's and the drill-down's query string, through an allow-list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tousu.reports import access
from tousu.reports import period as periods
from tousu.reports.counts import DIMENSIONS

# What a bar can drill down by: the breakdowns, the department, and the outcome groups.
DRILL_DIMENSIONS = (*DIMENSIONS, "department", "outcome", "month")
OUTCOMES = ("resolved", "closed", "open", "to_be_improved", "set_out", "reopened")


def last_month(today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


class ScopeForm(forms.Form):
    period = forms.CharField(
        label=_("Period"), required=False, max_length=40, help_text=_("2026-10, 2026Q4 or 2026-10-01..2026-10-15")
    )
    policy = forms.ChoiceField(label=_("Policy"), required=False)
    department = forms.ChoiceField(label=pgettext_lazy("report", "Department"), required=False)
    unit = forms.ChoiceField(
        # Not the complainant's unit number ("report" context): a unit of the organisation.
        label=pgettext_lazy("report scope", "Unit"),
        required=False,
        help_text=_("An office, a company or a group: its cases and those of every unit under it."),
    )

    def __init__(self, data: Any, policies: list[tuple[str, str]], user: Any) -> None:
        """Policies, departments and units of `user`'s own organisations only."""
        super().__init__(data)
        self.fields["policy"].choices = [("", _("All policies")), *policies]  # type: ignore[attr-defined]
        departments = access.department_choices(user)
        self.fields["department"].choices = [("", _("All departments")), *departments]  # type: ignore[attr-defined]
        self.fields["unit"].choices = [("", _("All units")), *access.unit_choices(user)]  # type: ignore[attr-defined]

    def clean_period(self) -> periods.Period:
        text = self.cleaned_data.get("period") or last_month()
        try:
            return periods.parse(text)
        except periods.BadPeriod as error:
            raise forms.ValidationError(str(error)) from None


class DrillForm(ScopeForm):
    dimension = forms.ChoiceField(choices=[(d, d) for d in DRILL_DIMENSIONS])
    value = forms.CharField(required=False, max_length=64)
    cursor = forms.CharField(required=False, max_length=200)
