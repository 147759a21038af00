"""P4 — a property-management office's complaint procedure, walked through the API by
the procedure's people.

1. An urgent elevator complaint is registered by customer service just before the 2026
   National Day holiday (1–7 October; 10 October is an adjusted working Saturday),
   handled by engineering, followed up by the butler of the building (P4.8), called back
   unsatisfied, reopened, handled again, called back satisfied, signed off by the head
   of engineering — the head of customer service is refused and told who signs (P4.5.3)
   — and closed.
2. A complaint an engineering handler hears and passes on (P4.5.2) is seen, called back
   and closed by every colleague of the office's customer service, and by nobody of the
   company's other office.
3. Holiday cover: a deputy signs off for the head of engineering while the cover lasts.
4. One person, two positions (a handler in one office, a receptionist in the other): the
   union of both, each action by the position that allows it.
"""

import time_machine

from tests.lifecycle.helpers import clock, due, end_of, local
from tests.lifecycle.people import also, hire, names, second_office, unit
from tousu.org.models import Deputy

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
    head = hire("zhaoguoqiang", "赵国强", "department_head", "wy_engineering", title="工程部主管")
    handler = staff("handler", "wy_engineering")
    cs_head = hire("sunli", "孙丽", "department_head", "wy_customer_service", title="客服部主管")
    unit("wy_butlers", "物业管家组", "property-office")
    butler = hire("chenjing", "陈静", "handler", "wy_butlers", duties="butler", area="1-4", title="物业管家")

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
        # P4.8 the butler of building 3 follows it up; the handler does the repair.
        refused = handler.post(f"/complaints/{number}/follow_up", {"note": "x"})
        assert refused.status_code == 403
        assert "P4.8" in refused.json()["message"]
        case = butler.act(number, "follow_up", note="电梯已恢复运行，正在排查故障原因。")["complaint"]
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
        # P4.5.3 only the head of the department concerned signs off; the head of customer
        # service is told who does.
        refused = cs_head.post(f"/complaints/{number}/sign_off", {"opinion": "同意"})
        assert refused.status_code == 403
        assert refused.json()["code"] == "role"
        message = refused.json()["message"]
        assert "工程部主管赵国强" in message and "签批" in message and "P4.5.3" in message
        assert "孙丽" not in message
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


PASSED_ON = {
    "policy": "property-office",
    "channel": "internal",
    "complainant_name": "李秀兰",
    "complainant_phone": "13911112222",
    "complainant_unit": "6栋1单元201",
    "category": "cleaning",
    "content": "工程部上门修水管时业主反映：6栋楼道垃圾三天没人清，气味很大。",
    "request": "尽快清理",
}


def test_a_complaint_passed_on_by_engineering_reaches_all_of_customer_service_and_no_other_office_p4_5_2(staff):
    engineer = hire("liqiang", "李强", "handler", "wy_engineering", title="维修工")
    desks = [
        hire("wangfang", "王芳", "receptionist", "wy_customer_service"),
        hire("liuyan", "刘燕", "receptionist", "wy_customer_service"),
        hire("qianhong", "钱红", "complaint_manager", "wy_customer_service", title="客服经理"),
    ]
    cleaning_head = hire("hujun", "胡军", "department_head", "wy_cleaning", title="环境部主管")
    cleaner = hire("majie", "马洁", "handler", "wy_cleaning")
    other = second_office("property-office", "ch", "翠湖管理处")
    other_desks = [
        hire("zhoumin", "周敏", "receptionist", other["wy_customer_service"]),
        hire("wuyue", "吴悦", "complaint_manager", other["wy_customer_service"]),
    ]

    with time_machine.travel(local(2026, 11, 2, 10, 0), tick=False):
        # P4.5.2 every staff member passes a complaint to customer service at once: the
        # engineer records it, and it goes to the department concerned within his office.
        created = engineer.post("/complaints", PASSED_ON)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
        assert created.json()["department"] == "wy_cleaning"
        assert engineer.get(f"/complaints/{number}").json()["received_by"] == "liqiang"  # P4.4.4
        for desk in desks:
            assert desk.get(f"/complaints/{number}").status_code == 200, desk.username
            assert number in names(desk.get("/complaints")), desk.username
        for desk in other_desks:
            assert desk.get(f"/complaints/{number}").status_code == 404, desk.username
            assert number not in names(desk.get("/complaints")), desk.username
            assert desk.get("/complaints", phone=PASSED_ON["complainant_phone"]).json()["items"] == []
        desks[0].act(number, "reply", reply_kind="first", channel="phone", text="已收到，今天安排清理。")
        cleaning_head.act(number, "assign", assignee=cleaner.username)
        cleaner.act(number, "resolve", outcome="repair", summary="楼道垃圾已清运，增加每日巡查。")

    with time_machine.travel(local(2026, 11, 3, 10, 0), tick=False):
        for desk in desks:  # P4.9.1 any of them may call back
            assert "callback" in desk.get(f"/complaints/{number}").json()["available_actions"], desk.username
        for desk in other_desks:
            assert desk.post(f"/complaints/{number}/callback", {"reached": True}).status_code == 404
        desks[1].act(number, "callback", reached=True, channel="phone", satisfaction="satisfied")
        cleaning_head.act(number, "sign_off", opinion="已落实每日巡查。")
        for desk in desks:  # P4.10 any of them may close
            assert "close" in desk.get(f"/complaints/{number}").json()["available_actions"], desk.username
        case = desks[2].act(number, "close")["complaint"]
        assert case["state"] == "closed"

    # The other office's own complaint goes to its own cleaning department, and office A's
    # customer service does not see it.
    with time_machine.travel(local(2026, 11, 3, 11, 0), tick=False):
        theirs = other_desks[0].post("/complaints", {**PASSED_ON, "channel": "phone"}).json()
        # Nor does office B's desk register cases into office A (which it could not work on).
        elsewhere = other_desks[0].post("/complaints", {**PASSED_ON, "unit": "wy_customer_service"})
        assert elsewhere.status_code == 403
        assert theirs["department"] == other["wy_cleaning"]
        assert other_desks[1].get(f"/complaints/{theirs['number']}").status_code == 200
        for desk in desks:
            assert desk.get(f"/complaints/{theirs['number']}").status_code == 404, desk.username


