"""Acceptance, scenario 1 (P4, property-office), every step through the pages.

A receptionist registers a phone complaint (an elevator failure, urgent by P4.7.1); the
engineering head assigns it to a handler (P4.5.3 routing); the butler of the building
follows it up (P4.8) and the handler resolves it; the complainant answers the personal
callback link unsatisfied (P4.9.1); customer service reopens it (P4.10); the handler
resolves it again; the second callback is satisfied; only the head of the department
concerned signs off (P4.5.3: the handler's page says who) and customer service closes it.
Each step is taken by whom the procedure names (the policy's `people`).
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.desk_steps import (
    act,
    fill,
    open_case,
    open_registration,
    signed_in,
    state_of,
    submit_registration,
    timeline_actions,
)


def answer_callback(new_page, server, link: str, satisfaction: str, comments: str, screenshot=None) -> None:
    """The complainant opens the personal link in their own browser, with no login."""
    phone = new_page(viewport=PHONE)
    phone.goto(f"{server}{link}")
    phone.locator(f"input[name=satisfaction][value={satisfaction}]").check()
    phone.locator("textarea[name=comments]").fill(comments)
    if screenshot:
        screenshot(phone, "callback-phone")
    phone.locator("form:has(input[name=satisfaction]) button[type=submit]").click()
    expect(phone.locator("[role=status]").first).to_be_visible()
    phone.context.close()


def test_property_office_case_from_phone_call_to_closure(page, new_page, server, desk_user, login, axe, screenshot):
    receptionist = desk_user("receptionist", "wy_customer_service", name="张丽")
    head = desk_user("department_head", "wy_engineering", name="赵国强")
    handler = desk_user("handler", "wy_engineering", name="李强")
    butler = desk_user("receptionist", "wy_customer_service", name="钱管家")
    from tousu.org.models import Position

    Position.objects.filter(user__username=head[0]).update(title="工程部主管")
    # P4.8: the butler of buildings 1–8 follows up their complaints.
    Position.objects.filter(user__username=butler[0]).update(title="物业管家", duties="butler", area="1,2,3,4,5,6,7,8")

    # --- The receptionist takes the call and registers it (P4.5.1, P5.1) ---------------
    login(page, *receptionist)
    open_registration(page)
    fill(page, {"complainant_phone": "13800001234", "complainant_name": "王芳", "complainant_unit": "3栋1单元502"})
    fill(page, {"category": "elevator"})
    # P4.7.1: the policy marks an elevator failure for same-day dispatch.
    expect(page.locator("#urgent-hint")).to_contain_text("P4.7.1")
    expect(page.locator("#id_urgent")).to_be_checked()
    fill(
        page,
        {"content": "3栋1单元电梯停在8楼不动，里面有老人被困，请马上处理。", "request": "尽快修好电梯，并说明原因"},
    )
    # The suggestions agree, with their reason (tousu.search.suggest).
    expect(page.locator("#suggestions")).to_contain_text("工程部")
    page.locator("#attachments").set_input_files(
        {"name": "电梯照片.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff" + b"0" * 2048}
    )
    axe(page)
    screenshot(page, "register")
    number = submit_registration(page)
    assert number.startswith("WY")
    axe(page)
    screenshot(page, "registered")

    page.get_by_role("link", name="打开案件").click()
    expect(page.locator("#case-state")).to_have_text("已登记")
    expect(page.locator(".tag.urgent")).to_be_visible()
    expect(page.locator("tr[data-clock=same_day_dispatch]")).to_be_visible()
    expect(page.get_by_role("link", name="电梯照片.jpg")).to_be_visible()
    # Only the actions this role may take now: a receptionist cannot resolve (P4.3).
    expect(page.locator("#action-resolve")).to_have_count(0)
    act(page, "reply", {"reply_kind": "first", "channel": "phone", "text": "已通知工程部立即处理。"})
    # A repeat call from the same number shows the case on the registration form.
    page.goto(f"{server}/desk/register/")
    page.locator("#id_complainant_phone").fill("13800001234")
    expect(page.locator("#caller")).to_contain_text(number)

    # --- The engineering head assigns it to the handler (P4.5.3) -----------------------
    head_page = signed_in(new_page, login, head)
    expect(head_page.locator("#table-queue")).to_contain_text(number)
    open_case(head_page, server, number)
    act(head_page, "assign", {"assignee": handler[0]})
    assert state_of(head_page) == "已分派"

    # --- The butler of the building follows it up (P4.8); the handler resolves it ------
    butler_page = signed_in(new_page, login, butler)
    open_case(butler_page, server, number)
    act(butler_page, "follow_up", {"note": "电梯已恢复运行，正在排查故障原因。"})
    butler_page.context.close()
    handler_page = signed_in(new_page, login, handler)
    expect(handler_page.locator("#table-mine")).to_contain_text(number)  # 首问负责 / mine
    axe(handler_page)
    screenshot(handler_page, "worklist")
    open_case(handler_page, server, number)
    act(handler_page, "determine_responsibility", {"responsibility": "outside_party", "note": "维保单位未按期保养"})
    act(handler_page, "resolve", {"outcome": "repair", "summary": "更换门机控制板，电梯恢复正常。"})
    assert state_of(handler_page) == "已办结"

    # --- Customer service cannot close before a satisfied callback (P4.10) ------------
    open_case(page, server, number)
    refusal = act(page, "close", expect_ok=False)
    assert "P4.10" in refusal
    link = page.locator("#callback-link").get_attribute("href")
    assert link

    # --- The complainant answers the link unsatisfied (P4.9) ---------------------------
    answer_callback(new_page, server, link, "unsatisfied", "电梯昨天又停了一次", screenshot)
    open_case(page, server, number)
    expect(page.locator(".timeline")).to_contain_text("电梯昨天又停了一次")
    act(page, "reopen", {"reason": "业主反映电梯再次故障（P4.10）"})
    assert state_of(page) == "处理中"

    # --- Handled again and resolved; the handler's page says who signs off (P4.5.3) ----
    open_case(handler_page, server, number)
    act(handler_page, "resolve", {"outcome": "repair", "summary": "更换曳引机编码器，连续观察24小时正常。"})
    expect(handler_page.locator("#action-sign_off")).to_have_count(0)
    expect(handler_page.locator("#who-acts [data-action=sign_off]")).to_contain_text("工程部主管赵国强")
    expect(handler_page.locator("#who-acts [data-action=sign_off]")).to_contain_text("P4.5.3")

    # --- The second callback is satisfied; the head signs off; the case closes ---------
    open_case(page, server, number)
    second_link = page.locator("#callback-link").get_attribute("href")
    assert second_link and second_link != link  # a new round, a new link
    answer_callback(new_page, server, second_link, "satisfied", "修好了，谢谢")

    # The head's bell rang for the new assignment (issue 4); reading it quietens the bell.
    head_page.get_by_role("link", name=re.compile("条未读通知")).click()
    expect(head_page.locator(".notices")).to_contain_text(f"新分派：{number}")
    head_page.get_by_role("button", name="全部标为已读").click()
    expect(head_page.locator("#bell")).to_have_text(re.compile(r"^\W*通知$"))
    head_page.goto(f"{server}/desk/oversight/")
    expect(head_page.locator("#sign-off")).to_contain_text(number)  # waiting for sign-off
    axe(head_page)
    screenshot(head_page, "oversight")
    open_case(head_page, server, number)
    act(head_page, "sign_off", {"opinion": "处理及时，督促维保单位整改。"})

    open_case(page, server, number)
    act(page, "close")
    assert state_of(page) == "已结案"
    assert timeline_actions(page) == [
        "登记",
        "答复",
        "分派",
        "跟进",
        "责任判定",
        "办结",
        "登记回访",
        "重新处理",
        "办结",
        "登记回访",
        "签批",
        "结案",
    ]
    # Internal records are marked apart from what the complainant sees.
    expect(page.locator(".timeline li.internal").first).to_contain_text("内部")
    expect(page.locator(".timeline li.public").first).to_contain_text("投诉人可见")
    axe(page)
    screenshot(page, "case")
