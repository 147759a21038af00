from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tousu.cases.models import Clock, Complaint, Event
from tousu.cases.scope import visible_cases
from tousu.policies.admin import ReadOnly


class EventInline(admin.TabularInline):
    model = Event
    fields = ("seq", "action", "actor", "actor_kind", "at", "state_before", "state_after", "public", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


class ClockInline(admin.TabularInline):
    model = Clock
    fields = ("name", "cycle", "state", "started_at", "due_at", "met_at", "estimated")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnly):
    """Read-only: a case changes only through its actions, each recorded on the timeline."""

    list_display = ("number", "policy_name", "state", "category", "department", "received_at", "next_due_at")
    list_filter = ("policy_name", "state", "kind", "channel", "urgent", "severity")
    search_fields = ("number",)
    inlines = (ClockInline, EventInline)
    list_select_related = ("department",)
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Complaint]:
        # Administrators manage users and policies; case contents only within their scope,
        # i.e. after a logged break-glass access (`tousu audit break-glass`), issue 6.
        return visible_cases(request.user, super().get_queryset(request))
