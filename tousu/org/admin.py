from django.contrib import admin

from tousu.org.models import ApiToken, Department, Staff


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "head")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "role", "department")
    list_filter = ("role", "department")
    search_fields = ("user__username", "display_name")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "user", "created_at")

    def has_add_permission(self, request: object) -> bool:  # tokens are issued by `tousu token create`
        return False
