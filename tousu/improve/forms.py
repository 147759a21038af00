"""Desk forms for improvement objects; the domain validates again and decides."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tousu.cases.errors import DomainError
from tousu.improve.models import ProposalArea


def numbers(text: str) -> list[str]:
    return [n for n in text.replace(",", " ").replace("，", " ").split() if n]


class IssueForm(forms.Form):
    cases = forms.CharField(label=_("Cases (tracking numbers)"), required=False, max_length=2000)
    department = forms.ChoiceField(label=_("Responsible department"))
    problem = forms.CharField(label=_("Problem"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    root_cause = forms.CharField(label=_("Root cause found"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    corrective_measures = forms.CharField(
        label=_("Corrective measures"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    preventive_measures = forms.CharField(
        label=_("Preventive measures"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner = forms.CharField(label=_("Responsible person (username)"), required=False, max_length=150)
    answer_days = forms.IntegerField(label=_("Working days to answer"), min_value=1, max_value=60, initial=5)

    def __init__(self, *args: Any, departments: list[tuple[str, str]], **kwargs: Any) -> None:
        """`departments`: (code, name) of the units of the issuer's organisations."""
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["department"])
        field.choices = [("", "—"), *departments]

    def payload(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["cases"] = numbers(data["cases"])
        return data


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    root_cause = forms.CharField(label=_("Root cause"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    corrective_measures = forms.CharField(
        label=_("Corrective measures"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    preventive_measures = forms.CharField(
        label=_("Preventive measures"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    verify_days = forms.IntegerField(label=_("Days to watch for recurrence"), min_value=1, max_value=365, initial=30)


class VerifyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    verification = forms.CharField(
        label=_("Verification of the effect"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    recurred = forms.BooleanField(label=_("The problem recurred: send it back"), required=False)


class ExtendForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    answer_due = forms.DateField(label=_("New answer date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    area = forms.ChoiceField(label=_("Area"), choices=ProposalArea.choices)
    problem = forms.CharField(label=_("Problem seen in the complaints"), widget=forms.Textarea(attrs={"rows": 3}))
    proposal = forms.CharField(label=_("Proposed change"), widget=forms.Textarea(attrs={"rows": 3}))
    cases = forms.CharField(label=_("Cases (tracking numbers)"), required=False, max_length=2000)

    def payload(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["cases"] = numbers(data["cases"])
        return data


def refused(form: forms.Form, error: DomainError) -> str:
    """Put the domain's field problems on the form; the message for the top."""
    for name, problems in error.details.items():
        target = name if name in form.fields else None
        for problem in problems if isinstance(problems, list) else [problems]:
            form.add_error(target, str(problem))
    return str(error.message)


def message_of(error: DomainError) -> str:
    """The domain's message with its field problems, for forms without those fields."""
    problems = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in error.details.items())
    return f"{error.message} {problems}".strip()
