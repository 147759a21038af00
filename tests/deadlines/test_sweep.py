"""The clock sweep (a periodic job): deadlines due soon are announced, missed ones are
recorded on the timeline and escalated per the policy — P4.5.3 in the property-office
preset: the department head at once, the office manager a working day later — and the
butler is reminded of the follow-up every 3 days (P4.8)."""

from __future__ import annotations

import time_machine

from tests.lifecycle.helpers import local
from tests.notify.helpers import drain
from tousu.cases.models import Complaint, Event
from tousu.deadlines.sweep import sweep
from tousu.notify.models import InAppNotification

# Monday 30 November 2026, 09:00: the first reply is due at 11:00 (P4.6.1, 2 hours).
REGISTERED = local(2026, 11, 30, 9, 0)
CASE = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": "刘洋",
    "complainant_phone": "13600001111",
    "complainant_unit": "7栋1801",
    "category": "cleaning",
    "content": "楼道垃圾桶满溢，气味很大。",
}


def bell(user_name: str) -> list[tuple[str, str]]:
    return list(InAppNotification.objects.filter(user__username=user_name).order_by("pk").values_list("kind", "title"))


def register(staff):
    receptionist = staff("receptionist", "wy_customer_service", username="desk")
    staff("department_head", "wy_cleaning", username="cleaning_head")
    staff("executive", "wy_office", username="director")
    with time_machine.travel(REGISTERED, tick=False):
        number = receptionist.post("/complaints", CASE).json()["number"]
        drain()
    return receptionist, number


def test_a_deadline_due_soon_is_announced_once(staff):
    _, number = register(staff)
    with time_machine.travel(local(2026, 11, 30, 10, 20), tick=False):
        assert sweep().due_soon == 0  # 40 minutes left: not yet (warned 30 minutes ahead)
    with time_machine.travel(local(2026, 11, 30, 10, 31), tick=False):
        result = sweep()
        assert result.due_soon == 1
        assert sweep().due_soon == 0  # once
        drain()
    assert ("due_soon", f"期限将到：{number}") in bell("cleaning_head")
    # An announcement changes nothing on the case: no version bump for the staff at work.
    assert Complaint.objects.get(number=number).version == 1


def test_a_missed_deadline_goes_to_the_department_head_then_the_office_manager_p4_5_3(staff):
    _, number = register(staff)
    with time_machine.travel(local(2026, 11, 30, 11, 1), tick=False):
        result = sweep()
        assert (result.breached, result.escalated) == (1, 1)
        assert sweep().breached == 0  # recorded once
        drain()
    case = Complaint.objects.get(number=number)
    assert case.escalation_level == "department_head"
    breach = Event.objects.get(complaint=case, action="breach")
    assert breach.actor_kind == "system" and breach.actor is None
    assert breach.data["clock"] == "first_reply" and breach.data["escalated_to"] == "department_head"
    assert breach.data["clause"] == "P4.5.3"
    kinds = [kind for kind, _ in bell("cleaning_head")]
    assert "breached" in kinds and "escalation" in kinds
    assert bell("director") == []

    with time_machine.travel(local(2026, 12, 1, 18, 0), tick=False):
        assert sweep().escalated == 0  # one working day has not passed yet
    with time_machine.travel(local(2026, 12, 2, 0, 1), tick=False):
        assert sweep().escalated == 1
        assert sweep().escalated == 0
        drain()
    case.refresh_from_db()
    assert case.escalation_level == "manager"
    levels = list(Event.objects.filter(complaint=case, action="breach").values_list("data__escalated_to", flat=True))
    assert levels == ["department_head", "manager"]
    assert [kind for kind, _ in bell("director")] == ["escalation"]


def test_a_met_deadline_is_never_reported(staff):
    receptionist, number = register(staff)
    with time_machine.travel(local(2026, 11, 30, 10, 0), tick=False):
        receptionist.act(number, "reply", reply_kind="first", channel="phone", text="已安排保洁员清理。")
    with time_machine.travel(local(2026, 11, 30, 12, 0), tick=False):
        result = sweep()
    assert result.breached == 0
    assert not Event.objects.filter(complaint__number=number, action="breach").exists()


def test_the_butler_is_reminded_to_follow_up_every_3_days_p4_8(staff):
    receptionist, number = register(staff)
    receptionist.act(number, "reply", reply_kind="first", channel="phone", text="已安排保洁员清理。")
    # The follow-up clock runs to the end of 3 December; the reminder comes 18 hours
    # ahead (a quarter of its 3 days).
    with time_machine.travel(local(2026, 12, 3, 6, 0), tick=False):
        assert sweep().follow_ups == 1
        drain()
    assert ("follow_up_due", f"跟进提醒：{number}") in bell("desk")  # 首问负责 P4.4.4
    with time_machine.travel(local(2026, 12, 3, 10, 0), tick=False):
        receptionist.act(number, "follow_up", note="已回访业主，垃圾已清运，继续观察。")
    # The next cycle (to the end of 6 December) is reminded again.
    with time_machine.travel(local(2026, 12, 6, 6, 0), tick=False):
        assert sweep().follow_ups == 1


def test_a_policy_without_breach_rules_records_the_breach_without_escalating(staff):
    desk = staff("receptionist", "ts_12365")
    case = {
        "policy": "special-equipment",
        "channel": "hotline",
        "complainant_name": "陈先生",
        "complainant_phone": "13700001111",
        "equipment_type": "boiler",
        "category": "boiler",
        "content": "某厂锅炉无证运行。",
        "location": "龙湖区",
    }
    with time_machine.travel(REGISTERED, tick=False):
        created = desk.post("/complaints", case)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
    with time_machine.travel(local(2026, 12, 1, 0, 1), tick=False):
        result = sweep()  # P2.6 same-day transfer missed
    assert (result.breached, result.escalated) == (1, 0)
    complaint = Complaint.objects.get(number=number)
    assert complaint.escalation_level == ""
    assert Event.objects.get(complaint=complaint, action="breach").data["clock"] == "same_day_transfer"


def test_the_responsible_person_and_the_head_are_both_warned(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    head = staff("department_head", "wy_cleaning", username="cleaning_head")
    staff("handler", "wy_cleaning", username="cleaner")
    with time_machine.travel(REGISTERED, tick=False):
        number = receptionist.post("/complaints", CASE).json()["number"]
        head.act(number, "assign", assignee="cleaner")
    with time_machine.travel(local(2026, 11, 30, 10, 31), tick=False):
        assert sweep().due_soon == 1
        drain()
    assert ("due_soon", f"期限将到：{number}") in bell("cleaner")
    assert ("due_soon", f"期限将到：{number}") in bell("cleaning_head")
