from django.urls import re_path

from tousu.channels.open311 import views

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^services" + FMT, views.service_list, name="open311-services"),
    re_path(r"^services/(?P<code>[a-z][a-z0-9_]*)" + FMT, views.service_definition, name="open311-service"),
    re_path(r"^requests" + FMT, views.requests, name="open311-requests"),
    re_path(r"^requests/(?P<number>[A-Za-z0-9-]+)" + FMT, views.request_by_id, name="open311-request"),
]
