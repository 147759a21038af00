"""P3 — a pump manufacturer's after-sales complaint procedure, walked through the API.

1. A quality complaint from a customer in another province, the week before the 2026
   Spring Festival holiday (15–23 February; Saturday 14 February is an adjusted working
   day): to the quality department the same day (P3.d), a technician assigned, the region
   classified later re-times the site-arrival clock (P3.e), the site visit finds a company
   quality fault (P3.g, return/exchange), the complaint is major and goes to the general
   manager (P3.h1), closing is refused until the customer has confirmed and signed on site
   (P3.h), then it closes.
2. The same-province period (3 days) ending on the adjusted working Saturday.
3. A non-quality complaint (P3.b), which closes only after a satisfied callback.
4. A complaint found to be about quality only later is transferred to the quality
   department the same day (P3.d).
"""

import time_machine

from tests.lifecycle.helpers import clock, due, end_of, local, parse

QUALITY_CASE = {
    "policy": "after-sales",
    "channel": "phone",
    "complainant_name": "赵建国",
    "complainant_phone": "13882215406",
    "complainant_address": "四川省成都市青白江区大同路88号 青白江第二水厂",
    "subject_org": "本公司泵阀事业部",
    "location": "青白江第二水厂二期加压泵房",
    "category": "leakage",
    "quality": "quality",
    "content": "贵公司1月发货的12台IS150-125-315离心泵，运行不到两周，3号泵机械密封处漏水严重，"
    "已被迫停机，影响全厂供水。",
    "request": "尽快派技术人员到现场处理，确认质量问题后更换",
}

NON_QUALITY_CASE = {
    "policy": "after-sales",
    "channel": "phone",
    "complainant_name": "钱晓梅",
    "complainant_phone": "13588127730",
    "complainant_address": "浙江省温州市龙湾区永中街道",
    "category": "late_delivery",
    "quality": "non_quality",
    "content": "合同约定2月28日前交付的6台管道泵到现在还没发货，工地等着安装，业务员电话也打不通。",
    "request": "明确交货日期并赔偿工期损失",
}


