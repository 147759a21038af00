"""P2 — a regulator's special-equipment complaints and reports, walked through the API.

A confidential report reaches the 12365 hotline two days before the 2026 Spring Festival
(holiday 15–23 February; Saturday 14 February is a working day). It is screened in scope,
assigned the same day (P2.6), given a handling plan within 3 days (P2.9), transferred to
the enforcement brigade for a formal investigation, extended (顺延, P2.9), resolved with a
penalty, the reporter told the result, and closed.
"""

import time_machine

from tests.conftest import Api
from tests.lifecycle.helpers import clock, due, end_of, local

REPORT = {
    "policy": "special-equipment",
    "channel": "hotline",
    "kind": "report",
    "complainant_name": "陈建国",
    "complainant_phone": "13622220000",
    "confidential": True,
    "equipment_type": "elevator",
    "equipment_stage": "use",
    "category": "elevator",
    "subject_org": "金海湾购物广场",
    "location": "金海湾购物广场东侧观光电梯",
    "content": "商场东侧观光电梯检验合格证已过期半年仍在运行，昨天还出现过急停。",
    "request": "请依法查处并告知处理结果",
}


def test_special_equipment_whole_life(staff):
    hotline = staff("receptionist", "ts_12365")
    head = staff("department_head", "ts_special")
    inspector = staff("handler", "ts_special")
    brigade_head = staff("department_head", "ts_enforcement")
    brigade = staff("handler", "ts_enforcement")

    with time_machine.travel(local(2026, 2, 12, 10, 0), tick=False):
        created = hotline.post("/complaints", REPORT)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
        assert number.startswith("TS20260212-")
        case = hotline.get(f"/complaints/{number}").json()
        assert case["department"] == "ts_special"  # P2.4 routed by equipment type
        assert case["confidential"] is True  # P2.11
        assert due(case, "same_day_transfer") == end_of(2026, 2, 12)  # P2.6
        # P2.9 within 3 days: 15 February falls in the Spring Festival holiday, so the
        # period ends on the first working day after it (Civil Code art. 203).
        assert due(case, "handling_plan") == end_of(2026, 2, 24)
        assert due(case, "result") == end_of(2026, 2, 27)  # P2.9 15 days, a Friday

        # Not screened yet: it cannot be assigned (P2.8).
        refused = head.post(f"/complaints/{number}/assign", {"assignee": inspector.username})
        assert refused.status_code == 409
        assert refused.json()["code"] == "not_screened"
        case = hotline.act(number, "screen", decision="in_scope")["complaint"]
        assert case["state"] == "accepted"

    with time_machine.travel(local(2026, 2, 12, 15, 0), tick=False):
        case = head.act(number, "assign", assignee=inspector.username)["complaint"]
        assert clock(case, "same_day_transfer")["state"] == "met"

    with time_machine.travel(local(2026, 2, 14, 9, 0), tick=False):  # the adjusted working Saturday
        case = inspector.act(
            number, "plan", plan="现场检查该电梯使用登记及定期检验情况；发现违法使用的，移交稽查大队立案查处。"
        )["complaint"]
        assert case["state"] == "in_progress"
        assert clock(case, "handling_plan")["state"] == "met"

    with time_machine.travel(local(2026, 2, 24, 10, 0), tick=False):
        inspector.act(number, "note", note="现场检查：检验合格证有效期至2025年8月，电梯仍在使用，已责令停用。")
        case = inspector.act(
            number, "transfer", department="ts_enforcement", reason="涉嫌违法使用，需立案查处（P2.4）"
        )["complaint"]
        assert case["department"] == "ts_enforcement"
        case = brigade_head.act(number, "assign", assignee=brigade.username)["complaint"]
        # P2.9: a formal investigation extends the 15 days (顺延); who approved is recorded.
        case = brigade_head.act(
            number, "extend", clock="result", amount=30, reason="立案查处", approved_by=brigade_head.username
        )["complaint"]
        assert due(case, "result") == end_of(2026, 3, 29)
        extension = clock(case, "result")["extensions"][0]
        assert (extension["reason"], extension["approved_by"]) == ("立案查处", brigade_head.username)

    with time_machine.travel(local(2026, 3, 20, 16, 0), tick=False):
        case = brigade.act(
            number, "resolve", outcome="penalty", summary="对使用单位处以罚款并责令完成定期检验后方可使用。"
        )["complaint"]
        refused = hotline.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 409
        assert refused.json()["code"] == "closure_rule"
        assert "P2.9" in refused.json()["message"]  # the reporter has not been told the result
        case = hotline.act(
            number,
            "reply",
            reply_kind="result",
            channel="phone",
            text="经查，该电梯超期未检验仍在使用，已依法对使用单位立案处罚并责令停用整改。感谢您的举报。",
        )["complaint"]
        assert clock(case, "result")["state"] == "met"
        case = hotline.act(number, "close")["complaint"]
        assert case["state"] == "closed"

    actions = [e["action"] for e in case["timeline"]]
    assert actions == [
        "register",
        "screen",
        "assign",
        "plan",
        "note",
        "transfer",
        "assign",
        "extend",
        "resolve",
        "reply",
        "close",
    ]
    public = Api(None).get("/public/status", number=number, code=case["verification_code"]).json()
    assert public["state"] == "closed"
    for personal in ("陈建国", "13622220000", "金海湾"):
        assert personal not in str(public)  # P2.11


