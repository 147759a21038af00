"""Department heads and managers: the department's open and overdue cases, cases waiting
for the head's sign-off (P4.5.3), major cases escalated to them (P4.5.3, P3.h1)."""

import datetime as dt

import time_machine
from django.utils import timezone

from tests.web.test_case_page import act


def test_the_head_sees_cases_waiting_for_sign_off_p4_5_3(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    head = desk("department_head", "wy_engineering")
    handler = desk("handler", "wy_engineering")
    case = registered(receptionist)
    registered(receptionist, category="cleaning", content="楼道脏")  # another department's
    act(head, case, "assign", assignee=handler.user.username)
    act(handler, case, "resolve", outcome="repair", summary="已修复")

    page = head.get("/desk/oversight/")
    assert page.context["open_count"] == 1  # engineering only
    assert [r["number"] for r in page.context["sign_off"]] == [case.number]
    act(head, case, "sign_off", opinion="同意")
    assert head.get("/desk/oversight/").context["sign_off"] == []


def test_major_cases_escalated_to_the_manager(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    executive = desk("executive", "wy_office")
    head = desk("department_head", "wy_engineering")
    major = registered(receptionist, severity="major")  # P4.5.3: major goes to the manager at once
    registered(receptionist)
    assert [r["number"] for r in executive.get("/desk/oversight/").context["escalated"]] == [major.number]
    assert head.get("/desk/oversight/").context["escalated"] == []


def test_overdue_cases_of_the_department(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    head = desk("department_head", "wy_engineering")
    with time_machine.travel(timezone.now() - dt.timedelta(days=10)):
        late = registered(receptionist)
    registered(receptionist)
    page = head.get("/desk/oversight/")
    assert page.context["overdue_count"] >= 1
    numbers = [r["number"] for r in page.context["overdue_section"]["rows"]]
    assert late.number in numbers


def test_handlers_have_no_oversight(desk):
    handler = desk("handler", "wy_engineering")
    assert handler.get("/desk/oversight/").status_code == 403
