"""The worklist's filter form: the allow-list between the query string and
`selectors.CaseFilters`. Nothing from the request reaches the ORM any other way."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tousu.cases import selectors, vocab
from tousu.policies.schema import Policy as PolicySpec
from tousu.web.present import category_label

FILTER_FIELDS = ("state", "category", "channel", "kind", "severity", "overdue", "received_from", "received_to")


def _blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("any")), *choices]


class FilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    severity = forms.ChoiceField(label=_("Severity"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data: Any, policies: list[PolicySpec], home: PolicySpec | None) -> None:
        super().__init__(data)
        self._choose("state", list(vocab.State.choices))
        self._choose("channel", list(vocab.Channel.choices))
        self._choose("kind", list(vocab.Kind.choices))
        self._choose("severity", list(vocab.Severity.choices))
        # The categories of my own procedure (all procedures' for staff outside them).
        seen: dict[str, str] = {}
        for spec in [home] if home else policies:
            for code in spec.category_codes():
                seen.setdefault(code, category_label(spec, code))
        self._choose("category", list(seen.items()))

    def _choose(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            field.choices = _blank(choices)

    def case_filters(self) -> tuple[selectors.CaseFilters, str | None]:
        """The validated filters (open cases unless a state is chosen) and the severity."""
        data = self.cleaned_data if self.is_valid() else {}
        state = data.get("state") or None
        tz = timezone.get_current_timezone()

        def start_of(day: dt.date | None, plus: int = 0) -> dt.datetime | None:
            if day is None:
                return None
            return dt.datetime.combine(day + dt.timedelta(days=plus), dt.time.min, tzinfo=tz)

        filters = selectors.CaseFilters(
            state=[state] if state else None,
            open=None if state else True,
            category=data.get("category") or None,
            channel=data.get("channel") or None,
            kind=data.get("kind") or None,
            overdue=True if data.get("overdue") else None,
            received_after=start_of(data.get("received_from")),
            received_before=start_of(data.get("received_to"), plus=1),
        )
        return filters, data.get("severity") or None

    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.get(name) for name in FILTER_FIELDS)

    def query(self) -> str:
        """The filters as a query string (what a saved filter stores)."""
        if not self.is_valid():
            return ""
        from django.http import QueryDict

        q = QueryDict(mutable=True)
        for name in FILTER_FIELDS:
            value = self.cleaned_data.get(name)
            if value:
                q[name] = "1" if value is True else str(value)
        return q.urlencode()
