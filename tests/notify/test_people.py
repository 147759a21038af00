"""Who is told is who the procedure names, within the case's organisation: P5.3 the
company manager for a serious complaint, whoever covers for the person responsible, and
never anyone the case is not in scope of."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from tests.channels.conftest import second_office  # noqa: F401  (the fixture)
from tousu.org.models import Deputy

from .helpers import drain, with_email
from .test_email import ELEVATOR, subject, to

SERIOUS = {
    "policy": "property-rules",
    "channel": "phone",
    "complainant_name": "周立群",
    "complainant_unit": "6栋2单元1101",
    "contact_person": "周立群",
    "complainant_phone": "13600001111",
    "category": "water_power",
    "severity": "serious",
    "content": "6栋连续三天停水，物业一直没有说明原因，老人孩子没法生活。",
}


def test_a_serious_complaint_reaches_the_company_manager_not_the_quality_supervisor_p5_3(staff, smtp):
    """P5.3: for a serious complaint the company manager has the departments analyse the
    causes; the policy names him (`people.levels.manager`), so he is told, and the
    quality supervisor (a complaint manager of customer service) is not. The manager of
    another organisation's office hears nothing of it."""
    receptionist = staff("receptionist", "wg_customer_service")
    staff("executive", "wg_manager", username="mengqinghua", title="物业公司经理")
    with_email("mengqinghua", "manager@wg.example.cn")
    staff("complaint_manager", "wg_customer_service", username="qinyulan", title="品质主管")
    with_email("qinyulan", "quality@wg.example.cn")
    staff("executive", "wy_office", username="other_office_manager")
    with_email("other_office_manager", "director@wy.example.cn")

    created = receptionist.post("/complaints", SERIOUS)
    assert created.status_code == 201, created.content.decode()
    number = created.json()["number"]
    drain()

    [notice] = to(smtp, "manager@wg.example.cn")
    # In the procedure's words: the level is the company manager P5.3 names.
    assert subject(notice) == f"案件上报：{number}（物业公司经理）"
    assert "原因：按规程要求（P5.3）" in notice.get_content()
    assert to(smtp, "quality@wg.example.cn") == []
    assert to(smtp, "director@wy.example.cn") == []


def test_whoever_covers_for_the_person_responsible_is_told_too(staff, smtp):
    """Holiday cover: while a colleague acts for the handler, the notices that go to the
    handler reach the colleague as well; after the cover ends, only the handler."""
    receptionist = staff("receptionist", "wy_customer_service")
    head = staff("department_head", "wy_engineering")
    handler = staff("handler", "wy_engineering", username="lixiang")
    staff("handler", "wy_cleaning", username="cover")
    with_email("lixiang", "lixiang@wy.example.cn")
    with_email("cover", "cover@wy.example.cn")
    now = timezone.now()
    Deputy.objects.create(
        user=User.objects.get(username="cover"),
        for_user=User.objects.get(username="lixiang"),
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=6),
        reason="年假",
    )
    number = receptionist.post("/complaints", ELEVATOR).json()["number"]
    head.act(number, "assign", assignee=handler.username)
    drain()

    for address in ("lixiang@wy.example.cn", "cover@wy.example.cn"):
        assert [subject(m) for m in to(smtp, address)] == [f"新分派案件 {number}：电梯故障"]


def test_a_major_problem_reaches_the_manager_of_its_own_office_p4_5_3(staff, smtp, second_office):  # noqa: F811
    """P4.5.3 in a company running the procedure in two offices (the first is the
    company's root unit, the second below it): a major problem goes at once to the
    manager of the office it belongs to, never to the other office's."""
    staff("executive", "wy_office", username="jinwan_manager")
    with_email("jinwan_manager", "manager@jinwan.example.cn")
    staff("executive", "ch_admin", username="chunhua_manager")
    with_email("chunhua_manager", "manager@chunhua.example.cn")

    major = {**ELEVATOR, "severity": "major"}
    in_first = staff("receptionist", "wy_customer_service").post("/complaints", major).json()["number"]
    in_second = staff("receptionist", "ch_customer_service").post("/complaints", major).json()["number"]
    drain()

    [first] = to(smtp, "manager@jinwan.example.cn")
    assert subject(first) == f"重大投诉：{in_first} 电梯故障"
    [second] = to(smtp, "manager@chunhua.example.cn")
    assert subject(second) == f"重大投诉：{in_second} 电梯故障"
    assert "春华园工程部" in second.get_content()  # that office's engineering department
