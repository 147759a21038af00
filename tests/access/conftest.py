"""Two departments of the property office and a case in each, for the access tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import Api
from tousu.org.management.commands.user import add_user

# Department B's case: cleaning, routed to wy_cleaning (P4.3), taken in by customer service.
B_CASE: dict[str, Any] = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": "欧阳秀英",
    "complainant_phone": "13912345678",
    "complainant_unit": "9栋2单元1101",
    "category": "cleaning",
    "content": "九号楼楼道垃圾堆积无人清理已经三天",
}


class Person:
    """One staff member with both doors: an API client (token) and a desk client (session)."""

    def __init__(self, role: str, department: str | None, username: str, display_name: str = ""):
        add_user(username, role, department, display_name or username, "pw-" + username + "-123456")
        self.user = get_user_model().objects.get(username=username)
        from tousu.org.models import ApiToken

        _, raw = ApiToken.issue(self.user)
        self.token = raw
        self.api = Api(raw)
        self.api.username = username  # type: ignore[attr-defined]
        self.desk = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        self.desk.force_login(self.user)
        self.username = username


@pytest.fixture
def person(setup_data: None) -> Callable[..., Person]:
    counter = {"n": 0}

    def make(role: str, department: str | None, display_name: str = "") -> Person:
        counter["n"] += 1
        return Person(role, department, f"{role}{counter['n']}", display_name)

    return make


def register(person: Person, **overrides: Any) -> dict[str, Any]:
    response = person.api.post("/complaints", {**B_CASE, **overrides})
    assert response.status_code == 201, response.content.decode()
    return response.json()  # type: ignore[no-any-return]
