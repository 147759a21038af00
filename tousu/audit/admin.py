"""The access log in the admin: read only, no change, no delete (append-only by design)."""

from django.contrib import admin

from tousu.audit.models import AccessEntry, BreakGlass
from tousu.policies.admin import ReadOnly


@admin.register(AccessEntry)
class AccessEntryAdmin(ReadOnly):
    list_display = ("at", "username", "action", "number", "reason")
    list_filter = ("action",)
    search_fields = ("username", "number")
    show_full_result_count = False


@admin.register(BreakGlass)
class BreakGlassAdmin(ReadOnly):
    list_display = ("user", "reason", "opened_at", "expires_at")
