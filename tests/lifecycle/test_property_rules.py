"""P5 — a property company's complaint handling rules (受理客户投诉工作规定), through the API,
by the procedure's people: the customer-service receptionist who records the call (P5.1),
the butler of the building who verifies it (P5.2), the department concerned, the company
manager for a serious complaint (P5.3), customer service who tells and calls back (P5.4,
P5.5).

1. A phone complaint recorded with the P5.1 reception-log fields and verified invalid by
   the butler of the building (P5.2): the explanation is required, and the case ends.
2. A phone complaint verified valid by the butler of the building just before May Day
   (1–5 May 2026; Saturday 9 May is an adjusted working day) while the butler of other
   buildings cannot even find it; classified serious and so taken to the company manager,
   not the quality supervisor (P5.3); handled, the result told (P5.4), called back
   unsatisfied, handled again, called back (P5.5) and closed.
3. A letter about a building no butler covers, verified by the receptionist, received
   just before the Spring Festival (15–23 February 2026; Saturday 14 February is an
   adjusted working day), answered in writing with a generated reply letter (P5.4),
   called back (P5.5) and closed.
"""

import io

import docx
import time_machine

from tests.lifecycle.helpers import clock, due, end_of, local
from tests.lifecycle.people import hire, names, unit
from tests.notify.helpers import drain


def butlers_team():
    """The company's butlers (物业管家) sit in their own team, not at the customer-service
    desk (which sees every complaint, P5.4): each sees only the complaints about the
    buildings in their charge (P5.2)."""
    unit("wg_butlers", "物业管家组", "property-rules")


PHONE_CASE = {
    "policy": "property-rules",
    "channel": "phone",
    "complainant_name": "周敏",
    "complainant_unit": "5栋2单元1101",
    "contact_person": "周敏",
    "complainant_phone": "13760035218",
    "category": "home_repair",
    "content": "楼上1201装修打穿了水管，我家客厅天花板大面积渗水，吊顶已经变形，电线也在滴水，很危险。",
    "request": "马上关水维修，赔偿吊顶损失",
}

INVALID_CASE = {
    "policy": "property-rules",
    "channel": "phone",
    "complainant_name": "吴刚",
    "complainant_unit": "2栋1单元302",
    "contact_person": "吴刚",
    "complainant_phone": "13923457781",
    "category": "parking",
    "content": "地下车库B2-086车位总被一辆白色轿车占用，物业不管。",
    "request": "把占位的车拖走",
}

LETTER_CASE = {
    "policy": "property-rules",
    "channel": "letter",
    "complainant_name": "孙立",
    "complainant_unit": "12栋3单元201",
    "contact_person": "孙立",
    "complainant_phone": "13501296640",
    "category": "cleaning",
    "content": "12栋楼下的垃圾桶已经连续一周满溢无人清运，垃圾堆到了路边，气味难闻，还招来老鼠。"
    "多次向保洁员反映无果，特此来信投诉。",
    "request": "每天按时清运，并给出书面答复",
}


