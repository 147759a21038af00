from django.urls import path

from tousu.portal import callback

app_name = "portal"

urlpatterns = [
    path("callback/<str:token>/", callback.callback_page, name="callback"),
]
