"""P1 — a rental-housing company's complaints department (投诉管理部), walked through the API.

1. A front-line filing (备案, P1.2) is filed by a housekeeper the day before the 2026
   Spring Festival holiday (15–23 February; Saturday 14 February is an adjusted working
   day), answered with a proposed solution (方案回复), handled, called back, refused
   closure until responsibility is determined with the norm broken (P1.4), then closed.
2. A tenant comes to head office in person (总部面访, P1.3) just before May Day (1–5 May;
   Saturday 9 May is an adjusted working day); the callback finds them unsatisfied, so
   the case is reopened and handled again until they are (P1.1).
3. A phone complaint reclassified as a filing starts the P1.2 solution clock then, once.
"""

import time_machine

from tests.lifecycle.helpers import clock, due, end_of, local

FILING = {
    "policy": "rental-complaints",
    "kind": "filing",
    "channel": "front_line",
    "complainant_name": "李娜",
    "complainant_phone": "13910086543",
    "complainant_address": "北京市朝阳区望京悦居公寓B座1203",
    "category": "cleaning_no_show",
    "subject_department": "保洁服务部",
    "content": "租客李娜2月8日入住，签约时承诺入住前做开荒保洁，保洁员两次预约均未上门，"
    "也没有提前通知，租客情绪激动，要求公司给说法。",
    "request": "尽快安排开荒保洁，并对爽约作出解释和补偿",
}

HEAD_OFFICE_VISIT = {
    "policy": "rental-complaints",
    "channel": "head_office_visit",
    "complainant_name": "陈静",
    "complainant_phone": "13652208871",
    "complainant_address": "上海市浦东新区张江蓝湾公寓3号楼602",
    "category": "deposit_refund",
    "content": "退租验房时管家说墙面有污渍、沙发有破损，扣了我1000元押金，但入住时就有这些问题，"
    "入住交接照片可以证明。多次找管家都没有结果，今天专门到总部来反映。",
    "request": "全额退还被扣的押金",
}


