"""Desk tests with Django's test client: staff who log in with a session, and cases
registered through the real intake."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tousu.cases import intake
from tousu.cases.models import Complaint
from tousu.org.management.commands.user import add_user

PROPERTY_CASE: dict[str, Any] = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": "王芳",
    "complainant_phone": "13800001234",
    "complainant_unit": "3栋1单元502",
    "category": "elevator",
    "content": "3栋1单元电梯停在8楼不动，里面有老人被困。",
}


@pytest.fixture
def desk(setup_data: None) -> Callable[..., Client]:
    """desk("receptionist", "wy_customer_service") -> a logged-in test client (client.user)."""
    counter = {"n": 0}

    def make(role: str, department: str | None = None, name: str | None = None) -> Client:
        counter["n"] += 1
        username = f"{role}{counter['n']}"
        add_user(username, role, department, name or username, "pw-" + username)
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        client.user = user  # type: ignore[attr-defined]
        return client

    return make


@pytest.fixture
def registered(setup_data: None) -> Callable[..., Complaint]:
    """registered(by_client, **overrides) -> a case registered through intake by that user."""

    def make(by: Client, **overrides: Any) -> Complaint:
        return intake.register({**PROPERTY_CASE, **overrides}, actor=by.user).complaint  # type: ignore[attr-defined]

    return make
