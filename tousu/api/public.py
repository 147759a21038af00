"""What anyone may ask without logging in: a case's state by tracking number + code."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from tousu.api import render
from tousu.api.schemas import ErrorOut, PublicStatusOut
from tousu.cases.errors import NotFound
from tousu.cases.public_status import find_for_complainant
from tousu.security import public_limits

router = Router(auth=None)


@router.get(
    "/status", response={200: PublicStatusOut, 404: ErrorOut, 429: ErrorOut}, summary="Case status for the complainant"
)
def status(request: HttpRequest, number: str, code: str) -> dict[str, Any]:
    """Answers the state and the complainant-visible timeline, nothing personal. A wrong
    code answers exactly like an unknown number, so numbers cannot be enumerated."""
    limited = public_limits.limited(request, "lookup")
    if limited:
        raise public_limits.RateLimited(limited)
    found = find_for_complainant(number, code)
    if found is None:
        raise NotFound(_("No case matches this tracking number and verification code."))
    return render.public_status(found)
