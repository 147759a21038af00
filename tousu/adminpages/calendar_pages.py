"""The working-day calendar as a year grid in the administration pages."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from tousu.adminpages.yeargrid import year_grid


def grid_view(request: HttpRequest, site: admin.AdminSite, year: int) -> HttpResponse:
    context = {
        **site.each_context(request),
        "title": _("Working-day calendar %(year)s") % {"year": year},
        "grid": year_grid(year),
        "weekday_names": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
    }
    return TemplateResponse(request, "admin/workcal/year_grid.html", context)