def test_quality_complaint_from_another_province_whole_life_p3_c_to_p3_h1(staff):
    receptionist = staff("receptionist", "sh_customer_service")  # the named person (P3.a)
    quality_head = staff("department_head", "sh_quality")
    technician = staff("handler", "sh_technical", duties="technician")
    sales_engineer = staff("handler", "sh_sales", duties="technician", title="销售工程师")
    clerk = staff("handler", "sh_technical", title="资料员")

    # Friday 6 February 2026, 16:00: the customer phones customer service.
    with time_machine.travel(local(2026, 2, 6, 16, 0), tick=False):
        created = receptionist.post("/complaints", QUALITY_CASE)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
        assert number.startswith("SH20260206-")
        case = receptionist.get(f"/complaints/{number}").json()
        assert case["quality"] == "quality"
        assert case["region"] == ""  # not known yet
        assert case["department"] == "sh_quality"  # P3.d
        # P3.d the same day; the site clock (P3.e) starts only when a technician is assigned.
        assert [c["name"] for c in case["clocks"]] == ["to_quality_department"]
        assert due(case, "to_quality_department") == end_of(2026, 2, 6)

    with time_machine.travel(local(2026, 2, 6, 17, 30), tick=False):
        # P3.d the quality department writes its handling opinion and hands it to a technician.
        quality_head.act(number, "note", note="处理意见：疑似机械密封批次质量问题，派技术服务部李工赴现场检测。")
        # P3.f only technical staff of the quality or technical service department go: not
        # a sales engineer, however technical, nor a clerk of the technical department.
        for unqualified in (sales_engineer, clerk):
            refused = quality_head.post(
                f"/complaints/{number}/assign", {"department": "sh_technical", "assignee": unqualified.username}
            )
            assert refused.status_code == 422, unqualified.username
            why = refused.json()["details"]["assignee"][0]
            assert "P3.f" in why and technician.username in why  # who may go instead
        case = quality_head.act(number, "assign", department="sh_technical", assignee=technician.username)["complaint"]
        assert case["state"] == "assigned"
        assert case["department"] == "sh_technical"
        assert case["assignee"] == technician.username
        assert clock(case, "to_quality_department")["state"] == "met"
        # P3.e without a region the longest period applies: 10 days from 6 February end on
        # 16 February, inside the Spring Festival holiday → Tuesday 24 February.
        site = clock(case, "site_arrival")
        assert (site["amount"], site["unit"]) == (10, "calendar_days")
        assert due(case, "site_arrival") == end_of(2026, 2, 24)

    with time_machine.travel(local(2026, 2, 9, 9, 0), tick=False):
        # The customer is in Sichuan, another province: the running clock is re-timed from
        # its start to one week: Friday 13 February.
        done = receptionist.act(number, "classify", region="other_province")
        case = done["complaint"]
        assert done["events"][0]["data"] == {"before": {"region": ""}, "after": {"region": "other_province"}}
        site = clock(case, "site_arrival")
        assert site["cycle"] == 1
        assert site["state"] == "running"
        assert (site["amount"], site["unit"]) == (7, "calendar_days")
        assert parse(site["started_at"]) == local(2026, 2, 6, 17, 30)
        assert due(case, "site_arrival") == end_of(2026, 2, 13)

    with time_machine.travel(local(2026, 2, 12, 16, 0), tick=False):
        future = technician.post(
            f"/complaints/{number}/site_visit",
            {"technician": "李工", "arrived_at": "2026-02-12T18:00:00+08:00", "findings": "x"},
        )
        assert future.status_code == 422
        assert "arrived_at" in future.json()["details"]

        # P3.f a qualified technician; P3.g the cause investigated on site. The customer's
        # equipment manager is away, so nobody signs yet.
        case = technician.act(
            number,
            "site_visit",
            technician="李工（技术服务部，机泵维修高级工）",
            arrived_at="2026-02-12T10:30:00+08:00",
            findings="3号泵机械密封动环有贯穿裂纹；抽检同批次密封件，硬度低于图纸要求，属密封件材质缺陷。",
            work_done="临时更换密封件恢复供水，整机需返厂退换。",
            customer_confirmed=False,
        )["complaint"]
        assert case["state"] == "in_progress"
        assert clock(case, "site_arrival")["state"] == "met"  # within the week

        # P3.g the company's quality fault: an own fault names the standard broken.
        missing = technician.post(f"/complaints/{number}/determine_responsibility", {"responsibility": "own_fault"})
        assert missing.status_code == 422
        assert "norm" in missing.json()["details"]
        case = technician.act(
            number,
            "determine_responsibility",
            responsibility="own_fault",
            norm="Q/SHB 012-2024《机械密封件进货检验规程》第5.3条 硬度检验",
            responsible_department="sh_quality",
        )["complaint"]
        assert case["responsibility"] == "own_fault"

    with time_machine.travel(local(2026, 2, 13, 9, 0), tick=False):
        # P3.d the quality department still follows the quality complaint it handed to the
        # technical service department (the policy names it; a head does not otherwise
        # follow a case that left their department). P3.h1 the whole batch of 12 pumps is
        # affected: a major quality complaint goes to the general manager at once.
        assert quality_head.get(f"/complaints/{number}").json()["department"] == "sh_technical"
        done = quality_head.act(number, "classify", severity="major")
        assert [e["action"] for e in done["events"]] == ["classify", "escalate"]
        assert done["events"][1]["data"] == {"to": "executive", "rule": "policy"}
        assert done["events"][1]["actor_kind"] == "system"
        case = done["complaint"]
        assert case["severity"] == "major"
        assert case["escalation_level"] == "executive"

    with time_machine.travel(local(2026, 2, 13, 10, 0), tick=False):
        case = technician.act(
            number, "resolve", outcome="return_exchange", summary="同批次12台泵机械密封全部更换，3号泵整机换新。"
        )["complaint"]
        assert case["state"] == "resolved"
        assert case["outcome"] == "return_exchange"  # P3.g

        # P3.h the customer has not confirmed and signed what was done.
        refused = receptionist.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 409
        assert refused.json()["code"] == "closure_rule"
        assert "P3.h" in refused.json()["message"]
        assert "P1.4" not in refused.json()["message"]  # responsibility is on record
        assert "P4.10" not in refused.json()["message"]  # a quality complaint needs no callback

    # Tuesday 24 February, the first working day after the holiday: the new pump is
    # installed and the customer signs (P3.h). A confirmation after resolving is recorded
    # on the resolved case without reopening it.
    with time_machine.travel(local(2026, 2, 24, 16, 0), tick=False):
        unsigned = technician.post(
            f"/complaints/{number}/site_visit",
            {
                "technician": "李工",
                "arrived_at": "2026-02-24T09:00:00+08:00",
                "findings": "x",
                "customer_confirmed": True,
            },
        )
        assert unsigned.status_code == 422
        assert "customer_signature" in unsigned.json()["details"]  # P3.h confirms AND signs
        case = technician.act(
            number,
            "site_visit",
            technician="李工（技术服务部，机泵维修高级工）",
            arrived_at="2026-02-24T09:00:00+08:00",
            findings="新泵运行平稳，流量、扬程达标，无泄漏。",
            work_done="3号泵整机更换并调试，其余11台更换合格批次机械密封。",
            customer_confirmed=True,
            customer_signature="赵建国",
        )["complaint"]
        assert case["state"] == "resolved"
        assert case["reopen_count"] == 0
        # The site clock started once (on assign) and stays met: no new cycle.
        assert [c["cycle"] for c in case["clocks"] if c["name"] == "site_arrival"] == [1]
        case = receptionist.act(number, "close")["complaint"]
        assert case["state"] == "closed"
        assert case["satisfaction"] == ""  # no callback is required for a quality complaint
        assert {c["name"]: c["state"] for c in case["clocks"]} == {
            "to_quality_department": "met",
            "site_arrival": "met",
        }

    assert [e["action"] for e in case["timeline"]] == [
        "register",
        "note",
        "assign",
        "classify",
        "site_visit",
        "determine_responsibility",
        "classify",
        "escalate",
        "resolve",
        "site_visit",
        "close",
    ]
    signed = case["timeline"][9]
    assert signed["data"]["customer_confirmed"] is True
    assert signed["data"]["customer_signature"] == "赵建国"
    assert signed["actor"] == technician.username

    public = receptionist.client.get(
        "/api/v1/public/status", {"number": number, "code": case["verification_code"]}
    ).json()
    assert public["state"] == "closed"
    assert "赵建国" not in str(public) and "13882215406" not in str(public)


