from django.urls import path

from tousu.improve import views

app_name = "improve"

urlpatterns = [
    path("", views.action_list, name="list"),
    path("issue/", views.issue, name="issue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/notice.docx", views.notice, name="notice"),
    path("<int:pk>/<str:step>/", views.act, name="act"),
]
