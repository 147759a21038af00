from django.urls import path

from tousu.security import login

app_name = "security"

urlpatterns = [
    path("totp/", login.totp_login, name="totp_login"),
    path("totp/setup/", login.totp_setup, name="totp_setup"),
]