def test_p5_1_fields_are_required_and_an_invalid_complaint_is_explained_and_ends_p5_2(staff):
    desk = staff("receptionist", "wg_customer_service")
    butlers_team()
    butler = hire("lixia", "李霞", "handler", "wg_butlers", duties="butler", area="1-4", title="物业管家")
    # Tuesday 28 April 2026.
    with time_machine.travel(local(2026, 4, 28, 9, 0), tick=False):
        # P5.1 the reception log records the owner's name, unit number, contact person and phone.
        incomplete = {k: v for k, v in INVALID_CASE.items() if k not in ("complainant_unit", "contact_person")}
        refused = desk.post("/complaints", incomplete)
        assert refused.status_code == 422
        assert refused.json()["code"] == "invalid_input"
        assert set(refused.json()["details"]) == {"complainant_unit", "contact_person"}
        refused = desk.post("/complaints", {**INVALID_CASE, "complainant_name": "", "complainant_phone": ""})
        assert refused.status_code == 422
        assert set(refused.json()["details"]) == {"complainant_name", "complainant_phone"}

        created = desk.post("/complaints", INVALID_CASE)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
        assert number.startswith("WG20260428-")
        case = desk.get(f"/complaints/{number}").json()
        assert (case["complainant_unit"], case["contact_person"]) == ("2栋1单元302", "吴刚")
        assert case["department"] == "wg_security"
        # P5.2 a phone complaint is verified the same day; handling waits for the verdict.
        assert [c["name"] for c in case["clocks"]] == ["verification"]
        assert due(case, "verification") == end_of(2026, 4, 28)
        # Nobody is assigned before the complaint is verified valid.
        refused = desk.post(f"/complaints/{number}/assign", {})
        assert refused.status_code == 409
        assert refused.json()["code"] == "not_verified"
        assert "P5.2" in refused.json()["message"]

    with time_machine.travel(local(2026, 4, 28, 14, 0), tick=False):
        # P5.2 the butler of building 2 verifies it, though it went to the security department;
        # invalid: the butler explains to the owner, and that explanation is recorded.
        assert number in names(butler.get("/complaints"))
        refused = butler.post(
            f"/complaints/{number}/verify", {"decision": "invalid", "findings": "B2-086为1栋业主产权车位"}
        )
        assert refused.status_code == 422
        assert "explanation" in refused.json()["details"]
        assert "P5.2" in refused.json()["message"]

        done = butler.act(
            number,
            "verify",
            decision="invalid",
            findings="经安全管理部核实，B2-086为1栋业主购买的产权车位，停放车辆系该业主所有，吴先生记错了车位号。",
            explanation="已电话向吴先生致歉并说明，其本人车位为B2-068，已陪同现场确认。",
        )
        case = done["complaint"]
        assert case["state"] == "invalid"
        assert case["validity"] == "invalid"
        assert case["closed_at"] is not None
        assert case["next_due_at"] is None
        # The verification was done on time, and the case ended: no clock runs.
        assert [c["state"] for c in case["clocks"]] == ["met"]
        assert done["events"][0]["public"] is True  # the owner may see the verdict
        assert case["available_actions"] == ["note"]  # ended: only notes (a persisting caller, P2.8)
        assert (
            butler.post(
                f"/complaints/{number}/reply", {"reply_kind": "result", "channel": "phone", "text": "x"}
            ).status_code
            == 409
        )

    public = desk.client.get("/api/v1/public/status", {"number": number, "code": case["verification_code"]}).json()
    assert public["state"] == "invalid"
    assert [e["action"] for e in public["timeline"]] == ["register", "verify"]


