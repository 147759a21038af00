from django.urls import path

from tousu.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/", views.cases, name="cases"),
    path("analysis/", views.analysis, name="analysis"),
    path("download/<str:report>/<str:fmt>/", views.download, name="download"),
]
