"""The access log in the admin: read only, no change, no delete (append-only by design)."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from tousu.audit.models import AccessEntry, BreakGlass
from tousu.audit.pipl_admin import pipl_view
from tousu.policies.admin import ReadOnly


@admin.register(AccessEntry)
class AccessEntryAdmin(ReadOnly):
    list_display = ("at", "username", "action", "number", "reason")
    list_filter = ("action",)
    search_fields = ("username", "number")
    show_full_result_count = False

    def get_urls(self) -> list[URLPattern]:
        def view(request: HttpRequest) -> HttpResponse:
            return pipl_view(request, self.admin_site)

        return [path("pipl/", self.admin_site.admin_view(view), name="audit_pipl"), *super().get_urls()]


@admin.register(BreakGlass)
class BreakGlassAdmin(ReadOnly):
    list_display = ("user", "reason", "opened_at", "expires_at")
