from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from tousu.org.models import ApiToken, Deputy, Organisation, Position, Staff, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    fields = ("code", "name", "kind", "parent", "function", "aliases")
    extra = 0
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind")
    search_fields = ("code", "name")
    inlines = (UnitInline,)


class PositionInUnitInline(admin.TabularInline):
    model = Position
    fields = ("user", "role", "title", "duties", "area")
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "organisation", "parent", "function")
    list_filter = ("organisation", "kind")
    search_fields = ("code", "name", "aliases")
    list_select_related = ("organisation", "parent")
    inlines = (PositionInUnitInline,)


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "phone", "aliases")
    search_fields = ("user__username", "display_name", "aliases")
    list_select_related = ("user",)
    change_list_template = "admin/org/staff/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        from tousu.adminpages.roles import roles_view

        def view(request: HttpRequest) -> HttpResponse:
            return roles_view(request, self.admin_site)

        return [path("roles/", self.admin_site.admin_view(view), name="org_staff_roles"), *super().get_urls()]


class StaffInline(admin.StackedInline):
    """A person's name on the user's own page."""

    model = Staff
    can_delete = False
    extra = 0
    max_num = 1


class PositionInline(admin.TabularInline):
    """A person's positions: each a role in a unit, optionally over an area."""

    model = Position
    fields = ("role", "unit", "title", "duties", "area")
    extra = 0
    autocomplete_fields = ("unit",)


class DeputyInline(admin.TabularInline):
    """Holiday cover: this person acts for a colleague for a while."""

    model = Deputy
    fk_name = "user"
    fields = ("for_user", "starts_at", "ends_at", "reason")
    extra = 0
    autocomplete_fields = ("for_user",)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = (StaffInline, PositionInline, DeputyInline)
    list_display = ("username", "staff_name", "staff_positions", "is_active", "is_staff")
    list_select_related = ("staff",)

    @admin.display(description=_("display name"))
    def staff_name(self, obj: User) -> str:  # type: ignore[valid-type]
        staff = getattr(obj, "staff", None)
        return staff.display_name if staff else ""

    @admin.display(description=_("positions"))
    def staff_positions(self, obj: User) -> str:  # type: ignore[valid-type]
        return "; ".join(str(p) for p in obj.positions.select_related("unit"))  # type: ignore[attr-defined]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "user", "created_at")

    def has_add_permission(self, request: object) -> bool:  # tokens are issued by `tousu token create`
        return False
