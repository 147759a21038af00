from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tousu.search import segment
from tousu.search.models import DictionaryWord, SuggestionRecord


@admin.register(DictionaryWord)
class DictionaryWordAdmin(admin.ModelAdmin):
    """Administrators extend the segmenter's domain dictionary (estate names, models …)."""

    list_display = ("word", "weight", "note", "added_by", "added_at")
    search_fields = ("word", "note")
    exclude = ("added_by",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.word = segment.normalise(obj.word).strip()
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
        segment.reload_dictionary()


@admin.register(SuggestionRecord)
class SuggestionRecordAdmin(admin.ModelAdmin):
    """Read-only: written by intake and reclassification, read for accuracy."""

    list_display = ("complaint", "policy_name", "source", "created_at")
    list_filter = ("policy_name", "source")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
