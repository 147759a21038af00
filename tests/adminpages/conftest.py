"""The administrator's client, and a form read off an admin page as a browser would
submit it."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client


@pytest.fixture
def admin_client_zh(setup_data: None) -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.org", "root-password-123456")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


class _Form(HTMLParser):
    """The fields of the page's main form with the values a browser would send unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._form_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form_depth += 1
        if not self._form_depth:
            return
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                self.fields.setdefault(name, [])
                return
            self.fields.setdefault(name, []).append(a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                self.fields[self._textarea][0] = self.fields[self._textarea][0].removeprefix("\n")
            self._textarea = None
        elif tag == "form" and self._form_depth:
            self._form_depth -= 1


def form_of(client: Client, url: str) -> dict[str, Any]:
    """The POST data of the form on `url`, unchanged; change what the test changes."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    parser = _Form()
    parser.feed(page.content.decode())
    return {name: values if len(values) != 1 else values[0] for name, values in parser.fields.items() if values}


def options_of(html: str, select_name: str) -> list[str]:
    """The labels offered by a <select> of the page."""
    start = html.index(f'name="{select_name}"')
    block = html[start : html.index("</select>", start)]
    import re

    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", block) if label.strip("-\n ")]
