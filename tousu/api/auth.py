from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from ninja.security import HttpBearer

from tousu.org.models import hash_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `tousu token create USER`.

    Looked up on every request (no cache), so a revoked token or a disabled user is
    refused on the next request.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        User = get_user_model()
        try:
            # .get() rather than .first(): no ORDER BY to compile on this hot path.
            user = User.objects.select_related("staff").get(
                api_tokens__digest=hash_token(token), api_tokens__revoked_at__isnull=True, is_active=True
            )
        except User.DoesNotExist:
            return None
        request.user = user
        return user
