from django.urls import path

from tousu.portal import callback, lookup, pages, submit

app_name = "portal"

urlpatterns = [
    path("", pages.home, name="home"),
    path("submit/", submit.choose, name="submit"),
    path("submit/<slug:policy>/", submit.submit, name="submit_to"),
    path("receipt/<str:token>/", submit.receipt, name="receipt"),
    path("track/", lookup.lookup, name="lookup"),
    path("channels/", pages.channels, name="channels"),
    path("privacy/", pages.privacy, name="privacy"),
    path("callback/<str:token>/", callback.callback_page, name="callback"),
]
