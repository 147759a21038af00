from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from tousu.api.api import api
from tousu.core.health import healthz

urlpatterns = [
    path("healthz", healthz),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("p/survey/", include("tousu.improve.survey_urls")),
    path("p/", include("tousu.portal.urls")),
    path("desk/print/", include("tousu.printing.urls")),
    path("desk/reports/", include("tousu.reports.urls")),
    path("desk/audit/", include("tousu.audit.urls")),
    path("desk/improve/", include("tousu.improve.urls")),
    path("desk/library/", include("tousu.library.urls")),
    path("desk/", include("tousu.web.urls")),
    path("accounts/", include("tousu.web.auth_urls")),
    path("", RedirectView.as_view(pattern_name="web:worklist", permanent=False)),
    path("open311/v2/", include("tousu.channels.open311.urls")),  # GeoReport v2 (docs/channels.md)
]

if settings.TOUSU_BENCH:
    # Only in benchmark runs: the bare one-row insert endpoint used as the baseline.
    urlpatterns.append(path("bench/", include("bench.bareapp.urls")))