def test_serious_valid_complaint_verified_by_the_butler_escalated_handled_told_called_back_p5_2_to_p5_5(staff):
    desk = staff("receptionist", "wg_customer_service")
    engineering_head = staff("department_head", "wg_engineering")
    handler = staff("handler", "wg_engineering")
    butlers_team()
    butler = hire("lixia", "李霞", "handler", "wg_butlers", duties="butler", area="5-8", title="物业管家")
    other_butler = hire("zhoupeng", "周鹏", "handler", "wg_butlers", duties="butler", area="1-4", title="物业管家")
    manager = hire("wangzong", "王建国", "executive", "wg_manager", title="物业公司经理")
    quality = hire("qinli", "秦丽", "complaint_manager", "wg_customer_service", title="品质主管")

    # Tuesday 28 April 2026, 19:30: the owner phones in the evening.
    with time_machine.travel(local(2026, 4, 28, 19, 30), tick=False):
        created = desk.post("/complaints", PHONE_CASE)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
        case = desk.get(f"/complaints/{number}").json()
        assert case["department"] == "wg_engineering"
        assert due(case, "verification") == end_of(2026, 4, 28)

    with time_machine.travel(local(2026, 4, 28, 20, 0), tick=False):
        # P5.2 the butler of building 5 verifies it with engineering, where it was routed;
        # the butler of buildings 1–4 cannot even find it.
        assert other_butler.get(f"/complaints/{number}").status_code == 404
        assert number not in names(other_butler.get("/complaints"))
        refused = other_butler.post(f"/complaints/{number}/verify", {"decision": "valid", "findings": "x"})
        assert refused.status_code == 404
        assert number in names(butler.get("/complaints"))
        case = butler.act(
            number,
            "verify",
            decision="valid",
            findings="工程部值班人员上门确认：1201卫生间改造时冲击钻打穿给水管，已关闭1201进户阀。",
        )["complaint"]
        assert case["state"] == "accepted"
        assert case["validity"] == "valid"
        assert clock(case, "verification")["state"] == "met"
        # P5.3 a general complaint is solved at once: 24 hours.
        assert due(case, "handling") == local(2026, 4, 29, 20, 0)

    with time_machine.travel(local(2026, 4, 29, 9, 0), tick=False):
        # P5.3 serious: the company manager organises the handling.
        done = engineering_head.act(number, "classify", severity="serious")
        assert [e["action"] for e in done["events"]] == ["classify", "escalate"]
        case = done["complaint"]
        assert case["escalation_level"] == "manager"
        # The running clock is re-timed from its start: 7 calendar days from 28 April end
        # on 5 May, the last day of the May Day holiday → Wednesday 6 May.
        handling = clock(case, "handling")
        assert (handling["cycle"], handling["amount"], handling["unit"]) == (1, 7, "calendar_days")
        assert due(case, "handling") == end_of(2026, 5, 6)
        # The company manager is told (P5.3), not the quality supervisor, who would be told
        # of a serious case where the policy named nobody.
        drain()
        told = [n["kind"] for n in manager.get("/notifications").json() if n["number"] == number]
        assert told == ["escalation"]
        assert [n for n in quality.get("/notifications").json() if n["kind"] == "escalation"] == []
        assert manager.get(f"/complaints/{number}").status_code == 200
        assert number in names(manager.get("/complaints"))

    with time_machine.travel(local(2026, 4, 29, 9, 30), tick=False):
        case = engineering_head.act(number, "assign", assignee=handler.username)["complaint"]
        assert case["state"] == "assigned"
        # Customer service tells and calls back; it does not handle (P5.3 is the department's).
        refused = desk.post(f"/complaints/{number}/resolve", {"outcome": "repair", "summary": "x"})
        assert refused.status_code == 403
        assert refused.json()["code"] == "role"

    with time_machine.travel(local(2026, 4, 30, 16, 0), tick=False):
        case = handler.act(
            number, "resolve", outcome="repair", summary="更换破损给水管和客厅吊顶，费用由1201业主承担。"
        )["complaint"]
        assert case["state"] == "resolved"
        assert clock(case, "handling", 1)["state"] == "met"
        # P5.4 one working day after Thursday 30 April: 1–5 May are the holiday → 6 May.
        assert due(case, "result_reply") == end_of(2026, 5, 6)
        refused = desk.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 409
        assert "P5.4" in refused.json()["message"] and "P5.5" in refused.json()["message"]

    with time_machine.travel(local(2026, 4, 30, 17, 0), tick=False):
        case = desk.act(
            number, "reply", reply_kind="result", channel="phone", text="水管和吊顶已修复，费用由1201业主承担。"
        )["complaint"]
        assert clock(case, "result_reply")["state"] == "met"
        # P5.5 three working days after 30 April: 6, 7 and 8 May.
        assert due(case, "callback") == end_of(2026, 5, 8)
        assert case["attachments"] == []  # told by phone: no letter

    with time_machine.travel(local(2026, 5, 6, 10, 0), tick=False):
        case = desk.act(
            number,
            "callback",
            reached=True,
            channel="phone",
            satisfaction="unsatisfied",
            comments="新吊顶颜色和原来不一致，墙角还有水渍。",
        )["complaint"]
        assert clock(case, "callback", 1)["state"] == "met"
        case = desk.act(number, "reopen", reason="业主对吊顶修复效果不满意，重新处理")["complaint"]
        assert case["state"] == "in_progress"
        # A serious complaint gets 7 days again: 6 May + 7 = Wednesday 13 May.
        assert clock(case, "handling")["cycle"] == 2
        assert due(case, "handling") == end_of(2026, 5, 13)

    with time_machine.travel(local(2026, 5, 8, 15, 0), tick=False):
        case = handler.act(number, "resolve", outcome="repair", summary="整面吊顶按原色重做，墙角防霉处理。")[
            "complaint"
        ]
        # One working day after Friday 8 May: Saturday 9 May is an adjusted working day.
        assert clock(case, "result_reply")["cycle"] == 2
        assert due(case, "result_reply") == end_of(2026, 5, 9)

    with time_machine.travel(local(2026, 5, 9, 10, 0), tick=False):
        case = desk.act(number, "reply", reply_kind="result", channel="phone", text="吊顶已按原色重做。")["complaint"]
        # 3 working days after Saturday 9 May: 11, 12, 13 May.
        assert clock(case, "callback")["cycle"] == 2
        assert due(case, "callback") == end_of(2026, 5, 13)
        # The callback before the reopening does not count (P5.5).
        refused = desk.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 409
        assert refused.json()["code"] == "closure_rule"
        assert "P5.5" in refused.json()["message"]
        assert "P5.4" not in refused.json()["message"]

    with time_machine.travel(local(2026, 5, 11, 10, 0), tick=False):
        desk.act(number, "callback", reached=True, channel="phone", satisfaction="satisfied")
        case = desk.act(number, "close")["complaint"]
        assert case["state"] == "closed"
        assert all(c["state"] == "met" for c in case["clocks"])

    assert [e["action"] for e in case["timeline"]] == [
        "register",
        "verify",
        "classify",
        "escalate",
        "assign",
        "resolve",
        "reply",
        "callback",
        "reopen",
        "resolve",
        "reply",
        "callback",
        "close",
    ]


