"""P2 — a regulator's special-equipment complaints and reports, walked through the API.

1. A confidential report reaches the 12365 hotline two days before the 2026 Spring
   Festival (holiday 15–23 February; Saturday 14 February is a working day). It is
   screened in scope, assigned the same day (P2.6), given a handling plan within 3 days
   (P2.9), transferred to the enforcement brigade for a formal investigation, extended
   (顺延, P2.9), resolved with a penalty, the reporter told the result, and closed.
2. A report needing inspection is handed to the inspection institute, a separate
   organisation (P2.4): the institute works on its own copy, which holds only what the
   hand-off copies and never the reporter; it names a certified inspector, inspects and
   reports back, and the result comes onto the regulator's timeline; the regulator tells
   the reporter and closes. A report about the institute itself never goes to it (P2.11).
3. Out of scope: referred with an explanation (P2.8), and where the other authority is on
   this installation and the policy names the hand-off, handed to it with only what the
   hand-off copies.
"""

import time_machine
import yaml

from tests.conftest import Api
from tests.lifecycle.helpers import clock, due, end_of, local
from tests.lifecycle.people import hire, names
from tousu.policies import loader

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
        {
            **REPORT,
            "kind": "complaint",
            "confidential": False,
            "content": "小区物业电梯费收费太高",
            "request": "要求降低电梯费",
        },
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


INSPECTION = {
    **REPORT,
    "complainant_name": "林志强",
    "complainant_phone": "13622221111",
    "complainant_email": "linzq@example.cn",
    "subject_org": "海景花园小区",
    "location": "海景花园小区6栋1号电梯",
    "content": "海景花园6栋1号电梯上月刚做完定期检验，这周两次平层不准、开门时轿厢下滑，"
    "怀疑检验走过场。举报人林志强，电话13622221111。",
    "request": "请重新检验并告知结果",
}


def regulator_and_institute():
    """The regulator's people and the institute's, each of their own organisation."""
    return {
        "hotline": hire("chenxiao", "陈晓", "receptionist", "ts_12365", title="12365受理员"),
        "officer": hire("lina", "李娜", "complaint_manager", "ts_supervision", title="举报投诉受理负责人"),
        "head": hire("zhengwei", "郑伟", "department_head", "ts_special", title="特监科科长"),
        "supervisor": hire("xuming", "徐明", "handler", "ts_special", title="安全监察员"),
        "acceptance": hire("guoping", "郭平", "department_head", "tj_acceptance", title="业务受理室主任"),
        "elevator_head": hire("tangjun", "唐军", "department_head", "tj_elevator", title="电梯检验室主任"),
        "inspector": hire("hanlei", "韩磊", "handler", "tj_elevator", duties="inspector", title="检验员"),
        "clerk": hire("fangyu", "方雨", "handler", "tj_elevator", title="资料员"),
    }


