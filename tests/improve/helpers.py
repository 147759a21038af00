"""A confidential special-equipment report taken through its whole life over the API, for
the improvement tests (P2.4-P2.11)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from docx import Document

from tests.conftest import Api

REPORTER_NAME = "陈建国"
REPORTER_PHONE = "13622220000"
REPORT: dict[str, Any] = {
    "policy": "special-equipment",
    "channel": "hotline",
    "kind": "report",
    "complainant_name": REPORTER_NAME,
    "complainant_phone": REPORTER_PHONE,
    "confidential": True,
    "equipment_type": "elevator",
    "equipment_stage": "use",
    "category": "elevator",
    "subject_org": "金海湾购物广场",
    "location": "金海湾购物广场东侧观光电梯",
    # The reporter's own words name them: the texts that leave the case must not.
    "content": "我是陈建国，电话13622220000。商场东侧观光电梯检验合格证已过期半年仍在运行，昨天还出现过急停。",
    "request": "请依法查处并告知处理结果，回电陈先生",
}


@dataclass
class Bureau:
    hotline: Api
    head: Api
    inspector: Api
    manager: Api


def bureau(staff: Any) -> Bureau:
    return Bureau(
        hotline=staff("receptionist", "ts_12365"),
        head=staff("department_head", "ts_special"),
        inspector=staff("handler", "ts_special"),
        manager=staff("complaint_manager", "ts_supervision"),
    )


def registered(b: Bureau, **overrides: Any) -> str:
    created = b.hotline.post("/complaints", {**REPORT, **overrides})
    assert created.status_code == 201, created.content.decode()
    return created.json()["number"]  # type: ignore[no-any-return]


def closed_report(b: Bureau, **overrides: Any) -> str:
    """Screened, assigned, planned, resolved with a penalty, the reporter told, closed."""
    number = registered(b, **overrides)
    b.hotline.act(number, "screen", decision="in_scope")
    b.head.act(number, "assign", assignee=b.inspector.username)
    b.inspector.act(number, "plan", plan="现场检查该电梯使用登记及定期检验情况。")
    b.inspector.act(number, "resolve", outcome="penalty", summary="对使用单位处以罚款并责令完成定期检验。")
    b.hotline.act(number, "reply", reply_kind="result", channel="phone", text="已依法处理，感谢您的举报。")
    assert b.hotline.act(number, "close")["complaint"]["state"] == "closed"
    return number


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a Word document."""
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def assert_no_reporter(text: str) -> None:
    for personal in (REPORTER_NAME, REPORTER_PHONE, "陈先生"):
        assert personal not in text, personal


def signed_in(api: Api) -> Client:
    """The desk, signed in as the person behind an API persona."""
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(get_user_model().objects.get(username=api.username))  # type: ignore[attr-defined]
    return client
