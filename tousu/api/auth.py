from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from tousu.cases.errors import Forbidden
from tousu.org.tokens import scope_needed, user_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `tousu token create USER`.

    Looked up on every request (no cache), so a revoked token or a disabled user is
    refused on the next request; a token's scopes limit what it may do (tousu.org.tokens).
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        needed = scope_needed(request.method or "GET", request.path)
        if needed not in user.token_scopes:  # type: ignore[attr-defined]
            raise Forbidden(_("This API token may not do this (it lacks the “%(scope)s” scope).") % {"scope": needed})
        request.user = user
        return user