def test_out_of_scope_is_referred_with_an_explanation_p2_8(staff):
    hotline = staff("receptionist", "ts_12365")
    case = hotline.post(
        "/complaints",
        {**REPORT, "confidential": False, "content": "小区物业电梯费收费太高", "request": "要求降低电梯费"},
    ).json()
    missing = hotline.post(f"/complaints/{case['number']}/screen", {"decision": "out_of_scope"})
    assert missing.status_code == 422
    assert {"referral_target"} <= set(missing.json()["details"])
    done = hotline.act(
        case["number"],
        "screen",
        decision="out_of_scope",
        referral_target="区发展和改革局（价格主管部门）",
        explanation="电梯收费问题不属于特种设备安全监察范围，已告知投诉人向价格主管部门反映。",
    )
    complaint = done["complaint"]
    assert complaint["state"] == "referred"
    assert complaint["referral_target"] == "区发展和改革局（价格主管部门）"
    assert all(c["state"] in ("cancelled", "met") for c in complaint["clocks"])
    assert done["events"][0]["public"] is True  # the complainant sees where to go
    assert hotline.post(f"/complaints/{case['number']}/assign", {}).status_code == 409


def test_a_malicious_report_is_recorded_and_passed_on_p2_8(staff):
    hotline = staff("receptionist", "ts_12365")
    case = hotline.post(
        "/complaints", {**REPORT, "content": "我要举报隔壁锅炉房，他们肯定有问题（第五次同样内容）"}
    ).json()
    refused = hotline.post(f"/complaints/{case['number']}/screen", {"decision": "malicious"})
    assert refused.status_code == 422
    assert "note" in refused.json()["details"]
    done = hotline.act(
        case["number"],
        "screen",
        decision="malicious",
        passed_to="区公安分局",
        note="同一人第五次捏造举报，经核实均无事实依据，已向其说明法律后果，按规定移送。",
    )
    assert done["complaint"]["state"] == "malicious"
    assert done["complaint"]["referral_target"] == "区公安分局"


def test_an_anonymous_report_needs_no_personal_details_p2_11(staff):
    hotline = staff("receptionist", "ts_12365")
    response = hotline.post(
        "/complaints",
        {
            "policy": "special-equipment",
            "channel": "phone",
            "anonymous": True,
            "equipment_type": "pressure_vessel",
            "category": "gas_cylinder",
            "content": "某充装站给过期液化气瓶充装。",
        },
    )
    assert response.status_code == 201, response.content.decode()
    assert response.json()["department"] == "ts_boiler"
