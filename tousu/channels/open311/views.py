"""Open311 GeoReport v2 endpoints: thin; the mapping lives in services.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from tousu.cases.scope import visible_cases
from tousu.channels.open311 import render, services
from tousu.core import nul
from tousu.org.tokens import user_for_token
from tousu.security import public_limits, ratelimit

View = Callable[..., HttpResponse]


def open311(view: View) -> View:
    """Errors as the spec's list of {code, description}, in the format asked for."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except services.Open311Error as error:
            return render.error(error.status, error.description, fmt)
        except public_limits.RateLimited as limited:
            wait = ratelimit.Limited(limited.retry_after)
            response = render.error(429, public_limits.message(wait), fmt)
            response["Retry-After"] = str(limited.retry_after)
            return response

    return wrapped


def _params(request: HttpRequest) -> dict[str, str]:
    source = request.POST if request.method == "POST" else request.GET
    params = {key: source.get(key, "") for key in source}
    if nul.has_nul(params):  # form posts: the middleware saw only the query string
        raise services.Open311Error(400, nul.message())
    return params


def _spec(params: dict[str, str]) -> services.PolicySpec:
    return services.policy_for(params.get("jurisdiction_id") or settings.TOUSU_OPEN311_JURISDICTION)


def _user(params: dict[str, str]) -> Any:
    key = params.get("api_key", "")
    return user_for_token(key) if key else None


def _reader(request: HttpRequest, params: dict[str, str]) -> tuple[Any, services.PolicySpec]:
    """Who reads requests (a key holder, or the public: None) and in which jurisdiction.
    The public is rate-limited on the counter the other public endpoints share, before
    the jurisdiction is looked up, and a jurisdiction that lists nothing publicly answers
    exactly as one that does not exist (P2.11)."""
    user = _user(params)
    if user is None:
        limited = public_limits.limited(request, "open311")
        if limited is not None:
            raise public_limits.RateLimited(limited)
    spec = _spec(params)
    if user is None and not spec.public_listing:
        raise services.unknown_jurisdiction()
    return user, spec


@require_GET
@open311
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return render.answer("services", services.services(_spec(_params(request))), fmt)


@require_GET
@open311
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    return render.answer("service_definition", services.definition(_spec(_params(request)), code), fmt)


@csrf_exempt  # other systems post with an api_key, not a browser session
@require_http_methods(["GET", "POST"])
@open311
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    params = _params(request)
    if request.method == "POST":
        spec = _spec(params)
        user = _user(params)
        if user is None:
            raise services.Open311Error(403, _("api_key was not provided or is not valid"))
        attrs = {key[len("attribute[") : -1]: value for key, value in params.items() if key.startswith("attribute[")}
        case = services.file_request(spec, params, attrs, actor=user)
        notice = _("Keep the tracking number and the verification code %(code)s to follow the case.") % {
            "code": case.verification_code
        }
        body = [{"service_request_id": case.number, "service_notice": notice, "account_id": None}]
        return render.answer("requests", body, fmt, status=201)
    user, spec = _reader(request, params)
    rows = list(services.requests_of(spec, params, user))
    return render.answer("requests", _views(rows, spec, user), fmt)


@require_GET
@open311
def request_by_id(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    params = _params(request)
    user, spec = _reader(request, params)
    rows = list(services.requests_of(spec, {"service_request_id": number}, user))
    if not rows:
        raise services.Open311Error(404, _("service_request_id not found"))
    return render.answer("requests", _views(rows[:1], spec, user), fmt)


def _views(rows: list[Any], spec: services.PolicySpec, user: Any) -> list[dict[str, Any]]:
    """Everyone listed sees the status; the description and the place only a key holder
    whose scope takes in the case (the same rule as the desk and the API)."""
    ids = [case.pk for case in rows]
    full = set(visible_cases(user).filter(pk__in=ids).values_list("pk", flat=True)) if user and ids else set()
    return [services.request_view(case, spec, full=case.pk in full) for case in rows]
