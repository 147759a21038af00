"""The REST API under /api/v1/: OpenAPI 3 at /api/v1/openapi.json, docs at /api/v1/docs."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from tousu.api.auth import TokenAuth
from tousu.api.parser import NulRefusingParser
from tousu.cases.errors import DomainError
from tousu.security.public_limits import RateLimited

api = NinjaAPI(
    title="Tousu API",
    version="1",
    description="Complaint intake and handling (投诉受理平台). Errors are JSON: code, message, details.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api-1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    parser=NulRefusingParser(),
)


def error(request: HttpRequest, status: int, code: str, message: str, details: dict | None = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "details": details or {}}, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error(request, exc.status, exc.code, str(exc.message), exc.details)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details: dict[str, list] = {}
    for item in exc.errors:
        loc = [str(p) for p in item.get("loc", []) if p not in ("body", "query", "path", "payload", "data")]
        details.setdefault(".".join(loc) or "__all__", []).append(item.get("msg", ""))
    return error(request, 422, "invalid_input", _("Some fields are not valid."), details)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, "unauthenticated", _("Log in or send a valid API token."))


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = error(request, 429, "rate_limited", _("Too many requests. Try again later."))
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, DomainError):
        # Ninja wraps what the body parser raises (tousu.api.parser): answer with the cause.
        return domain_error(request, exc.__cause__)
    return error(request, exc.status_code, "http_error", str(exc))


from tousu.api import complaints, public, reference, search  # noqa: E402

api.add_router("/complaints", complaints.router, tags=["complaints"])
api.add_router("/public", public.router, tags=["public"])
api.add_router("", reference.router, tags=["reference"])

from tousu.reports.api import router as reports_router  # noqa: E402

api.add_router("/reports", reports_router, tags=["reports"])
api.add_router("", search.router, tags=["search"])
from tousu.notify import api as notify_api  # noqa: E402

api.add_router("/notifications", notify_api.router, tags=["notifications"])
from tousu.audit import api as audit_api  # noqa: E402

api.add_router("", audit_api.router, tags=["audit"])

from tousu.improve.api import router as improve_router  # noqa: E402
from tousu.library.api import router as library_router  # noqa: E402

api.add_router("/improve", improve_router, tags=["improvement"])
api.add_router("/library", library_router, tags=["case library"])
