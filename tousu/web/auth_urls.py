"""Staff sign-in at /accounts/: Django's own views with the desk's template, failure
throttling and the optional second factor (tousu.security)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from tousu.security.login import LoginView

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/", include("tousu.security.urls")),
]