def test_a_report_needing_inspection_goes_to_the_institute_and_its_result_comes_back_p2_4_p2_6(staff):
    p = regulator_and_institute()
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        created = p["hotline"].post("/complaints", INSPECTION)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
        # A report: confidential without being asked (P2.11).
        assert p["hotline"].get(f"/complaints/{number}").json()["confidential"] is True
        p["hotline"].act(number, "screen", decision="in_scope")
        p["head"].act(number, "assign", assignee=p["supervisor"].username)
        p["supervisor"].act(number, "plan", plan="涉及检验质量，移交特种设备检验机构重新检验（P2.4）。")
        # P2.4 cases involving inspection go to the inspection institute.
        done = p["head"].act(number, "hand_off", handoff="inspection", reason="需对该电梯重新检验")
        [event] = done["events"]
        assert event["action"] == "hand_off"
        copy = event["data"]["copy"]
        assert copy.startswith("JY20260302-")

    # The institute sees its copy, and only the copied fields: never the reporter (P2.11).
    theirs = p["acceptance"].get(f"/complaints/{copy}").json()
    assert theirs["channel"] == "handoff" and theirs["department"] == "tj_elevator"  # routed by equipment
    assert (theirs["equipment_type"], theirs["location"]) == ("elevator", INSPECTION["location"])
    assert "平层不准" in theirs["content"]
    for field in ("complainant_name", "complainant_phone", "complainant_email", "request", "subject_person"):
        assert not theirs[field], field
    for identity in ("林志强", "13622221111", "linzq", "3622", "林*"):
        assert identity not in str(theirs), identity
    for person in ("acceptance", "elevator_head", "inspector"):
        assert p[person].get(f"/complaints/{number}").status_code == 404, person  # not the origin
        assert names(p[person].get("/complaints")) == [copy], person
    for person in ("hotline", "officer", "head", "supervisor"):
        assert p[person].get(f"/complaints/{copy}").status_code == 404, person  # not the copy
        assert copy not in names(p[person].get("/complaints")), person

    with time_machine.travel(local(2026, 3, 3, 9, 0), tick=False):
        # P2.4 a certified inspector inspects: not a clerk of the elevator section.
        refused = p["elevator_head"].post(f"/complaints/{copy}/assign", {"assignee": p["clerk"].username})
        assert refused.status_code == 422
        assert "P2.4" in refused.json()["details"]["assignee"][0]
        p["elevator_head"].act(copy, "assign", assignee=p["inspector"].username)
        p["inspector"].act(copy, "plan", plan="3月5日现场复检平层精度及制动器。")
    with time_machine.travel(local(2026, 3, 5, 16, 0), tick=False):
        p["inspector"].act(
            copy, "resolve", outcome="rectification", summary="制动器间隙超标，已责令维保单位调整，复检合格。"
        )
        done = p["inspector"].act(
            copy, "report_back", outcome="rectification", summary="复检发现制动器间隙超标，已整改，复检合格。"
        )
        assert done["complaint"]["state"] == "closed"

    # P2.4 the result comes back onto the regulator's timeline, which files it.
    origin = p["officer"].get(f"/complaints/{number}").json()
    back = origin["timeline"][-1]
    assert back["action"] == "handoff_result"
    assert back["data"]["copy"] == copy and back["data"]["outcome"] == "rectification"
    assert "复检合格" in back["data"]["summary"]
    with time_machine.travel(local(2026, 3, 6, 9, 0), tick=False):
        p["supervisor"].act(
            number, "resolve", outcome="rectification", summary="检验机构复检：制动器已整改，复检合格。"
        )
        p["hotline"].act(number, "reply", reply_kind="result", channel="phone", text="经检验机构复检，电梯已整改合格。")
        case = p["hotline"].act(number, "close")["complaint"]
        assert case["state"] == "closed"
    assert [e["action"] for e in case["timeline"]][-6:] == [
        "plan",
        "hand_off",
        "handoff_result",
        "resolve",
        "reply",
        "close",
    ]


def test_a_report_about_the_institute_itself_is_never_handed_to_it_p2_11(staff):
    p = regulator_and_institute()
    about_the_inspector = {
        **INSPECTION,
        "subject_org": "特种设备检验机构",
        "subject_person": "检验员韩磊",
        "content": "检验员韩磊收了维保单位的好处，6栋电梯没有上机检验就出了合格报告。",
    }
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        about_the_section = {**INSPECTION, "subject_org": "市特种设备检验研究院电梯检验室"}
        picked = {**INSPECTION, "reported_unit": "tj_elevator"}  # from the directory
        for report in (about_the_inspector, about_the_section, picked):
            number = p["hotline"].post("/complaints", report).json()["number"]
            p["hotline"].act(number, "screen", decision="in_scope")
            refused = p["head"].post(f"/complaints/{number}/hand_off", {"handoff": "inspection"})
            assert refused.status_code == 422, refused.content.decode()
            assert refused.json()["code"] == "reported_party"
            assert "P2.11" in refused.json()["message"]
            assert names(p["inspector"].get("/complaints")) == []


