"""What every desk view shares: login required, the desk of the user, rendering."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from tousu.web.desk import Desk, desk_of

DeskView = Callable[..., HttpResponseBase]


def desk_view(view: Callable[..., HttpResponseBase]) -> DeskView:
    """Login required; the view receives the request and the Desk of its user."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return view(request, desk_of(request), *args, **kwargs)

    return wrapper


def page(request: HttpRequest, desk: Desk, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, template, {"desk": desk, **context}, status=status)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