def resolved_elevator_case(receptionist, head, handler, unit_number="3栋1单元502"):
    number = receptionist.post("/complaints", {**CASE, "complainant_unit": unit_number}).json()["number"]
    head.act(number, "assign", assignee=handler.username)
    handler.act(number, "resolve", outcome="repair", summary="更换门机控制板。")
    return number


def test_a_deputy_signs_off_for_the_head_while_the_holiday_cover_lasts_p4_5_3(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    head = hire("zhaoguoqiang", "赵国强", "department_head", "wy_engineering", title="工程部主管")
    handler = staff("handler", "wy_engineering")
    deputy = hire("liuwei", "刘伟", "handler", "wy_engineering", title="工程部副主管")
    Deputy.objects.create(
        user=deputy.user,
        for_user=head.user,
        starts_at=local(2026, 10, 1),
        ends_at=local(2026, 10, 8),
        reason="国庆休假",
    )
    with time_machine.travel(local(2026, 9, 29, 9, 0), tick=False):
        first = resolved_elevator_case(receptionist, head, handler)
        second = resolved_elevator_case(receptionist, head, handler)
        refused = deputy.post(f"/complaints/{first}/sign_off", {"opinion": "同意"})
        assert refused.status_code == 403  # the cover has not begun
    with time_machine.travel(local(2026, 10, 5, 9, 0), tick=False):
        done = deputy.act(first, "sign_off", opinion="代赵国强签批：同意。")
        assert done["complaint"]["signed_off"] is True
        assert done["events"][0]["actor"] == "liuwei"  # the timeline says who really signed
    with time_machine.travel(local(2026, 10, 8, 9, 0), tick=False):
        refused = deputy.post(f"/complaints/{second}/sign_off", {"opinion": "同意"})
        assert refused.status_code == 403
        assert "赵国强" in refused.json()["message"] and "P4.5.3" in refused.json()["message"]
        head.act(second, "sign_off", opinion="同意。")


def test_one_person_in_two_offices_sees_both_and_acts_by_the_position_that_allows_it(staff):
    other = second_office("property-office", "ch", "翠湖管理处")
    both = hire("huangmin", "黄敏", "handler", "wy_engineering", title="维修工")
    also(both, "receptionist", other["wy_customer_service"])
    desk_a = staff("receptionist", "wy_customer_service")
    head_a = staff("department_head", "wy_engineering")
    head_b = staff("department_head", other["wy_engineering"])
    handler_b = staff("handler", other["wy_engineering"])
    with time_machine.travel(local(2026, 11, 2, 9, 0), tick=False):
        # Registering, they say for which office (they work for two).
        refused = both.post("/complaints", CASE)
        assert refused.status_code == 422 and "unit" in refused.json()["details"]
        created = both.post("/complaints", {**CASE, "unit": other["wy_customer_service"]})
        assert created.status_code == 201, created.content.decode()
        in_b = created.json()["number"]
        assert created.json()["department"] == other["wy_engineering"]
        # Office A: one engineering case (theirs as a handler), one cleaning case (not theirs).
        engineering_a = resolved_elevator_case(desk_a, head_a, both)
        cleaning_a = desk_a.post("/complaints", {**CASE, "category": "cleaning"}).json()["number"]
        assert set(names(both.get("/complaints"))) == {in_b, engineering_a}
        assert both.get(f"/complaints/{cleaning_a}").status_code == 404
        # As office A's handler they resolved the case; calling back is office A's
        # customer service's, not theirs (P4.9.1).
        refused = both.post(f"/complaints/{engineering_a}/callback", {"reached": True, "satisfaction": "satisfied"})
        assert refused.status_code == 403
        # As office B's receptionist they call back office B's case, which they cannot resolve.
        head_b.act(in_b, "assign", assignee=handler_b.username)
        refused = both.post(f"/complaints/{in_b}/resolve", {"outcome": "repair", "summary": "x"})
        assert refused.status_code == 403
        handler_b.act(in_b, "resolve", outcome="repair", summary="已修复。")
        both.act(in_b, "callback", reached=True, channel="phone", satisfaction="satisfied")


def test_an_executive_of_one_organisation_reads_nothing_of_another(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    own = hire("wangjianjun", "王建军", "executive", "wy_office", title="管理处主任")
    strangers = [
        hire("zhangju", "张局", "executive", "special-equipment", title="局长"),
        hire("lizong", "李总", "executive", "property-rules", title="物业公司经理"),
        hire("qinli", "秦丽", "complaint_manager", "wg_customer_service", title="品质主管"),
    ]
    with time_machine.travel(local(2026, 11, 2, 9, 0), tick=False):
        number = receptionist.post("/complaints", CASE).json()["number"]
        assert own.get(f"/complaints/{number}").status_code == 200
        assert own.get("/reports/statistics", period="2026-11").json()["outcomes"]["received"] == 1
        for stranger in strangers:
            assert stranger.get(f"/complaints/{number}").status_code == 404, stranger.username
            assert stranger.get("/complaints").json()["items"] == [], stranger.username
            assert stranger.get("/complaints", phone=CASE["complainant_phone"]).json()["items"] == []
            assert stranger.get("/reports/statistics", period="2026-11").json()["outcomes"]["received"] == 0
