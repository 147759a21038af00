from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tousu.workcal.models import CalendarDay, CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "imported_at", "grid_link")
    change_list_template = "admin/workcal/calendaryear/change_list.html"

    @admin.display(description=_("year grid"))
    def grid_link(self, obj: CalendarYear) -> str:
        from django.urls import reverse

        return format_html('<a href="{}">{}</a>', reverse("admin:workcal_calendar_grid", args=[obj.year]), obj.year)

    def get_urls(self) -> list[URLPattern]:
        from tousu.adminpages.calendar_pages import grid_view

        def view(request: HttpRequest, year: int) -> HttpResponse:
            return grid_view(request, self.admin_site, year)

        grid = path("grid/<int:year>/", self.admin_site.admin_view(view), name="workcal_calendar_grid")
        return [grid, *super().get_urls()]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        this_year = timezone.localdate().year
        return super().changelist_view(request, {**(extra_context or {}), "this_year": this_year})


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "name", "year")
    list_filter = ("year", "is_workday")
