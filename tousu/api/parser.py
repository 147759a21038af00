"""The API's request parser: ninja's own, refusing the NUL character (tousu.core.nul) in
JSON bodies and form fields."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from tousu.cases.errors import InvalidInput
from tousu.core import nul


def _refuse_nul(data: Any) -> Any:
    if nul.has_nul(data):
        raise InvalidInput(nul.message(), details={"__all__": [nul.message()]})
    return data


class NulRefusingParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        return _refuse_nul(super().parse_body(request))

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> Any:
        return _refuse_nul(super().parse_querydict(data, list_fields, request))