def test_a_letter_is_answered_in_writing_with_a_reply_letter_p5_4(staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    desk = staff("receptionist", "wg_customer_service")
    butlers_team()
    butler = hire("lixia", "李霞", "handler", "wg_butlers", duties="butler", area="1-8", title="物业管家")
    environment_head = staff("department_head", "wg_environment")
    handler = staff("handler", "wg_environment")

    # Friday 13 February 2026: the letter arrives.
    with time_machine.travel(local(2026, 2, 13, 10, 0), tick=False):
        created = desk.post("/complaints", LETTER_CASE)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
        case = desk.get(f"/complaints/{number}").json()
        assert case["department"] == "wg_environment"
        # P5.1/P5.2 for a letter the owner must be reached first: one working day, and
        # Saturday 14 February is an adjusted working day.
        assert due(case, "verification") == end_of(2026, 2, 14)

    with time_machine.travel(local(2026, 2, 14, 9, 30), tick=False):
        # P5.2 no butler has building 12: the customer-service receptionist verifies it.
        assert butler.get(f"/complaints/{number}").status_code == 404
        case = desk.act(
            number, "verify", decision="valid", findings="现场查看属实：12栋垃圾桶满溢，清运车春节前调度不足。"
        )["complaint"]
        assert due(case, "handling") == local(2026, 2, 15, 9, 30)  # general: 24 hours
        environment_head.act(number, "assign", assignee=handler.username)

    with time_machine.travel(local(2026, 2, 14, 15, 0), tick=False):
        case = handler.act(number, "resolve", outcome="apology", summary="当天清运完毕并消杀；春节期间每日清运两次。")[
            "complaint"
        ]
        assert clock(case, "handling")["state"] == "met"
        # One working day after Saturday 14 February: the holiday runs to 23 February.
        assert due(case, "result_reply") == end_of(2026, 2, 24)

    reply_text = "12栋垃圾桶已于2月14日全部清运并消杀。\n春节期间起每日清运两次，保洁主管每日巡查。"
    with time_machine.travel(local(2026, 2, 24, 9, 0), tick=False):
        # P5.4 a letter is answered in writing: the result by phone is refused.
        refused = desk.post(
            f"/complaints/{number}/reply", {"reply_kind": "result", "channel": "phone", "text": reply_text}
        )
        assert refused.status_code == 422
        assert "channel" in refused.json()["details"]
        assert "P5.4" in refused.json()["message"]
        # A first reply by phone (an apology, P5.1) is not the written answer and is allowed.
        desk.act(number, "reply", reply_kind="first", channel="phone", text="孙先生您好，来信已收到，非常抱歉。")

        done = desk.act(number, "reply", reply_kind="result", channel="letter", text=reply_text)
        case = done["complaint"]
        assert clock(case, "result_reply")["state"] == "met"
        # P5.5 three working days after Tuesday 24 February: 25, 26, 27 February.
        assert due(case, "callback") == end_of(2026, 2, 27)
        [letter] = case["attachments"]
        assert letter["generated"] is True
        assert letter["name"] == f"答复函-{number}.docx"
        assert letter["content_type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        assert done["events"][0]["data"]["letter"] == letter["token"]

        response = desk.client.get(letter["url"], **desk.headers)
        assert response.status_code == 200
        content = b"".join(response.streaming_content)
        assert len(content) == letter["size"]
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
        assert number in text
        assert "孙立" in text
        for line in reply_text.splitlines():
            assert line in text
        assert "2026年02月24日" in text

        # P5.5 the customer has not been called back yet.
        refused = desk.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 409
        assert refused.json()["code"] == "closure_rule"
        assert "P5.5" in refused.json()["message"]

    with time_machine.travel(local(2026, 2, 26, 10, 0), tick=False):
        case = desk.act(
            number, "callback", reached=True, channel="phone", satisfaction="satisfied", comments="现在每天都清运了。"
        )["complaint"]
        assert clock(case, "callback")["state"] == "met"
        case = desk.act(number, "close")["complaint"]
        assert case["state"] == "closed"

    assert [e["action"] for e in case["timeline"]] == [
        "register",
        "verify",
        "assign",
        "resolve",
        "reply",
        "reply",
        "callback",
        "close",
    ]
    public = desk.client.get("/api/v1/public/status", {"number": number, "code": case["verification_code"]}).json()
    assert public["state"] == "closed"
    assert "孙立" not in str(public) and "13501296640" not in str(public)
