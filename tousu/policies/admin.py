from django.contrib import admin

from tousu.policies.models import Policy, PolicyVersion


class ReadOnly(admin.ModelAdmin):
    """Policies change only by loading a new version (`tousu policy load`)."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Policy)
class PolicyAdmin(ReadOnly):
    list_display = ("name", "title", "current")


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnly):
    list_display = ("policy", "number", "created_at")
    list_filter = ("policy",)