def test_front_line_filing_answered_with_a_plan_and_responsibility_determined_p1_2_p1_4(staff):
    front_line = staff("receptionist", "zl_housekeepers")  # the housekeeper who files (备案)
    dept_head = staff("department_head", "zl_complaints")
    handler = staff("handler", "zl_complaints")

    # Friday 13 February 2026, the last working day but one before the Spring Festival.
    with time_machine.travel(local(2026, 2, 13, 10, 0), tick=False):
        created = front_line.post("/complaints", FILING)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
        assert number.startswith("ZL20260213-")
        case = front_line.get(f"/complaints/{number}").json()
        assert case["kind"] == "filing"
        # P1.2: filings stay with the complaints department whatever the category
        # (cleaning_no_show would otherwise go to the cleaning department).
        assert case["department"] == "zl_complaints"
        assert case["state"] == "registered"
        # A filing is answered with a solution, not a first contact (that is for complaints).
        assert sorted(c["name"] for c in case["clocks"]) == ["handling", "responsibility", "solution_reply"]
        # P1.2 one working day: Saturday 14 February is an adjusted working day (调休).
        assert due(case, "solution_reply") == end_of(2026, 2, 14)
        assert clock(case, "solution_reply")["unit"] == "working_days"
        # P1.4 ten calendar days end on 23 February, the last day of the holiday: the period
        # ends on the next working day, Tuesday 24 February.
        assert due(case, "responsibility") == end_of(2026, 2, 24)
        # P1.1 seven calendar days end on 20 February, inside the holiday → 24 February.
        assert due(case, "handling") == end_of(2026, 2, 24)

    with time_machine.travel(local(2026, 2, 13, 11, 0), tick=False):
        # The plan step needs someone handling the case: it cannot be answered unassigned.
        refused = handler.post(f"/complaints/{number}/plan", {"plan": "先安排保洁"})
        assert refused.status_code == 409
        assert refused.json()["code"] == "wrong_state"
        case = dept_head.act(number, "assign", assignee=handler.username)["complaint"]
        assert case["state"] == "assigned"
        assert case["assignee"] == handler.username

    # Saturday 14 February, an adjusted working day: the department answers the filing.
    with time_machine.travel(local(2026, 2, 14, 9, 30), tick=False):
        done = handler.act(
            number,
            "plan",
            plan="1. 当天下午改派保洁主管带队上门完成开荒保洁；2. 向租客书面致歉并减免半个月服务费；"
            "3. 追查保洁员两次爽约原因（P1.4）。",
        )
        case = done["complaint"]
        assert case["state"] == "in_progress"
        assert case["handling_plan"].startswith("1. 当天下午改派保洁主管")
        assert clock(case, "solution_reply")["state"] == "met"
        assert clock(case, "responsibility")["state"] == "running"

    with time_machine.travel(local(2026, 2, 14, 17, 0), tick=False):
        case = handler.act(
            number, "resolve", outcome="compensation", summary="开荒保洁已完成，租客验收认可；减免半个月服务费。"
        )["complaint"]
        assert case["state"] == "resolved"
        assert case["outcome"] == "compensation"
        assert clock(case, "handling")["state"] == "met"
        # Callback within 2 working days of the solution: 15–23 February are the holiday,
        # so Tuesday 24 and Wednesday 25 February.
        assert due(case, "callback") == end_of(2026, 2, 25)

    with time_machine.travel(local(2026, 2, 24, 10, 0), tick=False):
        case = dept_head.act(number, "callback", reached=True, channel="phone", satisfaction="satisfied")["complaint"]
        assert case["satisfaction"] == "satisfied"
        assert clock(case, "callback")["state"] == "met"

        # P1.4: responsibility is determined for every case before it closes.
        refused = dept_head.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 409
        assert refused.json()["code"] == "closure_rule"
        assert "P1.4" in refused.json()["message"]
        assert "P4.10" not in refused.json()["message"]  # the callback was satisfied

        # P1.4 追查判责: an own fault must name the service norm or procedure broken.
        missing = handler.post(
            f"/complaints/{number}/determine_responsibility",
            {"responsibility": "own_fault", "responsible_department": "zl_cleaning"},
        )
        assert missing.status_code == 422
        assert "norm" in missing.json()["details"]
        assert "P1.4" in missing.json()["message"] + str(missing.json()["details"])

        norm = "《保洁服务操作规范》第4.2条：预约上门须准时，无法到达须提前2小时告知客户"
        case = handler.act(
            number,
            "determine_responsibility",
            responsibility="own_fault",
            norm=norm,
            responsible_department="zl_cleaning",
            responsible_person="保洁员王某",
        )["complaint"]
        assert case["state"] == "resolved"
        assert case["responsibility"] == "own_fault"
        assert case["responsibility_norm"] == norm
        assert clock(case, "responsibility")["state"] == "met"  # 24 Feb 10:00, the last day

    with time_machine.travel(local(2026, 2, 24, 11, 0), tick=False):
        # Closing is customer service's decision: a handler's role may not close.
        refused = handler.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 403
        assert refused.json()["code"] == "role"
        case = dept_head.act(number, "close")["complaint"]
        assert case["state"] == "closed"
        assert case["closed_at"] is not None
        assert case["available_actions"] == ["note"]
        assert all(c["state"] in ("met", "cancelled") for c in case["clocks"])
        assert {c["name"]: c["state"] for c in case["clocks"]} == {
            "solution_reply": "met",
            "responsibility": "met",
            "handling": "met",
            "callback": "met",
        }

    assert [e["action"] for e in case["timeline"]] == [
        "register",
        "assign",
        "plan",
        "resolve",
        "callback",
        "determine_responsibility",
        "close",
    ]
    assert [e["seq"] for e in case["timeline"]] == list(range(1, 8))
    responsibility = case["timeline"][5]
    assert responsibility["actor"] == handler.username
    assert responsibility["data"]["norm"] == norm
    assert responsibility["state_before"] == responsibility["state_after"] == "resolved"

    public = front_line.client.get(
        "/api/v1/public/status", {"number": number, "code": case["verification_code"]}
    ).json()
    assert public["state"] == "closed"
    assert "李娜" not in str(public) and "13910086543" not in str(public)
    assert public["timeline"][0]["action"] == "register"
    assert public["timeline"][-1]["action"] == "close"


