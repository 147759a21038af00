from django.urls import path

from tousu.library import views

app_name = "library"

urlpatterns = [
    path("", views.library, name="list"),
    path("write/", views.write, name="write"),
    path("export.docx", views.export_docx, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:step>/", views.act, name="act"),
    path("templates/<int:pk>/use/<str:number>/", views.use_template, name="use_template"),
]
