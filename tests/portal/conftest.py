"""Cases for the portal tests, made through the real API by named staff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tousu.cases.models import Complaint

ELEVATOR = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": "王芳",
    "complainant_phone": "13800001234",
    "complainant_unit": "3栋1单元502",
    "category": "elevator",
    "content": "3栋1单元电梯停在8楼不动，请马上处理。",
}


# What a resident types into the property office's public form (P4.4.1, online).
WEB_FORM = {
    "complainant_name": "李娜",
    "complainant_phone": "13900002222",
    "complainant_unit": "5栋2单元1101",
    "category": "cleaning",
    "content": "楼道垃圾三天没有清运，气味很大。",
    "consent": "on",
}


def web_form(client: Any, **overrides: Any) -> dict[str, Any]:
    """The form's fields with a fresh submission key from the page, as a browser sends them."""
    page = client.get("/p/submit/property-office/")
    assert page.status_code == 200
    return {**WEB_FORM, "submission": page.context["form"]["submission"].value(), **overrides}


class PropertyOffice:
    """A P4 office: customer service receives and calls back, engineering handles."""

    def __init__(self, staff: Callable[..., Any]):
        self.receptionist = staff("receptionist", "wy_customer_service")
        self.head = staff("department_head", "wy_engineering")
        self.handler = staff("handler", "wy_engineering")
        self.cs_head = staff("department_head", "wy_customer_service")

    def register(self, **fields: Any) -> Complaint:
        response = self.receptionist.post("/complaints", {**ELEVATOR, **fields})
        assert response.status_code == 201, response.content.decode()
        return Complaint.objects.get(number=response.json()["number"])

    def resolved(self) -> Complaint:
        complaint = self.register()
        self.head.act(complaint.number, "assign", assignee=self.handler.username)
        self.handler.act(complaint.number, "resolve", outcome="repair", summary="更换门机控制板，电梯恢复正常。")
        complaint.refresh_from_db()
        return complaint


@pytest.fixture
def office(staff: Callable[..., Any]) -> PropertyOffice:
    return PropertyOffice(staff)
