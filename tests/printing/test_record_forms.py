"""Printable record forms filled from the case: P2.5 登记表, P3.a 顾客投诉及处理记录表,
P4.5.1 客户投诉处理记录表 (with the callbacks, P4.9.2), P5.1 信息接待记录 and P5.2
投诉处理表; staff only, A4 print styles."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

import tousu.printing
from tests.portal.conftest import PropertyOffice

SPECIAL_EQUIPMENT_REPORT = {
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
    "content": "商场东侧观光电梯检验合格证已过期半年仍在运行。",
}

LETTER_CASE = {
    "policy": "property-rules",
    "channel": "letter",
    "complainant_name": "孙立",
    "complainant_unit": "12栋3单元201",
    "contact_person": "孙立",
    "complainant_phone": "13501296640",
    "category": "cleaning",
    "content": "12栋楼下的垃圾桶已经连续一周满溢无人清运。",
    "request": "每天按时清运，并给出书面答复",
}


def browser_of(api) -> Client:
    """A logged-in desk browser for the staff member behind an API client."""
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(get_user_model().objects.get(username=api.username))
    return client


def test_p4_record_form_carries_the_case_its_handling_and_every_callback(staff, django_assert_max_num_queries):
    office = PropertyOffice(staff)
    complaint = office.resolved()
    number = complaint.number
    office.receptionist.act(
        number, "callback", reached=True, channel="phone", satisfaction="unsatisfied", comments="电梯又停了"
    )
    office.receptionist.act(number, "reopen", reason="业主不满意（P4.10）")
    office.handler.act(number, "resolve", outcome="repair", summary="更换曳引机编码器。")
    office.receptionist.act(number, "callback", reached=True, channel="phone", satisfaction="satisfied")
    office.head.act(number, "sign_off", opinion="处理及时")
    office.cs_head.act(number, "close")

    client = browser_of(office.receptionist)
    with django_assert_max_num_queries(12):
        response = client.get(f"/desk/print/{number}/record/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "客户投诉处理记录表" in body and "KH-07-R01" in body  # P4.5.1, P4.11
    for fact in ["王芳", "13800001234", "3栋1单元502", "电梯故障", "工程部", "更换门机控制板", "更换曳引机编码器"]:
        assert fact in body, fact
    # P4.9.2 both callbacks are on the record form, with the customer's opinion.
    assert "<td>电话</td><td>不满意</td><td>电梯又停了</td>" in body
    assert "<td>电话</td><td>满意</td>" in body
    assert "处理及时" in body  # P4.5.3 the head's sign-off
    assert 'href="/static/printing/print.css"' in body


def test_the_print_stylesheet_sets_a4_pages():
    css = (Path(tousu.printing.__file__).parent / "static" / "printing" / "print.css").read_text()
    assert "@page { size: A4;" in css
    assert "@media print" in css


def test_p2_registration_form_marks_a_confidential_reporter_and_records_the_extension(staff):
    hotline = staff("receptionist", "ts_12365")
    head = staff("department_head", "ts_special")
    inspector = staff("handler", "ts_special")
    number = hotline.post("/complaints", SPECIAL_EQUIPMENT_REPORT).json()["number"]
    hotline.act(number, "screen", decision="in_scope")
    head.act(number, "assign", assignee=inspector.username)
    inspector.act(number, "plan", plan="现场检查该电梯使用登记及定期检验情况。")
    head.act(number, "extend", clock="result", amount=30, reason="立案查处", approved_by=head.username)

    body = browser_of(hotline).get(f"/desk/print/{number}/record/").content.decode()
    assert "特种设备安全监察举报投诉登记表" in body  # P2.5
    assert "保密" in body  # P2.11 the reporter is confidential
    for fact in ["陈建国", "金海湾购物广场", "电梯", "使用", "现场检查该电梯使用登记", "立案查处"]:
        assert fact in body, fact


def test_p2_registration_form_records_the_hand_off_and_the_result_back_p2_4(staff):
    hotline = staff("receptionist", "ts_12365")
    number = hotline.post("/complaints", {**SPECIAL_EQUIPMENT_REPORT, "subject_person": "检验员"}).json()["number"]
    hotline.act(number, "screen", decision="in_scope")
    sent = hotline.act(number, "hand_off", handoff="inspection", reason="需现场检验")
    copy = sent["events"][0]["data"]["copy"]
    institute = staff("department_head", "tj_elevator")
    inspector = staff("handler", "tj_elevator", duties="inspector")
    institute.act(copy, "assign", assignee=inspector.username)
    inspector.act(copy, "plan", plan="三日内到现场检验")
    inspector.act(copy, "resolve", outcome="other", summary="检验不合格，已责令停用。")
    inspector.act(copy, "report_back", outcome="other", summary="检验不合格，已责令停用。")

    body = browser_of(hotline).get(f"/desk/print/{number}/record/").content.decode()
    for fact in ["移交", copy, "需现场检验", "检验不合格，已责令停用。"]:
        assert fact in body, fact
    # The institute prints its own copy: the reporter never went with it (P2.11).
    theirs = browser_of(inspector).get(f"/desk/print/{copy}/record/").content.decode()
    assert "陈建国" not in theirs and "13622220000" not in theirs
    assert browser_of(inspector).get(f"/desk/print/{number}/record/").status_code == 404


def test_p3_record_form_shows_the_site_visit_and_the_customers_signature(staff):
    receptionist = staff("receptionist", "sh_customer_service")
    quality_head = staff("department_head", "sh_quality")
    # P3.f: a quality complaint goes only to a qualified technician.
    technician = staff("handler", "sh_technical", duties="technician")
    number = receptionist.post(
        "/complaints",
        {
            "policy": "after-sales",
            "channel": "phone",
            "complainant_name": "赵建国",
            "complainant_phone": "13882215406",
            "category": "leakage",
            "quality": "quality",
            "content": "3号泵机械密封处漏水严重。",
        },
    ).json()["number"]
    quality_head.act(number, "assign", department="sh_technical", assignee=technician.username)
    technician.act(
        number,
        "site_visit",
        technician="李工",
        arrived_at="2026-01-01T10:30:00+08:00",
        findings="密封件材质缺陷",
        work_done="更换密封件",
        customer_confirmed=True,
        customer_signature="赵建国",
    )
    body = browser_of(receptionist).get(f"/desk/print/{number}/record/").content.decode()
    assert "顾客投诉及处理记录表" in body  # P3.a
    for fact in ["李工", "密封件材质缺陷", "更换密封件", "确认并签名", "赵建国", "质量投诉"]:
        assert fact in body, fact


def test_p5_prints_the_reception_log_and_the_handling_form_and_the_reply_letter(staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    butler = staff("receptionist", "wg_customer_service")
    head = staff("department_head", "wg_environment")
    handler = staff("handler", "wg_environment")
    number = butler.post("/complaints", LETTER_CASE).json()["number"]
    client = browser_of(butler)
    # No reply yet: there is no letter to print.
    assert client.get(f"/desk/print/{number}/letter/").status_code == 404

    butler.act(number, "verify", decision="valid", findings="现场查看属实。")
    head.act(number, "assign", assignee=handler.username)
    handler.act(number, "resolve", outcome="apology", summary="当天清运完毕并消杀。")
    butler.act(number, "reply", reply_kind="result", channel="letter", text="垃圾桶已全部清运。\n每日清运两次。")

    record = client.get(f"/desk/print/{number}/record/").content.decode()
    assert "信息接待记录" in record and "投诉处理表" in record  # P5.1, P5.2
    assert record.count('<section class="sheet">') == 2  # one A4 page each
    for fact in ["孙立", "12栋3单元201", "现场查看属实", "当天清运完毕并消杀", "书面"]:
        assert fact in record, fact

    letter = client.get(f"/desk/print/{number}/letter/").content.decode()
    assert "投诉处理答复函" in letter  # P5.4 the same wording as the .docx letter
    assert "孙立：" in letter and number in letter
    assert "垃圾桶已全部清运。" in letter and "每日清运两次。" in letter


def test_rental_complaints_print_a_generic_record_with_the_timeline(staff):
    receptionist = staff("receptionist", "zl_complaints")
    response = receptionist.post(
        "/complaints",
        {
            "policy": "rental-complaints",
            "channel": "phone",
            "complainant_name": "周敏",
            "complainant_phone": "13700001111",
            "content": "保洁阿姨连续两周没来打扫。",
        },
    )
    assert response.status_code == 201, response.content.decode()
    number = response.json()["number"]
    body = browser_of(receptionist).get(f"/desk/print/{number}/record/").content.decode()
    assert "投诉处理记录" in body and "周敏" in body and "登记" in body


@pytest.mark.parametrize("document", ["record", "letter"])
def test_documents_are_for_staff_only(staff, document):
    office = PropertyOffice(staff)
    number = office.register().number
    anonymous = Client().get(f"/desk/print/{number}/{document}/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    outsider = get_user_model().objects.create_user("outsider", password="x-very-long-password")
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/desk/print/{number}/{document}/").status_code == 403
    assert browser_of(office.receptionist).get("/desk/print/WY20990101-9999/record/").status_code == 404
