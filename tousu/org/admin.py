"""Administering organisations: each organisation's tree of units, the people and their
positions (role × unit × title × duties × area) and who acts for whom (holiday cover).
The rules of the forms are in tousu.adminpages.org_forms; the organisation's page of
units and people in tousu.adminpages.org_pages."""

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from tousu.adminpages.org_forms import DeputyForm, PositionForm, UnitForm, UnitFormSet
from tousu.org import tree as org_tree
from tousu.org.models import ApiToken, Deputy, Organisation, Position, Staff, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    form = UnitForm
    formset = UnitFormSet
    fields = ("code", "name", "kind", "parent", "function", "aliases")
    extra = 0
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "unit_count")
    search_fields = ("code", "name")
    inlines = (UnitInline,)
    change_form_template = "admin/org/organisation/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return super().get_queryset(request).annotate(unit_total=Count("units"))

    @admin.display(description=_("units"))
    def unit_count(self, obj: Organisation) -> int:
        return getattr(obj, "unit_total", 0)

    def get_urls(self) -> list[URLPattern]:
        from tousu.adminpages.org_pages import tree_view

        def view(request: HttpRequest, object_id: str) -> HttpResponse:
            if not self.has_view_permission(request):
                raise PermissionDenied
            return tree_view(request, self.admin_site, object_id)

        tree = path("<path:object_id>/tree/", self.admin_site.admin_view(view), name="org_organisation_tree")
        return [tree, *super().get_urls()]


class PositionInUnitInline(admin.TabularInline):
    model = Position
    form = PositionForm
    fields = ("user", "role", "title", "duty_set", "area")
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = UnitForm
    list_display = ("code", "place", "kind", "organisation", "function")
    list_filter = ("organisation", "kind")
    search_fields = ("code", "name", "aliases", "function")
    list_select_related = ("organisation",)
    inlines = (PositionInUnitInline,)

    @admin.display(description=_("place in the tree"))
    def place(self, obj: Unit) -> str:
        tree = org_tree.current()
        return tree.path(obj.pk) if obj.pk in tree.nodes else obj.name


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
    form = PositionForm
    fields = ("role", "unit", "title", "duty_set", "area")
    extra = 0


class DeputyInline(admin.TabularInline):
    """Holiday cover: this person acts for a colleague for a while, holding the
    colleague's positions meanwhile."""

    model = Deputy
    form = DeputyForm
    fk_name = "user"
    fields = ("for_user", "starts_at", "ends_at", "reason")
    extra = 0
    autocomplete_fields = ("for_user",)
    verbose_name = _("acts for")
    verbose_name_plural = _("acts for (holiday cover)")


class CoveredByInline(admin.TabularInline):
    """Who acts for this person while they are away (set on the deputy's own page)."""

    model = Deputy
    fk_name = "for_user"
    fields = ("user", "starts_at", "ends_at", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("acted for by")
    verbose_name_plural = _("acted for by (holiday cover)")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = (StaffInline, PositionInline, DeputyInline, CoveredByInline)
    list_display = ("username", "staff_name", "staff_positions", "is_active", "is_staff")
    list_select_related = ("staff",)
    list_filter = ("is_active", "is_staff", "positions__role", "positions__unit__organisation")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).prefetch_related("positions__unit")

    @admin.display(description=_("display name"))
    def staff_name(self, obj: User) -> str:  # type: ignore[valid-type]
        staff = getattr(obj, "staff", None)
        return staff.display_name if staff else ""

    @admin.display(description=_("positions"))
    def staff_positions(self, obj: User) -> str:  # type: ignore[valid-type]
        return "; ".join(str(p) for p in obj.positions.all())  # type: ignore[attr-defined]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "user", "created_at")

    def has_add_permission(self, request: object) -> bool:  # tokens are issued by `tousu token create`
        return False
