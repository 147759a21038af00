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


def second_office(policy: str = "property-office", code: str = "wy_estate_b", name: str = "海景花园管理处") -> Any:
    """The policy runs in one more office of its organisation (a property company's second
    estate) with its own departments, each playing the policy's department of that name
    (`function`), as `tousu org import` would set it up."""
    from tousu.org import tree as org_tree
    from tousu.org.models import Unit
    from tousu.policies import registry
    from tousu.policies.models import Policy

    root = Unit.objects.get(code=policy)
    office = Unit.objects.create(organisation_id=root.organisation_id, code=code, name=name, kind="office", parent=root)
    Policy.objects.get(name=policy).homes.add(office)
    spec = registry.current_spec(policy)
    assert spec is not None
    made = {}
    for item in spec.departments:  # parents are declared before their children
        made[item.code] = Unit.objects.create(
            organisation_id=root.organisation_id,
            code=f"{code}_{item.code}",
            name=item.name,
            kind=item.kind,
            parent=made.get(item.parent or "", office),
            function=item.code,
        )
    org_tree.forget()
    registry.forget()
    return office


def hold(client: Client, role: str, unit: str, **position: str) -> None:
    """Give the desk user of `client` one more position (a person holds several)."""
    from tousu.org.models import Position, Unit

    Position.objects.create(user=client.user, role=role, unit=Unit.objects.get(code=unit), **position)  # type: ignore[attr-defined]