PRICE_BUREAU = """
name: price-bureau
title: 区发展和改革局价格举报受理
tracking_prefix: JG
kinds: [complaint, report]
default_kind: complaint
channels: [phone, letter, handoff]
categories:
  - {code: price, label: 价格收费, label_en: Prices and charges}
departments:
  - {code: jg_price, name: 价格监督检查科, kind: supervision}
default_department: jg_price
"""


def referral_installed():
    """The price authority on this installation (its own organisation and policy), and
    the special-equipment policy naming a referral hand-off to it (P2.8)."""
    from tousu.org.models import Organisation, Unit
    from tousu.policies.models import Policy

    bureau = Organisation.objects.create(code="price-bureau", name="区发展和改革局", kind="regulator")
    root = Unit.objects.create(organisation=bureau, code="price-bureau", name="区发展和改革局", kind="organisation")
    Unit.objects.create(organisation=bureau, code="jg_price", name="价格监督检查科", kind="supervision", parent=root)
    placed = Policy.objects.create(name="price-bureau", title="区发展和改革局价格举报受理", organisation=bureau)
    placed.homes.add(root)
    loader.store(loader.parse(PRICE_BUREAU), PRICE_BUREAU)
    text = (loader.PRESETS_DIR / "special-equipment.yaml").read_text(encoding="utf-8")
    variant = yaml.load(text, Loader=loader.PolicyYamlLoader)  # noqa: S506 - a SafeLoader
    variant["handoffs"].append(
        {
            "code": "price_referral",
            "label": "转价格主管部门",
            "label_en": "Refer to the price authority",
            "clause": "P2.8",
            "to": "jg_price",
            "policy": "price-bureau",
            "copies": ["kind", "content", "request", "location"],
            "result_back": False,
        }
    )
    source = yaml.safe_dump(variant, allow_unicode=True, sort_keys=False)
    loader.store(loader.parse(source), source)


def test_a_referral_to_an_authority_on_this_installation_goes_as_the_hand_off_declares_p2_8(staff):
    referral_installed()
    hotline = hire("chenxiao", "陈晓", "receptionist", "ts_12365")
    head = hire("zhengwei", "郑伟", "department_head", "ts_special")
    price = hire("jiangtao", "江涛", "department_head", "jg_price", title="价格监督检查科科长")
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        number = hotline.post(
            "/complaints",
            {
                **REPORT,
                "kind": "complaint",
                "confidential": False,
                "content": "小区物业电梯费每月每户80元，远高于公示标准",
                "request": "要求按公示标准收取电梯费",
            },
        ).json()["number"]
        hotline.act(
            number,
            "screen",
            decision="out_of_scope",
            referral_target="区发展和改革局（价格主管部门）",
            explanation="电梯收费问题不属于特种设备安全监察范围，已转价格主管部门并告知投诉人。",
        )
        done = hotline.act(number, "hand_off", handoff="price_referral", reason="收费问题由价格主管部门处理（P2.8）")
        copy = done["events"][0]["data"]["copy"]
        assert copy.startswith("JG20260302-")
        assert done["events"][0]["data"]["organisation"] == "区发展和改革局"
    theirs = price.get(f"/complaints/{copy}").json()
    assert theirs["department"] == "jg_price" and theirs["channel"] == "handoff"
    assert (theirs["content"], theirs["request"]) == (
        "小区物业电梯费每月每户80元，远高于公示标准",
        "要求按公示标准收取电梯费",
    )
    # Only what the hand-off declares: not the complainant, not the equipment details.
    for field in ("complainant_name", "complainant_phone", "subject_org", "equipment_type", "category"):
        assert not theirs[field], field
    assert REPORT["complainant_phone"] not in str(theirs) and REPORT["complainant_name"] not in str(theirs)
    assert price.get(f"/complaints/{number}").status_code == 404
    assert names(price.get("/complaints")) == [copy]
    for regulator in (hotline, head):
        assert regulator.get(f"/complaints/{copy}").status_code == 404
    # Referred elsewhere, the case has ended here (P2.8).
    assert hotline.get(f"/complaints/{number}").json()["state"] == "referred"
