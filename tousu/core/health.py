"""`GET /healthz`: the process answers and reaches its database (for load balancers and for
the test and benchmark helpers that wait for a server to come up)."""

from django.db import connection
from django.http import HttpRequest, HttpResponse


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
