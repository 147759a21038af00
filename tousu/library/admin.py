"""Administrators define reply templates and handling guides in the admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from tousu.library import replies
from tousu.library.models import HandlingGuide, ReplyTemplate


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["name", "policy_name", "language", "category", "reply_kind", "text", "active"]

    def clean_text(self) -> Any:
        text = self.cleaned_data["text"]
        problem = replies.check(text)
        if problem:
            raise forms.ValidationError(problem)
        return text


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    form = ReplyTemplateForm
    list_display = ("name", "policy_name", "category", "language", "reply_kind", "active")
    list_filter = ("policy_name", "language", "active")


@admin.register(HandlingGuide)
class HandlingGuideAdmin(admin.ModelAdmin):
    list_display = ("title", "policy_name", "category", "language", "active")
    list_filter = ("policy_name", "language", "active")