def test_same_province_site_arrival_ends_on_the_adjusted_working_saturday_p3_e(staff):
    receptionist = staff("receptionist", "sh_customer_service")
    quality_head = staff("department_head", "sh_quality")
    technician = staff("handler", "sh_technical", duties="technician")
    body = {
        **QUALITY_CASE,
        "complainant_name": "孙涛",
        "complainant_address": "浙江省杭州市萧山区",
        "category": "breakdown",
        "content": "新装的循环泵运行三天就烧电机了，整条产线停机。",
    }
    # Wednesday 11 February 2026.
    with time_machine.travel(local(2026, 2, 11, 9, 0), tick=False):
        number = receptionist.post("/complaints", body).json()["number"]
    with time_machine.travel(local(2026, 2, 11, 11, 0), tick=False):
        case = quality_head.act(number, "assign", department="sh_technical", assignee=technician.username)["complaint"]
        # Region unknown → 10 days → 21 February, inside the holiday → Tuesday 24 February.
        assert due(case, "site_arrival") == end_of(2026, 2, 24)
    with time_machine.travel(local(2026, 2, 11, 14, 0), tick=False):
        case = receptionist.act(number, "classify", region="same_province")["complaint"]
        # P3.e three days from the start (11 February): Saturday 14 February is an adjusted
        # working day, so the period ends then.
        assert due(case, "site_arrival") == end_of(2026, 2, 14)
        assert clock(case, "site_arrival")["amount"] == 3
    with time_machine.travel(local(2026, 2, 14, 10, 0), tick=False):
        case = technician.act(
            number,
            "site_visit",
            technician="王工",
            arrived_at="2026-02-14T08:30:00+08:00",
            findings="电机绕组烧毁，轴承装配不当。",
            customer_confirmed=True,
            customer_signature="孙涛",
        )["complaint"]
        assert clock(case, "site_arrival")["state"] == "met"


