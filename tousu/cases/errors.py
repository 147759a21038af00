"""The domain's refusals. Each carries a stable code (for API clients) and a message
translated into the user's language when shown."""

from typing import Any

from django.utils.functional import Promise


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str | Promise, *, code: str | None = None, details: dict[str, list[Any]] | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.details = details or {}


class InvalidInput(DomainError):
    status = 422
    code = "invalid_input"


class ActionRefused(DomainError):
    """The state, the policy or the role forbids this action now."""

    status = 409
    code = "refused"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """Someone else changed the case since the client read it."""

    status = 409
    code = "conflict"


class NotFound(DomainError):
    status = 404
    code = "not_found"
