"""Registering cases through the real intake for the search tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tousu.cases.intake import register
from tousu.cases.models import Complaint
from tousu.org.management.commands.user import add_user


@pytest.fixture
def receptionist(setup_data: None) -> Any:
    add_user("lina", "receptionist", "wy_customer_service", "李娜", "pw-lina-123456")
    return get_user_model().objects.get(username="lina")


@pytest.fixture
def file_case(receptionist: Any) -> Callable[..., Complaint]:
    """file_case(content, **fields) registers a property-office complaint by phone."""

    def make(content: str, **fields: Any) -> Complaint:
        payload = {
            "policy": "property-office",
            "channel": "phone",
            "complainant_name": "王芳",
            "complainant_phone": "13800001234",
            "complainant_unit": "3栋1单元502",
            "category": "maintenance",
            "content": content,
            **fields,
        }
        return register(payload, actor=receptionist).complaint

    return make
