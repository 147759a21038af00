from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from tousu.org.models import ApiToken, Department, Staff


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "head")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    list_select_related = ("parent", "head")


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "role", "department", "phone")
    list_filter = ("role", "department")
    search_fields = ("user__username", "display_name")
    list_select_related = ("user", "department")
    change_list_template = "admin/org/staff/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        from tousu.adminpages.roles import roles_view

        def view(request: HttpRequest) -> HttpResponse:
            return roles_view(request, self.admin_site)

        return [path("roles/", self.admin_site.admin_view(view), name="org_staff_roles"), *super().get_urls()]


class StaffInline(admin.StackedInline):
    """A user's role and department on the user's own page."""

    model = Staff
    can_delete = False
    extra = 0
    max_num = 1


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = (StaffInline,)
    list_display = ("username", "staff_name", "staff_role", "is_active", "is_staff")
    list_select_related = ("staff",)

    @admin.display(description=_("display name"))
    def staff_name(self, obj: User) -> str:  # type: ignore[valid-type]
        staff = getattr(obj, "staff", None)
        return staff.display_name if staff else ""

    @admin.display(description=_("role"))
    def staff_role(self, obj: User) -> str:  # type: ignore[valid-type]
        staff = getattr(obj, "staff", None)
        return staff.get_role_display() if staff else ""


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "user", "created_at")

    def has_add_permission(self, request: object) -> bool:  # tokens are issued by `tousu token create`
        return False
