"""Actions every policy shares: classify, transfer, escalate, merge, withdraw, extend,
pause/resume; and deadlines in a year without an official calendar."""

import time_machine

from tests.lifecycle.helpers import clock, due, end_of, local

CASE = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": "刘洋",
    "complainant_phone": "13711112222",
    "complainant_unit": "8栋302",
    "category": "greening",
    "content": "小区绿化带的树枝伸进阳台，希望修剪。",
}


def register(api, **overrides):
    response = api.post("/complaints", {**CASE, **overrides})
    assert response.status_code == 201, response.content.decode()
    return response.json()


@time_machine.travel(local(2026, 11, 2, 9), tick=False)
def test_classify_records_before_and_after_and_escalates_major_cases_p4_5_3(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    case = register(receptionist)
    assert case["urgent"] is False
    done = receptionist.act(case["number"], "classify", severity="major", category="safety_danger")
    complaint = done["complaint"]
    # Reclassifying does not change urgency silently: the same-day clock (P4.7.1) starts
    # when the receiver marks the case urgent.
    assert complaint["severity"] == "major"
    assert complaint["escalation_level"] == "manager"  # P4.5.3 major → office manager at once
    assert [e["action"] for e in done["events"]] == ["classify", "escalate"]
    assert done["events"][0]["data"]["before"] == {"severity": "general", "category": "greening"}
    done = receptionist.act(case["number"], "classify", urgent=True)
    assert clock(done["complaint"], "same_day_dispatch")["state"] == "running"


def test_a_major_case_is_escalated_at_registration(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    case = register(receptionist, severity="major")
    detail = receptionist.get(f"/complaints/{case['number']}").json()
    assert detail["escalation_level"] == "manager"
    assert [e["action"] for e in detail["timeline"]] == ["register", "escalate"]
    assert detail["timeline"][1]["actor_kind"] == "system"


def test_transfer_moves_the_case_and_clears_the_assignee(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    head = staff("department_head", "wy_cleaning")
    handler = staff("handler", "wy_cleaning")
    case = register(receptionist)
    assert case["department"] == "wy_cleaning"
    head.act(case["number"], "assign", assignee=handler.username)
    done = handler.act(case["number"], "transfer", department="wy_engineering", reason="需要高空作业车")
    assert done["complaint"]["department"] == "wy_engineering"
    assert done["complaint"]["assignee"] is None
    assert done["complaint"]["state"] == "accepted"
    # The handler is no longer responsible for it nor in its department (issue 6): not
    # found. Nor does the cleaning head follow it: a department head sees the cases of
    # their department; a procedure that wants a department to follow cases it passed on
    # names it (P3.d the quality department, in after-sales).
    assert handler.get(f"/complaints/{case['number']}").status_code == 404
    assert head.get(f"/complaints/{case['number']}").status_code == 404
    engineering_head = staff("department_head", "wy_engineering")
    wrong = engineering_head.post(f"/complaints/{case['number']}/assign", {"assignee": handler.username})
    assert wrong.status_code == 422  # the responsible person must belong to the department
    assert "assignee" in wrong.json()["details"]


def test_merge_records_on_both_timelines_and_ends_the_duplicate(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    earlier = register(receptionist)
    duplicate = register(receptionist, content="阳台外树枝太长，还是没人修剪。")
    done = receptionist.act(duplicate["number"], "merge", into=earlier["number"])
    assert done["complaint"]["state"] == "merged"
    assert done["complaint"]["merged_into"] == earlier["number"]
    assert all(c["state"] != "running" for c in done["complaint"]["clocks"])
    target = receptionist.get(f"/complaints/{earlier['number']}").json()
    assert target["timeline"][-1]["action"] == "merged_in"
    assert target["timeline"][-1]["data"] == {"from": duplicate["number"]}
    assert target["version"] == earlier["version"] + 1
    again = receptionist.post(f"/complaints/{duplicate['number']}/classify", {"severity": "serious"})
    assert again.status_code == 409
    assert again.json()["code"] == "wrong_state"


def test_withdraw_ends_the_case_and_cancels_its_clocks(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    case = register(receptionist)
    done = receptionist.act(case["number"], "withdraw", reason="业主来电表示已自行解决")
    assert done["complaint"]["state"] == "withdrawn"
    assert {c["state"] for c in done["complaint"]["clocks"]} <= {"cancelled", "met"}
    assert receptionist.get("/complaints", open="true").json()["items"] == []


def test_extend_pause_and_resume_a_clock(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    manager = staff("complaint_manager", "wy_customer_service")
    with time_machine.travel(local(2026, 11, 2, 9), tick=False):  # a Monday
        case = register(receptionist)
        detail = receptionist.get(f"/complaints/{case['number']}").json()
        assert due(detail, "handling") == end_of(2026, 11, 5)
        refused = receptionist.post(
            f"/complaints/{case['number']}/extend", {"clock": "handling", "amount": 2, "reason": "等待物料"}
        )
        assert refused.status_code == 403  # only an approver extends
        done = manager.act(case["number"], "extend", clock="handling", amount=2, reason="等待物料到货")
        assert due(done["complaint"], "handling") == end_of(2026, 11, 7)
        extension = clock(done["complaint"], "handling")["extensions"][0]
        assert extension["approved_by"] == manager.username
        assert extension["reason"] == "等待物料到货"
        manager.act(case["number"], "pause_clock", clock="handling", reason="业主出差，无法入户")
    with time_machine.travel(local(2026, 11, 4, 9), tick=False):
        done = manager.act(case["number"], "resume_clock", clock="handling", reason="业主已返回")
        # Paused for two days: the due time moves two days later.
        assert due(done["complaint"], "handling") == end_of(2026, 11, 9)
        missing = manager.post(f"/complaints/{case['number']}/extend", {"clock": "nope", "amount": 1, "reason": "x"})
        assert missing.status_code == 409


def test_deadlines_in_a_year_without_calendar_data_are_flagged_estimated(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    with time_machine.travel(local(2027, 3, 1, 9), tick=False):
        case = register(receptionist)
        detail = receptionist.get(f"/complaints/{case['number']}").json()
        assert clock(detail, "handling")["estimated"] is True
        assert clock(detail, "first_reply")["estimated"] is False  # hours need no calendar
    with time_machine.travel(local(2026, 11, 2, 9), tick=False):
        case = register(receptionist)
        detail = receptionist.get(f"/complaints/{case['number']}").json()
        assert clock(detail, "handling")["estimated"] is False
