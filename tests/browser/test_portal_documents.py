"""Staff documents and administration pages in a real browser: a printed record form
(P4.5.1) and the working-day calendar year grid, with the accessibility audit."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tousu.cases.actions import perform
from tousu.cases.intake import register


def test_the_record_form_prints_on_a4(page, server, desk_user, login, axe, screenshot):
    from django.contrib.auth import get_user_model

    username, password = desk_user("receptionist", "wy_customer_service", name="张丽")
    head, _ = desk_user("department_head", "wy_engineering", name="赵工")
    users = {u.username: u for u in get_user_model().objects.select_related("staff")}
    complaint = register(
        {
            "policy": "property-office",
            "channel": "phone",
            "complainant_name": "王芳",
            "complainant_phone": "13800001234",
            "complainant_unit": "3栋1单元502",
            "category": "elevator",
            "content": "3栋1单元电梯停在8楼不动，里面有老人被困，请马上处理。",
            "request": "尽快修好电梯，并说明原因",
        },
        actor=users[username],
    ).complaint
    perform(
        complaint,
        "reply",
        {"reply_kind": "first", "channel": "phone", "text": "已通知工程部立即处理。", "second_reply_by": "2026-12-02"},
        actor=users[username],
    )
    perform(complaint, "assign", {}, actor=users[head])

    login(page, username, password)
    page.goto(f"{server}/desk/print/{complaint.number}/record/")
    expect(page.locator("h1")).to_have_text("客户投诉处理记录表")
    axe(page)
    screenshot(page, "print-record")
    # The print medium drops the toolbar and keeps the sheet.
    page.emulate_media(media="print")
    assert not page.locator(".toolbar").is_visible()
    page.emulate_media(media="screen")


def test_the_calendar_year_grid_in_the_admin(page, server, axe, screenshot):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", "root@example.org", "root-password-2026")
    page.goto(f"{server}/admin/login/?next=/admin/workcal/calendaryear/grid/2026/")
    page.locator("#id_username").fill("root")
    page.locator("#id_password").fill("root-password-2026")
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r".*/grid/2026/"))
    assert page.locator(".month").count() == 12
    axe(page)
    screenshot(page, "admin-calendar")
