import time
from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, JsonResponse

from tousu.core import nul


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=<ms>` so benchmarks read server time, not network time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response


class RefuseNulMiddleware:
    """400 for a NUL character (tousu.core.nul) in the path or the query string, on every
    page and endpoint. Bodies are checked where they are parsed (forms, the API parser)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if nul.has_nul((request.path, unquote(request.META.get("QUERY_STRING", "")))):
            return JsonResponse({"code": "bad_request", "message": nul.message(), "details": {}}, status=400)
        return self.get_response(request)
