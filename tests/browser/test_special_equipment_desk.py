"""Acceptance, scenario 2 (P2, special-equipment), every step through the pages.

A report reaches the 12365 hotline (P2.6) and is confidential by default (P2.11): the
hotline registers it and screens it in scope (P2.8); the special-equipment section head
assigns an inspector the same day; the inspector decides the handling plan (P2.9); the
section head hands the case to the inspection institute, a separate organisation, which
inspects on its own copy and reports its result back onto the bureau's timeline (P2.4);
the inspector then transfers the case to the enforcement brigade for a formal
investigation (P2.4); the brigade head assigns it and extends the 15-day result deadline
(顺延, P2.9); the brigade resolves it with a penalty; the hotline cannot close before the
reporter is told the result (P2.9), tells them, and closes.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.desk_steps import (
    act,
    fill,
    open_case,
    open_registration,
    signed_in,
    state_of,
    submit_registration,
    timeline_actions,
    timeline_codes,
)


def test_confidential_report_with_an_extension(page, new_page, server, desk_user, login, axe, screenshot):
    hotline = desk_user("receptionist", "ts_12365", name="周敏")
    section_head = desk_user("department_head", "ts_special", name="吴科长")
    inspector = desk_user("handler", "ts_special", name="郑检")
    brigade_head = desk_user("department_head", "ts_enforcement", name="孙队长")
    brigade = desk_user("handler", "ts_enforcement", name="钱队员")
    # The inspection institute: its own organisation, set up by its preset (P2.4).
    institute_head = desk_user("department_head", "tj_elevator", name="罗主任")
    institute_inspector = desk_user("handler", "tj_elevator", name="孙检验")
    from tousu.cases.models import Handoff
    from tousu.org.models import Position

    Position.objects.filter(user__username=institute_inspector[0]).update(title="检验员", duties="inspector")

    # --- The hotline registers a confidential report (P2.5, P2.6, P2.11) --------------
    login(page, *hotline)
    open_registration(page)
    # The hotline's department belongs to the special-equipment procedure: its form.
    expect(page.locator("main")).to_contain_text("特种设备安全监察举报投诉受理制度")
    fill(
        page,
        {
            "channel": "hotline",
            "kind": "report",
            "complainant_phone": "13622220000",
            "complainant_name": "陈建国",
            "equipment_type": "elevator",
            "equipment_stage": "use",
            "category": "elevator",
            "subject_org": "金海湾购物广场",
            "location": "金海湾购物广场东侧观光电梯",
            "content": "商场东侧观光电梯检验合格证已过期半年仍在运行，昨天还出现过急停。",
            "request": "请依法查处并告知处理结果",
        },
    )
    # P2.11: a report is confidential unless the reporter waives it.
    expect(page.locator("#id_confidential")).to_be_checked()
    axe(page)
    number = submit_registration(page)
    assert number.startswith("TS")

    page.get_by_role("link", name="打开案件").click()
    expect(page.locator(".tag.conf")).to_contain_text("P2.11")
    expect(page.locator("tr[data-clock=same_day_transfer]")).to_be_visible()  # P2.6
    # Not screened yet: the section head's assignment would be refused (P2.8); the
    # hotline screens it in scope first.
    act(page, "screen", {"decision": "in_scope"})
    assert state_of(page) == "已受理"

    # --- The section head assigns an inspector the same day ----------------------------
    head_page = signed_in(new_page, login, section_head)
    # P2.11: lists do not show a confidential reporter's name.
    queue = head_page.locator("#table-queue")
    expect(queue).to_contain_text(number)
    expect(queue).not_to_contain_text("陈建国")
    open_case(head_page, server, number)
    act(head_page, "assign", {"assignee": inspector[0]})

    # --- The inspector decides the plan (P2.9) ------------------------------------------
    inspector_page = signed_in(new_page, login, inspector)
    open_case(inspector_page, server, number)
    act(inspector_page, "plan", {"plan": "委托检验机构现场检验；发现违法使用的，移交稽查大队立案查处。"})

    # --- The section head hands it to the inspection institute (P2.4) ------------------
    head_page.reload()
    act(head_page, "hand_off", {"handoff": "inspection", "reason": "需检验机构现场检验（P2.4）"})
    copy = Handoff.objects.get(origin__number=number).copy
    assert copy.organisation.code == "inspection-institute"
    assert copy.complainant_name == "" and copy.complainant_phone == ""  # never the reporter (P2.11)

    # --- The institute inspects on its own copy and reports back ----------------------
    institute_page = signed_in(new_page, login, institute_head)
    open_case(institute_page, server, copy.number)
    expect(institute_page.locator("main")).not_to_contain_text("陈建国")
    act(institute_page, "assign", {"assignee": institute_inspector[0]})
    institute_page.goto(f"{server}/desk/cases/{number}/")  # the bureau's case is not theirs
    expect(institute_page.locator("h1")).not_to_contain_text(number)
    checker_page = signed_in(new_page, login, institute_inspector)
    open_case(checker_page, server, copy.number)
    act(checker_page, "plan", {"plan": "次日到现场检验该观光电梯。"})
    act(checker_page, "resolve", {"outcome": "other", "summary": "检验标志过期，安全钳动作异常，判定不合格。"})
    act(checker_page, "report_back", {"outcome": "other", "summary": "检验不合格：检验标志过期，安全钳动作异常。"})
    assert state_of(checker_page) == "已结案"

    # --- The result is on the bureau's timeline; on to the brigade (P2.4) ---------------
    open_case(inspector_page, server, number)
    expect(inspector_page.locator(".timeline li[data-action=handoff_result]")).to_contain_text("安全钳动作异常")
    act(inspector_page, "note", {"note": "检验结论：不合格，电梯仍在使用，已责令停用。"})
    act(inspector_page, "transfer", {"department": "ts_enforcement", "reason": "涉嫌违法使用，需立案查处（P2.4）"})
    assert state_of(inspector_page) == "已受理"
    expect(inspector_page.locator(".timeline li").last).to_contain_text("移交至")  # names, not codes
    expect(inspector_page.locator(".timeline li").last).to_contain_text("稽查大队")

    # --- The brigade head assigns and extends the result deadline (顺延, P2.9) -------
    brigade_head_page = signed_in(new_page, login, brigade_head)
    open_case(brigade_head_page, server, number)
    act(brigade_head_page, "assign", {"assignee": brigade[0]})
    result_row = brigade_head_page.locator("tr[data-clock=result]")
    due_before = result_row.locator("time").inner_text()
    act(
        brigade_head_page,
        "extend",
        {"clock": "result", "amount": "30", "unit": "calendar_days", "reason": "立案查处"},
    )
    result_row = brigade_head_page.locator("tr[data-clock=result]")
    expect(result_row).to_contain_text("已延期 1 次")
    assert result_row.locator("time").inner_text() != due_before
    expect(brigade_head_page.locator(".timeline")).to_contain_text("立案查处")
    axe(brigade_head_page)
    screenshot(brigade_head_page, "case-extended")

    # --- The brigade resolves it; the reporter is told; the hotline closes -------------
    brigade_page = signed_in(new_page, login, brigade)
    expect(brigade_page.locator("#table-mine")).to_contain_text(number)
    open_case(brigade_page, server, number)
    act(brigade_page, "resolve", {"outcome": "penalty", "summary": "对使用单位处以罚款并责令完成定期检验后方可使用。"})

    open_case(page, server, number)
    refusal = act(page, "close", expect_ok=False)
    assert "P2.9" in refusal  # the reporter has not been told the result yet
    act(
        page,
        "reply",
        {
            "reply_kind": "result",
            "channel": "phone",
            "text": "经查，该电梯超期未检验仍在使用，已依法对使用单位立案处罚并责令停用整改。感谢您的举报。",
        },
    )
    # The reporter was told the result: the written reply can be printed (P5.4 form).
    expect(page.get_by_role("link", name="打印书面答复函")).to_be_visible()
    act(page, "close")
    assert state_of(page) == "已结案"
    assert timeline_codes(page) == [
        "register",
        "screen",
        "assign",
        "plan",
        "hand_off",
        "handoff_result",
        "note",
        "transfer",
        "assign",
        "extend",
        "resolve",
        "reply",
        "close",
    ]
    assert timeline_actions(page)[:4] == ["登记", "甄别", "分派", "确定处理方案"]