def test_non_quality_complaint_closes_only_after_a_satisfied_callback_p3_b(staff):
    named_person = staff("complaint_manager", "sh_customer_service")  # receives and negotiates (P3.a-b)
    # Tuesday 3 March 2026.
    with time_machine.travel(local(2026, 3, 3, 9, 0), tick=False):
        created = named_person.post("/complaints", NON_QUALITY_CASE)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
        case = named_person.get(f"/complaints/{number}").json()
        # P3.b stays with the receiver; no quality-department or site clocks.
        assert case["department"] == "sh_customer_service"
        assert case["clocks"] == []
        case = named_person.act(number, "assign", assignee=named_person.username)["complaint"]
        assert case["state"] == "assigned"
        assert case["clocks"] == []  # no technician is sent for a delivery complaint

    with time_machine.travel(local(2026, 3, 3, 15, 0), tick=False):
        case = named_person.act(
            number, "resolve", outcome="compensation", summary="3月6日前发货，免收运费并按合同赔偿延期违约金。"
        )["complaint"]
        assert case["state"] == "resolved"
        # P3.b negotiated until the customer is satisfied: there was no callback yet.
        refused = named_person.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 409
        assert refused.json()["code"] == "closure_rule"
        assert "P3.b" in refused.json()["message"]
        # The quality rules (P3.g, P3.h) do not apply to a non-quality complaint.
        assert "P3.h" not in refused.json()["message"]
        assert "P1.4" not in refused.json()["message"]

    with time_machine.travel(local(2026, 3, 4, 10, 0), tick=False):
        case = named_person.act(
            number, "callback", reached=True, satisfaction="unsatisfied", comments="违约金太少，工期损失更大。"
        )["complaint"]
        refused = named_person.post(f"/complaints/{number}/close", {})
        assert refused.status_code == 409
        assert "P3.b" in refused.json()["message"]
        case = named_person.act(number, "reopen", reason="客户对赔偿金额不满意，继续协商（P3.b）")["complaint"]
        assert case["state"] == "in_progress"

    with time_machine.travel(local(2026, 3, 5, 16, 0), tick=False):
        named_person.act(
            number, "resolve", outcome="compensation", summary="协商一致：赔偿延期损失并赠送一套备用密封件。"
        )
        named_person.act(number, "callback", reached=True, satisfaction="basically_satisfied")
        case = named_person.act(number, "close")["complaint"]
        assert case["state"] == "closed"
        assert case["satisfaction"] == "basically_satisfied"
        assert case["responsibility"] == ""  # not required for a non-quality complaint

    assert [e["action"] for e in case["timeline"]] == [
        "register",
        "assign",
        "resolve",
        "callback",
        "reopen",
        "resolve",
        "callback",
        "close",
    ]


def test_a_complaint_found_to_be_about_quality_later_goes_to_the_quality_department_the_same_day_p3_d(staff):
    receptionist = staff("receptionist", "sh_customer_service")
    quality_head = staff("department_head", "sh_quality")
    technician = staff("handler", "sh_technical", duties="technician")
    body = {
        **NON_QUALITY_CASE,
        "category": "spare_parts",
        "complainant_address": "浙江省宁波市北仑区",
        "content": "上月订的备用叶轮还没到，现在泵一开就有异响，振动很大。",
        "quality": None,
    }
    # Monday 2 March 2026, 10:00: taken as a spare-parts complaint, customer service keeps it.
    with time_machine.travel(local(2026, 3, 2, 10, 0), tick=False):
        number = receptionist.post("/complaints", body).json()["number"]
        case = receptionist.get(f"/complaints/{number}").json()
        assert case["department"] == "sh_customer_service"
        assert case["clocks"] == []

    with time_machine.travel(local(2026, 3, 2, 14, 0), tick=False):
        # The noise turns out to be the product's fault (P3.c): the P3.d clock starts now.
        case = receptionist.act(
            number, "classify", quality="quality", category="noise_vibration", region="same_province"
        )["complaint"]
        assert [c["name"] for c in case["clocks"]] == ["to_quality_department"]
        assert due(case, "to_quality_department") == end_of(2026, 3, 2)

    with time_machine.travel(local(2026, 3, 2, 16, 0), tick=False):
        done = receptionist.act(number, "transfer", department="sh_quality", reason="经初步判断属产品质量问题（P3.d）")
        case = done["complaint"]
        assert case["department"] == "sh_quality"
        assert clock(case, "to_quality_department")["state"] == "met"
        case = quality_head.act(number, "assign", department="sh_technical", assignee=technician.username)["complaint"]
        # P3.e same province: 3 days from Monday 2 March → Thursday 5 March.
        assert due(case, "site_arrival") == end_of(2026, 3, 5)
