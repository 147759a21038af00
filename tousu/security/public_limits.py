"""Limits on what anyone may do without logging in: the public form, the public lookup and
the public status API, per client address and per phone number (docs/security.md)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tousu.security import ratelimit


class RateLimited(Exception):
    """Raised by the API's public endpoints; answered 429 with Retry-After."""

    def __init__(self, limited: ratelimit.Limited) -> None:
        super().__init__("rate limited")
        self.retry_after = limited.retry_after


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())[-11:]


def limited(request: HttpRequest, action: str, phone: str = "") -> ratelimit.Limited | None:
    """Count this request against its address (and phone, if any); Limited when over."""
    window = settings.TOUSU_PUBLIC_WINDOW_SECONDS
    found = ratelimit.hit(
        f"public-{action}-address",
        ratelimit.client_address(request),
        limit=settings.TOUSU_PUBLIC_PER_ADDRESS,
        window=window,
    )
    digits = _digits(phone)
    if found is None and digits:
        found = ratelimit.hit(f"public-{action}-phone", digits, limit=settings.TOUSU_PUBLIC_PER_PHONE, window=window)
    return found


def message(limited: ratelimit.Limited) -> str:
    minutes = max(1, (limited.retry_after + 59) // 60)
    return _("Too many requests from you. Please try again in %(minutes)s minutes.") % {"minutes": minutes}


def too_many_page(request: HttpRequest, limited: ratelimit.Limited) -> HttpResponse:
    response = render(request, "security/too_many.html", {"message": message(limited)}, status=429)
    response["Retry-After"] = str(limited.retry_after)
    return response