def test_head_office_visit_unsatisfied_callback_reopens_the_case_p1_3_p1_1(staff):
    manager = staff("complaint_manager", "zl_complaints")  # receives the visitor at head office
    handler = staff("handler", "zl_complaints")

    # Thursday 30 April 2026, the day before the May Day holiday (1–5 May).
    with time_machine.travel(local(2026, 4, 30, 15, 0), tick=False):
        created = manager.post("/complaints", HEAD_OFFICE_VISIT)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
        case = manager.get(f"/complaints/{number}").json()
        assert case["kind"] == "complaint"
        assert case["channel"] == "head_office_visit"
        # P1.3: whoever comes to head office is handled by the complaints department
        # itself, although a deposit dispute would otherwise go to finance.
        assert case["department"] == "zl_complaints"
        assert case["received_by"] == manager.username
        assert sorted(c["name"] for c in case["clocks"]) == ["first_contact", "handling", "responsibility"]
        # 24 hours run through the holiday: hours are hours.
        assert due(case, "first_contact") == local(2026, 5, 1, 15, 0)
        # Ten calendar days end on Sunday 10 May, a rest day → Monday 11 May.
        assert due(case, "responsibility") == end_of(2026, 5, 11)
        # Seven calendar days end on Thursday 7 May, a working day.
        assert due(case, "handling") == end_of(2026, 5, 7)

    with time_machine.travel(local(2026, 4, 30, 15, 30), tick=False):
        case = manager.act(
            number,
            "reply",
            reply_kind="first",
            channel="visit",
            text="已调取入住交接照片核对，节后第一个工作日前给您答复。",
        )["complaint"]
        assert clock(case, "first_contact")["state"] == "met"
        case = manager.act(number, "assign", assignee=handler.username)["complaint"]
        case = handler.act(
            number, "plan", plan="核对入住交接照片与退租验房记录；入住前已有的损坏不得扣款，多扣部分全额退还。"
        )["complaint"]
        assert case["state"] == "in_progress"

    with time_machine.travel(local(2026, 5, 6, 10, 0), tick=False):
        case = handler.act(
            number,
            "determine_responsibility",
            responsibility="own_fault",
            norm="《退租验房操作流程》第3条：扣款须有入住交接对比照片并经租客签字确认",
            responsible_department="zl_housekeepers",
            responsible_person="管家刘某",
        )["complaint"]
        assert clock(case, "responsibility")["state"] == "met"

    with time_machine.travel(local(2026, 5, 7, 11, 0), tick=False):
        case = handler.act(number, "resolve", outcome="compensation", summary="退还墙面污渍扣款800元。")["complaint"]
        assert clock(case, "handling", 1)["state"] == "met"
        # 2 working days from Thursday 7 May: Friday 8 and Saturday 9 May (adjusted working day).
        assert due(case, "callback") == end_of(2026, 5, 9)

    with time_machine.travel(local(2026, 5, 9, 10, 0), tick=False):
        case = manager.act(
            number,
            "callback",
            reached=True,
            channel="phone",
            satisfaction="unsatisfied",
            comments="沙发破损入住时就有，还有200元没退。",
        )["complaint"]
        assert case["satisfaction"] == "unsatisfied"
        assert clock(case, "callback", 1)["state"] == "met"
        # P1.1: not solved until the customer is satisfied.
        refused = manager.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 409
        assert refused.json()["code"] == "closure_rule"
        assert "P1.1" in refused.json()["message"]  # the policy's own clause, not P4.10
        assert "P1.4" not in refused.json()["message"]

        case = manager.act(number, "reopen", reason="租客对沙发扣款不认可，重新核实（P1.1）")["complaint"]
        assert case["state"] == "in_progress"
        assert case["reopen_count"] == 1
        assert case["satisfaction"] == ""
        # A new handling period (`again`): 7 days from Saturday 9 May end on Saturday
        # 16 May, a rest day → Monday 18 May.
        assert clock(case, "handling")["cycle"] == 2
        assert clock(case, "handling")["state"] == "running"
        assert due(case, "handling") == end_of(2026, 5, 18)
        # First contact and responsibility start only once.
        assert len([c for c in case["clocks"] if c["name"] == "first_contact"]) == 1
        assert len([c for c in case["clocks"] if c["name"] == "responsibility"]) == 1

    with time_machine.travel(local(2026, 5, 11, 15, 0), tick=False):
        case = handler.act(
            number, "resolve", outcome="compensation", summary="入住照片显示沙发已有破损，再退还200元。"
        )["complaint"]
        assert clock(case, "handling", 2)["state"] == "met"
        assert clock(case, "callback")["cycle"] == 2
        assert due(case, "callback") == end_of(2026, 5, 13)  # Tuesday 12, Wednesday 13 May

    with time_machine.travel(local(2026, 5, 12, 10, 0), tick=False):
        case = manager.act(number, "callback", reached=True, channel="phone", satisfaction="satisfied")["complaint"]
        case = manager.act(number, "close")["complaint"]
        assert case["state"] == "closed"
        assert all(c["state"] == "met" for c in case["clocks"])

    assert [e["action"] for e in case["timeline"]] == [
        "register",
        "reply",
        "assign",
        "plan",
        "determine_responsibility",
        "resolve",
        "callback",
        "reopen",
        "resolve",
        "callback",
        "close",
    ]
    reopen = case["timeline"][7]
    assert (reopen["state_before"], reopen["state_after"]) == ("resolved", "in_progress")


