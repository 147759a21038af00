from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from tousu.org.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `tousu token create USER`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user", "user__staff")
            .filter(digest=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        request.user = found.user
        return found.user
