"""The desk and the procedure's people: the case page says who takes the steps a user may
not take («须由工程部主管赵国强签批（P4.5.3）»); a person with several positions works
from one desk; the choices of the action forms stay within the case's organisation, and
the hand-off is the way to another one (P2.4)."""

from __future__ import annotations

from tests.web.conftest import hold, second_office
from tests.web.test_case_page import act
from tousu.cases.models import Complaint, Event
from tousu.org.models import Position, Unit


def _titled(client, title: str) -> None:
    Position.objects.filter(user=client.user).update(title=title)


def hints(client, case) -> dict[str, str]:
    view = client.get(f"/desk/cases/{case.number}/").context["case"]
    return {h.action: h.text for h in view.hints}


def test_the_case_page_says_who_signs_off_p4_5_3(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service", name="张丽")
    head = desk("department_head", "wy_engineering", name="赵国强")
    _titled(head, "工程部主管")
    handler = desk("handler", "wy_engineering", name="李强")
    case = registered(receptionist)  # an elevator: engineering's (P4.3)
    act(head, case, "assign", assignee=handler.user.username)
    act(handler, case, "resolve", outcome="repair", summary="更换门机控制板")

    # The handler may not sign off or call back: the page names who does.
    theirs = hints(handler, case)
    assert "工程部主管赵国强" in theirs["sign_off"] and "P4.5.3" in theirs["sign_off"]
    assert "张丽" in theirs["callback"] and "P4.9.1" in theirs["callback"]  # customer service (P4.9.1)
    page = handler.get(f"/desk/cases/{case.number}/").content.decode()
    assert 'id="who-acts"' in page and "工程部主管赵国强" in page
    # The head signs off himself: his page names nobody else for it.
    assert "sign_off" not in hints(head, case)
    # Another department's head does not see the case at all.
    other_head = desk("department_head", "wy_cleaning")
    assert other_head.get(f"/desk/cases/{case.number}/").status_code == 404


def test_a_person_with_two_positions_works_from_one_desk(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service", name="张丽")
    both = desk("handler", "wy_engineering", name="孙强")
    hold(both, "department_head", "wy_cleaning", title="环境部主管")
    elevator = registered(receptionist)
    stairs = registered(receptionist, category="cleaning", content="楼道垃圾三天没人清理")
    page = both.get("/desk/")
    desk_of = page.context["desk"]
    assert "环境部主管 · 环境部" in desk_of.where and "工程部" in desk_of.where
    assert {r["number"] for r in page.context["queue"]["rows"]} == {elevator.number, stairs.number}
    assert "工程部" in page.context["queue_title"] and "环境部" in page.context["queue_title"]
    # As the cleaning head he assigns the cleaning case; as an engineer he has no say there.
    panels = {p.name for p in both.get(f"/desk/cases/{stairs.number}/").context["case"].panels}
    assert "assign" in panels
    panels = {p.name for p in both.get(f"/desk/cases/{elevator.number}/").context["case"].panels}
    assert "assign" not in panels
    # Only the policies of his organisations.
    assert [p.name for p in desk_of.policies] == ["property-office"]


def test_registration_is_only_under_my_organisations_policies(desk):
    receptionist = desk("receptionist", "wy_customer_service")
    assert receptionist.get("/desk/register/", {"policy": "special-equipment"}).status_code == 404
    page = receptionist.get("/desk/register/")
    assert page.context["spec"].name == "property-office"
    assert page.context["policies"] == [("property-office", "物业管理处客户投诉受理规程")]


def test_a_registrar_of_two_offices_chooses_the_office(desk):
    second_office()
    receptionist = desk("receptionist", "wy_customer_service")
    assert "unit" not in receptionist.get("/desk/register/").context["form"].fields  # one office: no choice
    hold(receptionist, "receptionist", "wy_estate_b_wy_customer_service")
    form = receptionist.get("/desk/register/").context["form"]
    assert [code for code, _ in form.fields["unit"].choices] == ["property-office", "wy_estate_b"]
    response = receptionist.post(
        "/desk/register/",
        {
            "policy": "property-office",
            "token": "two-offices",
            "channel": "phone",
            "unit": "wy_estate_b",
            "complainant_name": "王芳",
            "complainant_phone": "13800001234",
            "complainant_unit": "3栋1单元502",
            "category": "elevator",
            "content": "3栋电梯停在8楼不动。",
        },
    )
    assert response.status_code == 302
    case = Complaint.objects.get()
    assert case.home.code == "wy_estate_b"
    assert case.department.code == "wy_estate_b_wy_engineering"  # that office's engineering (P4.3)


def test_transfer_and_assign_choices_stay_within_the_organisation(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    desk("handler", "ts_special", name="别处的人")  # another organisation's staff
    handler = desk("handler", "wy_engineering", name="李强")
    head = desk("department_head", "wy_engineering")
    case = registered(receptionist)
    units = Unit.objects.filter(organisation__code="property-office").values_list("code", flat=True)
    form = receptionist.get(f"/desk/cases/{case.number}/form/transfer/").context["p"].form
    offered = [code for code, _ in form.fields["department"].choices]
    assert offered and set(offered) <= set(units) and "ts_special" not in offered
    form = head.get(f"/desk/cases/{case.number}/form/assign/").context["p"].form
    people = [username for username, _ in form.fields["assignee"].choices]
    assert handler.user.username in people and not any(
        u.startswith("handler") and u != handler.user.username for u in people
    )


def test_the_hand_off_to_the_institute_and_its_result_back_p2_4(desk, registered):
    hotline = desk("receptionist", "ts_12365")
    case = registered(
        hotline,
        policy="special-equipment",
        channel="hotline",
        kind="complaint",
        category="elevator",
        equipment_type="elevator",
        content="商场观光电梯检验标志过期，需检验机构现场检验。",
    )
    act(hotline, case, "screen", decision="in_scope")
    form = hotline.get(f"/desk/cases/{case.number}/form/hand_off/").context["p"].form
    assert form.fields["handoff"].choices == [("inspection", "移交特种设备检验机构")]
    response = act(hotline, case, "hand_off", handoff="inspection", reason="需现场检验（P2.4）")
    assert response.status_code == 200, response.content.decode()[:500]
    sent = Event.objects.get(complaint=case, action="hand_off")
    copy = Complaint.objects.get(number=sent.data["copy"])
    assert copy.organisation.code == "inspection-institute"

    # The institute works on its own copy and reports its result back (P2.4).
    acceptance = desk("receptionist", "tj_acceptance")
    institute_head = desk("department_head", copy.department.code)
    inspector = desk("handler", copy.department.code, name="孙检验")
    Position.objects.filter(user=inspector.user).update(duties="inspector")
    assert acceptance.get(f"/desk/cases/{case.number}/").status_code == 404  # not theirs
    act(institute_head, copy, "assign", assignee=inspector.user.username)
    act(inspector, copy, "plan", plan="三日内到现场检验")
    act(inspector, copy, "resolve", outcome="other", summary="电梯已停用，检验不合格。")
    form = inspector.get(f"/desk/cases/{copy.number}/form/report_back/").context["p"].form
    assert {"outcome", "summary"} <= set(form.fields)
    response = act(inspector, copy, "report_back", outcome="other", summary="检验不合格，已责令停用。")
    assert response.status_code == 200, response.content.decode()[:500]
    page = hotline.get(f"/desk/cases/{case.number}/").content.decode()
    assert "检验不合格，已责令停用。" in page and "移交特种设备检验机构" in page