def test_a_complaint_reclassified_as_a_filing_starts_the_solution_clock_once_p1_2(staff):
    receptionist = staff("receptionist", "zl_complaints")
    handler = staff("handler", "zl_complaints")
    case_body = {
        **FILING,
        "kind": "complaint",
        "channel": "phone",
        "category": "appliance_repair",
        "content": "空调报修三次都没人来修，房间里30多度。",
    }
    # Thursday 24 September 2026; 25–27 September are the Mid-Autumn holiday.
    with time_machine.travel(local(2026, 9, 24, 10, 0), tick=False):
        number = receptionist.post("/complaints", case_body).json()["number"]
        case = receptionist.get(f"/complaints/{number}").json()
        assert case["department"] == "zl_repairs"
        assert "solution_reply" not in [c["name"] for c in case["clocks"]]
        assert due(case, "first_contact") == local(2026, 9, 25, 10, 0)

    with time_machine.travel(local(2026, 9, 24, 16, 0), tick=False):
        case = receptionist.act(number, "classify", kind="filing")["complaint"]
        assert case["kind"] == "filing"
        # One working day after Thursday 24 September: 25–27 are the holiday → Monday 28.
        assert clock(case, "solution_reply")["cycle"] == 1
        assert due(case, "solution_reply") == end_of(2026, 9, 28)

    with time_machine.travel(local(2026, 9, 28, 9, 0), tick=False):
        receptionist.act(number, "assign", department="zl_complaints", assignee=handler.username)
        case = handler.act(number, "plan", plan="维修部今天上门更换空调压缩机。")["complaint"]
        assert clock(case, "solution_reply")["state"] == "met"
        # Classified away and back again: the P1.2 trigger has no `again`, so no new cycle.
        receptionist.act(number, "classify", kind="complaint")
        case = receptionist.act(number, "classify", kind="filing")["complaint"]
        assert [c["cycle"] for c in case["clocks"] if c["name"] == "solution_reply"] == [1]
        assert clock(case, "solution_reply")["state"] == "met"
