"""The NUL character is bad input everywhere: PostgreSQL cannot store or compare text with
it (SQLite can), so letting it through was a server error on one database and not on the
other. Django's forms refuse it already; the API parser, the middleware (paths and query
strings) and Open311 refuse it with this test and this message. Found by the OpenAPI fuzz
test."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext


def has_nul(value: Any) -> bool:
    """Whether a string, or any key or value of a parsed body, holds a NUL."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


def message() -> str:
    return gettext("Text may not contain the NUL character.")
