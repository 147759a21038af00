from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from tousu.policies.models import Policy, PolicyVersion


class ReadOnly(admin.ModelAdmin):
    """Policies change only by loading a new version (`tousu policy load` or the import page)."""

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Policy)
class PolicyAdmin(ReadOnly):
    list_display = ("name", "title", "current", "version_count")
    change_list_template = "admin/policies/policy/change_list.html"
    change_form_template = "admin/policies/policy/change_form.html"
    fields = ("name", "title", "current")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Policy]:
        return super().get_queryset(request).select_related("current").annotate(version_total=Count("versions"))

    @admin.display(description="#")
    def version_count(self, obj: Policy) -> int:
        return getattr(obj, "version_total", 0)

    def get_urls(self) -> list[URLPattern]:
        from tousu.adminpages.policy_pages import import_view

        def view(request: HttpRequest) -> HttpResponse:
            return import_view(request, self.admin_site)

        return [path("import/", self.admin_site.admin_view(view), name="policies_policy_import"), *super().get_urls()]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        from tousu.adminpages.policy_pages import may_import

        return super().changelist_view(request, {**(extra_context or {}), "may_import": may_import(request)})

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        versions = (
            PolicyVersion.objects.filter(policy_id=object_id)
            .order_by("-number")
            .only("id", "number", "created_at", "digest", "policy_id")
        )
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "versions": versions})


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnly):
    list_display = ("policy", "number", "created_at")
    list_filter = ("policy",)
    list_select_related = ("policy",)
    fields = ("policy", "number", "created_at", "digest")
    readonly_fields = fields
    change_form_template = "admin/policies/policyversion/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[PolicyVersion]:
        return super().get_queryset(request).defer("spec", "source")

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        from tousu.adminpages.policy_pages import version_context

        version = PolicyVersion.objects.filter(pk=object_id).first()
        extra = version_context(version) if version is not None else {}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})
