"""Desk forms for write-ups."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class WriteUpForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.CharField(label=_("Category"), max_length=64, required=False)
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    handling = forms.CharField(
        label=_("How it was handled"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=20000
    )
    skills = forms.CharField(
        label=_("Skills used"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    lesson = forms.CharField(
        label=_("Lesson"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    tags = forms.CharField(label=_("Tags (separated by commas)"), required=False, max_length=500)

    def payload(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if v is not None}
        data["tags"] = [t for t in data.get("tags", "").replace("，", ",").split(",") if t.strip()]
        return data


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
