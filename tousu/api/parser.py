"""The API's request parser: Django's own, refusing the NUL character in any text.

PostgreSQL cannot store NUL in a text column (SQLite can), so a NUL that reached a query
or an INSERT was a server error on one database and not on the other. Django's forms
refuse it (`ProhibitNullCharactersValidator`); this does the same for the API, once, for
JSON bodies, query strings and form fields alike. Found by the OpenAPI fuzz test."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.parser import Parser

from tousu.cases.errors import InvalidInput


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _refuse_nul(data: Any) -> Any:
    if _has_nul(data):
        message = _("Text may not contain the NUL character.")
        raise InvalidInput(message, details={"__all__": [message]})
    return data


class NulRefusingParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        return _refuse_nul(super().parse_body(request))

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> Any:
        return _refuse_nul(super().parse_querydict(data, list_fields, request))
