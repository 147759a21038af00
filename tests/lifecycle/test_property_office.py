"""P4 — a property-management office's complaint procedure, walked through the API.

An urgent elevator complaint is registered just before the 2026 National Day holiday
(1–7 October; 10 October is an adjusted working Saturday), handled, called back
unsatisfied, reopened, handled again, called back satisfied, signed off and closed.
"""

import time_machine

from tests.lifecycle.helpers import clock, due, end_of, local

CASE = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": "王芳",
    "complainant_phone": "13800001234",
    "complainant_unit": "3栋1单元502",
    "category": "elevator",
    "content": "3栋1单元电梯停在8楼不动，里面有老人被困，请马上处理。",
    "request": "尽快修好电梯，并说明原因",
}


def test_property_office_whole_life(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    head = staff("department_head", "wy_engineering")
    handler = staff("handler", "wy_engineering")
    cs_head = staff("department_head", "wy_customer_service")

    with time_machine.travel(local(2026, 9, 28, 9, 0), tick=False):
        created = receptionist.post("/complaints", CASE)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
        assert number.startswith("WY20260928-")
        case = receptionist.get(f"/complaints/{number}").json()
        # P4.7.1 elevator failure is a same-day category; routed to engineering (P4.3).
        assert case["urgent"] is True
        assert case["department"] == "wy_engineering"
        assert case["received_by"] == receptionist.username  # 首问负责 P4.4.4
        assert due(case, "first_reply") == local(2026, 9, 28, 11, 0)  # P4.6.1 at once
        assert due(case, "same_day_dispatch") == end_of(2026, 9, 28)  # P4.7.1
        # P4.7.2 within 3 days: day 3 (1 Oct) is National Day, so the period ends on the
        # first working day after the holiday (Civil Code art. 203).
        assert due(case, "handling") == end_of(2026, 10, 8)
        assert due(case, "follow_up") == end_of(2026, 10, 1)  # P4.8 every 3 days, plain days

    with time_machine.travel(local(2026, 9, 28, 9, 20), tick=False):
        case = receptionist.act(
            number,
            "reply",
            reply_kind="first",
            channel="phone",
            text="已通知工程部立即处理，预计今天恢复运行。",
            second_reply_by="2026-09-30",
        )["complaint"]
        assert clock(case, "first_reply")["state"] == "met"
        assert due(case, "second_reply") == end_of(2026, 10, 8)  # P4.6.2, 3 days → after holiday

    with time_machine.travel(local(2026, 9, 28, 9, 40), tick=False):
        # A handler may not assign; the department head does (P4.5.3).
        refused = handler.post(f"/complaints/{number}/assign", {"assignee": handler.username})
        assert refused.status_code == 403
        case = head.act(number, "assign", assignee=handler.username)["complaint"]
        assert case["state"] == "assigned"
        assert clock(case, "same_day_dispatch")["state"] == "met"

    with time_machine.travel(local(2026, 9, 30, 10, 0), tick=False):
        case = handler.act(number, "follow_up", note="电梯已恢复运行，正在排查故障原因。")["complaint"]
        assert clock(case, "follow_up", 1)["state"] == "met"
        assert due(case, "follow_up") == end_of(2026, 10, 3)

    with time_machine.travel(local(2026, 9, 30, 15, 0), tick=False):
        case = handler.act(
            number, "determine_responsibility", responsibility="outside_party", note="维保单位未按期保养"
        )["complaint"]
        case = handler.act(
            number, "resolve", outcome="repair", summary="更换门机控制板，电梯恢复正常；已要求维保单位加强保养。"
        )["complaint"]
        assert case["state"] == "resolved"
        assert clock(case, "handling")["state"] == "met"
        assert clock(case, "follow_up")["state"] == "cancelled"
        # P4.9.1 callback within 2 working days: 1–7 Oct are holidays, so 8 and 9 Oct.
        assert due(case, "callback") == end_of(2026, 10, 9)

        refused = receptionist.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 409
        assert "P4.10" in refused.json()["message"]
        assert refused.json()["code"] == "closure_rule"

    with time_machine.travel(local(2026, 10, 8, 10, 0), tick=False):
        case = receptionist.act(
            number, "callback", reached=True, channel="phone", satisfaction="unsatisfied", comments="电梯昨天又停了一次"
        )["complaint"]
        assert clock(case, "callback")["state"] == "met"
        refused = receptionist.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 409
        case = receptionist.act(number, "reopen", reason="业主反映电梯再次故障（P4.10）")["complaint"]
        assert case["state"] == "in_progress"
        assert case["reopen_count"] == 1
        # Handling starts again: 3 days from 8 Oct is Sunday 11 Oct, a rest day → Monday 12 Oct.
        assert clock(case, "handling")["cycle"] == 2
        assert due(case, "handling") == end_of(2026, 10, 12)

    with time_machine.travel(local(2026, 10, 9, 16, 0), tick=False):
        case = handler.act(number, "resolve", outcome="repair", summary="更换曳引机编码器，连续观察24小时正常。")[
            "complaint"
        ]
        # 2 working days from Friday 9 Oct: Saturday 10 Oct is an adjusted working day.
        assert due(case, "callback") == end_of(2026, 10, 12)

    with time_machine.travel(local(2026, 10, 10, 9, 0), tick=False):
        case = receptionist.act(number, "callback", reached=True, channel="phone", satisfaction="satisfied")[
            "complaint"
        ]
        refused = receptionist.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 409
        assert "P4.5.3" in refused.json()["message"]  # the head has not signed off
        head.act(number, "sign_off", opinion="处理及时，督促维保单位整改。")
        case = cs_head.act(number, "close")["complaint"]
        assert case["state"] == "closed"
        assert case["closed_at"] is not None
        assert all(c["state"] != "running" for c in case["clocks"])

    actions = [e["action"] for e in case["timeline"]]
    assert actions == [
        "register",
        "reply",
        "assign",
        "follow_up",
        "determine_responsibility",
        "resolve",
        "callback",
        "reopen",
        "resolve",
        "callback",
        "sign_off",
        "close",
    ]
    assert [e["seq"] for e in case["timeline"]] == list(range(1, 13))
    assert case["timeline"][7]["state_before"] == "resolved"
    assert case["timeline"][7]["state_after"] == "in_progress"

    public = (
        staff("receptionist", "wy_customer_service")
        .client.get("/api/v1/public/status", {"number": number, "code": case["verification_code"]})
        .json()
    )
    assert public["state"] == "closed"
    assert "王芳" not in str(public) and "13800001234" not in str(public)
    assert [e["action"] for e in public["timeline"]][:2] == ["register", "reply"]
