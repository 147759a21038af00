from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from tousu.org.tokens import user_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `tousu token create USER`.

    Looked up on every request (no cache), so a revoked token or a disabled user is
    refused on the next request.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user
