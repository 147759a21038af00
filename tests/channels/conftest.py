from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .dovecot import Dovecot, running

MAILS = Path(__file__).resolve().parent / "mails"


def eml(name: str) -> bytes:
    return (MAILS / name).read_bytes()


def api_key(api: Any) -> str:
    """The API token of a staff client (tests/conftest.py `staff`): an Open311 api_key."""
    return str(api.headers["HTTP_AUTHORIZATION"].removeprefix("Bearer "))


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A dovecot IMAP server of this test's own: the 12365 bureau's published complaint
    mailbox (P2.7) and a property office's mailbox."""
    with running({"ts-mailbox": "ts-secret-1", "wy-mailbox": "wy-secret-2"}) as server:
        yield server


# The second office of the property company: its own customer-service desk and
# departments, each playing the property-office procedure's department (P4.3).
SECOND_OFFICE = "ch_office"
SECOND_OFFICE_UNITS = {
    "ch_customer_service": ("春华园客服部", "customer_service", "wy_customer_service"),
    "ch_engineering": ("春华园工程部", "operations", "wy_engineering"),
    "ch_cleaning": ("春华园环境部", "operations", "wy_cleaning"),
    "ch_security": ("春华园秩序维护部", "operations", "wy_security"),
    "ch_admin": ("春华园管理处办公室", "management_office", "wy_office"),
}


@pytest.fixture
def second_office(setup_data: None) -> str:
    """property-office runs in a second office, 春华园管理处, beside the first (the
    company's own root unit, where the preset placed it). Returns the office's code."""
    from tousu.org import tree
    from tousu.org.models import Unit
    from tousu.policies import registry
    from tousu.policies.models import Policy

    root = Unit.objects.get(code="property-office")
    office = Unit.objects.create(
        organisation=root.organisation, code=SECOND_OFFICE, name="春华园管理处", kind="office", parent=root
    )
    for code, (name, kind, function) in SECOND_OFFICE_UNITS.items():
        Unit.objects.create(
            organisation=root.organisation, code=code, name=name, kind=kind, parent=office, function=function
        )
    Policy.objects.get(name="property-office").homes.add(office)
    registry.forget()
    tree.forget()
    return SECOND_OFFICE
