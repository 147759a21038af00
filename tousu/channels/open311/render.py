"""Open311 answers as JSON or XML, in the element names the GeoReport v2 spec gives."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

# The XML root and item element of each kind of answer.
XML_NAMES = {
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(name: str, value: Any) -> ET.Element:
    element = ET.Element(name)
    if isinstance(value, dict):
        for key, item in value.items():
            element.append(_element(key, item))
    elif isinstance(value, list):
        # The only nested lists in GeoReport v2: attributes, and the values of one.
        child = "attribute" if name == "attributes" else "value"
        for item in value:
            element.append(_element(child, item))
    else:
        element.text = _text(value)
    return element


def to_xml(kind: str, body: Any) -> bytes:
    if kind == "service_definition":
        root = _element("service_definition", body)
    else:
        root_name, item_name = XML_NAMES[kind]
        root = ET.Element(root_name)
        for item in body:
            root.append(_element(item_name, item))
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def answer(kind: str, body: Any, fmt: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(to_xml(kind, body), status=status, content_type="text/xml; charset=utf-8")
    data = json.dumps(body, ensure_ascii=False)
    return HttpResponse(data.encode(), status=status, content_type="application/json; charset=utf-8")


def error(status: int, description: str, fmt: str) -> HttpResponse:
    return answer("errors", [{"code": status, "description": description}], fmt, status=status)
