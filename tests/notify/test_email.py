"""E-mail notices through Django's mail machinery to a real SMTP server on loopback.

Who hears of what: the complainant's acknowledgement with the tracking number and the
verification code; the department told of a new case; a major case to the office manager
at once (P4.5.3) or the general manager (P3.h1); the result to the complainant (P5.4);
the callback request with the satisfaction link (P4.9); inspection results reported back
to the supervision body (P2.4).
"""

from __future__ import annotations

import pytest

from tousu.cases.models import Handoff
from tousu.notify.models import Delivery, DeliveryState, OutboxEvent

from .helpers import drain, with_email

ELEVATOR = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": "王芳",
    "complainant_phone": "010-88886666",  # a landline: no SMS
    "complainant_email": "wangfang@example.cn",
    "complainant_unit": "3栋1单元502",
    "category": "elevator",
    "content": "3栋1单元电梯停在8楼不动，里面有老人被困，请马上处理。",
}


def to(server, address):
    return [m for m in server.messages if m["To"] == address]


def subject(message):
    # Django folds a long encoded Subject onto a second line; readers drop that space.
    return str(message["Subject"]).strip()


def test_acknowledgement_carries_number_and_code_and_the_department_hears_of_the_case(staff, smtp):
    receptionist = staff("receptionist", "wy_customer_service")
    staff("department_head", "wy_engineering", username="zhao")
    with_email("zhao", "zhao@wy.example.cn")
    created = receptionist.post("/complaints", ELEVATOR).json()
    number = created["number"]
    # Written in the registration's transaction, before any worker ran.
    assert OutboxEvent.objects.filter(complaint__number=number, action="register").count() == 1
    assert smtp.messages == []

    drain()

    [ack] = to(smtp, "wangfang@example.cn")
    assert subject(ack) == f"您的投诉已受理，编号 {number}"
    body = ack.get_content()
    assert number in body and created["verification_code"] in body
    assert "王芳" in body
    assert ack["X-Tousu-Case"] == number
    [notice] = to(smtp, "zhao@wy.example.cn")
    assert subject(notice).startswith(f"新分派案件 {number}")
    assert "工程部" in notice.get_content()
    assert Delivery.objects.filter(complaint__number=number, state=DeliveryState.SENT).count() == 3  # + in-app


def test_nothing_is_sent_twice_when_the_runner_sees_the_event_again(staff, smtp):
    receptionist = staff("receptionist", "wy_customer_service")
    receptionist.post("/complaints", ELEVATOR)
    drain()
    drain()
    from tousu.notify.expand import expand

    for event_id in OutboxEvent.objects.values_list("pk", flat=True):
        assert expand(event_id) == 0  # already expanded: claimed once
    assert len(to(smtp, "wangfang@example.cn")) == 1


def test_major_case_reaches_the_office_manager_at_once_p4_5_3(staff, smtp):
    receptionist = staff("receptionist", "wy_customer_service")
    staff("executive", "wy_office", username="wangjianjun")
    with_email("wangjianjun", "director@wy.example.cn")
    number = receptionist.post("/complaints", {**ELEVATOR, "severity": "major"}).json()["number"]
    drain()
    [notice] = to(smtp, "director@wy.example.cn")
    assert subject(notice) == f"重大投诉：{number} 电梯故障"
    assert "P4.5.3" in notice.get_content()


def test_major_quality_complaint_reaches_the_general_manager_p3_h1(staff, smtp):
    receptionist = staff("receptionist", "sh_customer_service")
    staff("executive", "sh_quality", username="gm")
    with_email("gm", "gm@factory.example.cn")
    case = {
        "policy": "after-sales",
        "channel": "phone",
        "complainant_name": "李明",
        "complainant_phone": "13912345678",
        "quality": "quality",
        "severity": "major",
        "content": "整批货物外壳开裂，客户要求全部退换。",
    }
    created = receptionist.post("/complaints", case)
    assert created.status_code == 201, created.content.decode()
    number = created.json()["number"]
    drain()
    [notice] = to(smtp, "gm@factory.example.cn")
    assert number in subject(notice)
    assert "P3.h1" in notice.get_content()


@pytest.fixture
def handled_elevator_case(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    head = staff("department_head", "wy_engineering")
    handler = staff("handler", "wy_engineering")
    number = receptionist.post("/complaints", ELEVATOR).json()["number"]
    head.act(number, "assign", assignee=handler.username)
    handler.act(number, "resolve", outcome="repair", summary="更换了电梯控制板，已恢复运行。")
    return receptionist, number


def test_result_and_callback_request_reach_the_complainant_p5_4_p4_9(handled_elevator_case, smtp):
    receptionist, number = handled_elevator_case
    receptionist.act(number, "reply", reply_kind="result", channel="email", text="电梯控制板已更换，运行正常。")
    drain()
    subjects = {subject(m): m for m in to(smtp, "wangfang@example.cn")}
    callback = subjects[f"请评价投诉 {number} 的处理"]
    assert "/callback/" in callback.get_content()  # the satisfaction link (P4.9)
    result = subjects[f"您的投诉 {number} 处理结果"]
    assert "电梯控制板已更换，运行正常。" in result.get_content()


def test_inspection_result_is_reported_back_to_the_supervision_body_p2_4(staff, smtp):
    """P2.4: a case involving inspection goes to the inspection institute (its own
    organisation) by the `inspection` hand-off; the institute assigns an inspector, who
    plans, resolves and reports the result back; the supervision body gets the result."""
    receptionist = staff("receptionist", "ts_supervision")
    chief = staff("department_head", "ts_supervision", username="linzhiming")
    with_email("linzhiming", "chief@bureau.example.cn")
    acceptance_head = staff("department_head", "tj_acceptance")
    staff("department_head", "ts_boiler", username="boiler_head")  # a supervision head the case never reached
    with_email("boiler_head", "boiler@bureau.example.cn")
    inspector = staff("handler", "tj_elevator", duties="inspector")
    case = {
        "policy": "special-equipment",
        "channel": "hotline",
        "complainant_name": "陈先生",
        "complainant_phone": "13700001111",
        "equipment_type": "elevator",
        "equipment_stage": "inspection",
        "category": "elevator",
        "content": "小区电梯检验合格标志过期半年仍在运行。",
        "location": "金平区某小区",
    }
    created = receptionist.post("/complaints", case)
    assert created.status_code == 201, created.content.decode()
    number = created.json()["number"]
    chief.act(number, "screen", decision="in_scope")
    chief.act(number, "hand_off", handoff="inspection", reason="涉及检验检测（P2.4）")
    copy_number = Handoff.objects.get(origin__number=number).copy.number
    acceptance_head.act(copy_number, "assign", assignee=inspector.username)
    inspector.act(copy_number, "plan", plan="现场核查检验记录")
    inspector.act(copy_number, "resolve", outcome="rectification", summary="已责令使用单位停用并重新检验。")
    inspector.act(copy_number, "report_back", outcome="rectification", summary="已责令使用单位停用并重新检验。")
    drain()
    [report] = [m for m in to(smtp, "chief@bureau.example.cn") if subject(m).startswith("结果报送")]
    assert number in subject(report)
    body = report.get_content()
    assert "P2.4" in body and "已责令使用单位停用并重新检验。" in body
    assert "特种设备检验机构" in body  # the body that finished it: the institute
    assert to(smtp, "boiler@bureau.example.cn") == []  # told only of cases in their scope
