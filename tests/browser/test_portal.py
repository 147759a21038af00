"""The public portal in a real browser (no login): submitting a complaint with an
attachment at a phone's width, one case for a double click and for the back button, the
receipt, the lookup, the channels page (P2.4, P2.14) and the callback link (P4.9, P4.10).
Every page passes axe-core and loads nothing from outside (the `page` guard)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tousu.cases.actions import perform
from tousu.cases.callback_links import callback_path
from tousu.cases.intake import register
from tousu.cases.models import Attachment, Complaint, Event


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width}px)"


def test_a_complaint_submitted_on_a_phone_gets_one_case_and_a_receipt(new_page, server, axe, screenshot, tmp_path):
    page = new_page(viewport=PHONE)
    page.goto(f"{server}/p/")
    axe(page)
    no_sideways_scroll(page)
    screenshot(page, "portal-home")
    page.locator("main").get_by_role("link", name="我要投诉").click()
    # Five policies take web complaints: the complainant chooses where it goes.
    page.get_by_role("link", name="物业管理处客户投诉受理规程").click()
    expect(page.locator("h1")).to_have_text("我要投诉")
    axe(page)
    no_sideways_scroll(page)

    photo = tmp_path / "垃圾.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 4000)

    def fill_in() -> None:
        page.get_by_label("您的姓名").fill("李娜")
        page.get_by_label("联系电话").fill("13900002222")
        page.get_by_label(re.compile("^房号")).fill("5栋2单元1101")
        page.get_by_label("投诉类别").select_option("cleaning")
        page.get_by_role("textbox", name=re.compile("^投诉内容")).fill("楼道垃圾三天没有清运，气味很大。")
        page.get_by_label("照片或文件（可选）").set_input_files(str(photo))

    # Without consent nothing is registered and nothing typed is lost.
    fill_in()
    page.get_by_role("button", name="提交投诉").click()
    expect(page.get_by_text("请接受隐私声明，否则我们无法受理您的投诉。")).to_be_visible()
    assert page.get_by_role("textbox", name=re.compile("^投诉内容")).input_value() == "楼道垃圾三天没有清运，气味很大。"
    assert Complaint.objects.count() == 0
    axe(page)  # the error state too
    page.get_by_label("照片或文件（可选）").set_input_files(str(photo))
    page.get_by_label(re.compile("我已阅读隐私声明")).check()
    screenshot(page, "portal-submit")

    key = page.locator("input[name=submission]").input_value()
    # A double click sends the form twice: one case.
    page.get_by_role("button", name="提交投诉").dblclick()
    # The second submission aborts the first one's navigation: wait for where the page ends
    # up, not for a navigation that may have been cancelled.
    expect(page).to_have_url(re.compile(r".*/p/receipt/.*"))
    number = page.locator("#tracking-number").inner_text()
    code = page.locator("#verification-code").inner_text()
    assert re.fullmatch(r"WY\d{8}-\d{4}", number) and re.fullmatch(r"\d{6}", code)
    axe(page)
    no_sideways_scroll(page)
    screenshot(page, "portal-receipt")
    assert Complaint.objects.count() == 1
    complaint = Complaint.objects.get()
    assert (complaint.number, complaint.channel) == (number, "web")
    assert Attachment.objects.filter(complaint=complaint).count() == 1

    # The back button and "submit" again: the browser shows the form it sent (same key),
    # so still one case and the same receipt.
    page.go_back()
    assert page.locator("input[name=submission]").input_value() == key
    fill_in()  # whether or not the browser restored what was typed
    page.get_by_label(re.compile("我已阅读隐私声明")).check()
    page.get_by_role("button", name="提交投诉").click()
    page.wait_for_url(re.compile(r".*/p/receipt/.*"))
    expect(page.locator("#tracking-number")).to_have_text(number)
    assert Complaint.objects.count() == 1

    # The lookup: state and public steps, nothing personal.
    page.get_by_role("link", name="查询此案件").click()
    assert page.get_by_label("受理编号").input_value() == number
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#case-state")).to_have_text("已登记")
    body = page.locator("main").inner_text()
    assert "李娜" not in body and "13900002222" not in body and "楼道垃圾" not in body
    axe(page)
    no_sideways_scroll(page)
    screenshot(page, "portal-lookup")


def test_the_channels_page_publishes_hotlines_and_scope_in_both_languages(page, server, axe, screenshot):
    page.goto(f"{server}/p/channels/")
    expect(page.locator("h1")).to_have_text("投诉渠道")
    assert page.get_by_role("link", name="12365").count() == 1  # P2.4
    axe(page)
    screenshot(page, "portal-channels")
    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("How to reach us")
    assert "Complaints and reports centre" in page.locator("main").inner_text()
    axe(page)


def test_the_complainant_answers_the_callback_link_unsatisfied(new_page, server, desk_user, axe, screenshot):
    from django.contrib.auth import get_user_model

    receptionist, _ = desk_user("receptionist", "wy_customer_service")
    head, _ = desk_user("department_head", "wy_engineering")
    handler, _ = desk_user("handler", "wy_engineering")
    users = {u.username: u for u in get_user_model().objects.select_related("staff")}
    complaint = register(
        {
            "policy": "property-office",
            "channel": "phone",
            "complainant_name": "王芳",
            "complainant_phone": "13800001234",
            "complainant_unit": "3栋1单元502",
            "category": "elevator",
            "content": "电梯停在8楼不动。",
        },
        actor=users[receptionist],
    ).complaint
    perform(complaint, "assign", {"assignee": handler}, actor=users[head])
    perform(complaint, "resolve", {"outcome": "repair", "summary": "更换门机控制板。"}, actor=users[handler])
    complaint.refresh_from_db()

    # The complainant opens the personal link on a phone, in a browser without cookies.
    page = new_page(viewport=PHONE)
    page.goto(f"{server}{callback_path(complaint)}")
    expect(page.locator("h1")).to_have_text("处理结果回访")
    axe(page)
    no_sideways_scroll(page)
    page.get_by_label("不满意").check()
    page.get_by_role("button", name="提交回答").click()
    expect(page.get_by_text("请说明仍未解决的问题")).to_be_visible()  # why, when unsatisfied
    page.get_by_label(re.compile("原因")).fill("电梯昨天又停了一次")
    screenshot(page, "portal-callback")
    page.get_by_role("button", name="提交回答").click()
    expect(page.get_by_text("谢谢！我们已记录您的回答。")).to_be_visible()
    axe(page)
    event = Event.objects.get(complaint=complaint, action="callback")
    assert (event.actor_kind, event.data["satisfaction"]) == ("complainant", "unsatisfied")
