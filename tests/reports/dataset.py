"""A small, hand-built month of a property-management office (P4), made through the real
services (intake.register, actions.perform) at fixed times, so that every figure of the
reports has an answer that can be worked out by hand and is written in the tests.

October 2026 (P4.8 monthly statistics, P4.11 KH-07-R02/R03), cut-off 1 November 09:00:

| case | category (dept) | channel | what happens | first reply (2 h, P4.6.1) |
|---|---|---|---|---|
| A | elevator (eng) | phone | reply, assign, resolve, callback satisfied, sign-off, close | 30 min, on time |
| B | power_water (eng) | phone | same phone and unit as A; callback unsatisfied, reopened, resolved again, satisfied, closed | 3 h, late |
| C | cleaning (cln) | visit | own fault "保洁作业规范", resolved, basically satisfied, closed | 30 min, on time |
| D | greening (cln) | web | same unit as C; set aside as to-be-improved, callback satisfied | 30 min, on time |
| E | security (sec) | phone | serious; assigned; handling extended 2 days "等待监控设备配件"; still open | 1 h, on time |
| F | staff_service (cs) | phone | major; nobody replied | running, past due: late |
| G | elevator (eng) | letter | withdrawn 30 min after registration | cancelled, not counted |
| H | fire_safety (sec) | phone | 31 Oct 23:30; outside party; resolved 1 Nov, no callback yet | 10 min, on time |

Outside the month: four September cases about elevators (the trend, the previous months
of the rising words) and one case at 1 November 00:00 (the month's end is exclusive).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from tests.lifecycle.helpers import local
from tousu.cases.actions import perform
from tousu.cases.intake import register
from tousu.cases.models import Complaint
from tousu.org.management.commands.user import add_user

AS_OF = local(2026, 11, 1, 9, 0)


@dataclass
class People:
    receptionist: User
    eng_head: User
    cln_head: User
    sec_head: User
    cs_head: User
    manager: User


def people() -> People:
    def user(username: str, role: str, department: str | None, name: str) -> User:
        add_user(username, role, department, name, f"pw-{username}-123456")
        found = get_user_model().objects.get(username=username)
        found.email = f"{username}@example.org"
        found.save(update_fields=["email"])
        return found

    return People(
        receptionist=user("r_kefu", "receptionist", "wy_customer_service", "刘客服"),
        eng_head=user("h_eng", "department_head", "wy_engineering", "张工"),
        cln_head=user("h_cln", "department_head", "wy_cleaning", "李洁"),
        sec_head=user("h_sec", "department_head", "wy_security", "王安"),
        cs_head=user("h_cs", "department_head", "wy_customer_service", "赵主管"),
        manager=user("m_office", "complaint_manager", "property-office", "陈经理"),
    )


def _new(at: dt.datetime, by: User, **fields: Any) -> Complaint:
    payload = {"policy": "property-office", "channel": "phone", "complainant_name": "业主", **fields}
    return register(payload, actor=by, now=at).complaint


def _do(case: Complaint, action: str, at: dt.datetime, by: User, **payload: Any) -> Complaint:
    return perform(case, action, payload, actor=by, now=at).complaint


def _first_reply(case: Complaint, at: dt.datetime, p: People) -> Complaint:
    return _do(case, "reply", at, p.receptionist, reply_kind="first", channel="phone", text="已收到，马上安排。")


def _resolve(case: Complaint, at: dt.datetime, by: User) -> Complaint:
    return _do(case, "resolve", at, by, outcome="repair", summary="已处理完毕。")


def _callback(case: Complaint, at: dt.datetime, p: People, satisfaction: str) -> Complaint:
    return _do(case, "callback", at, p.receptionist, reached=True, satisfaction=satisfaction)


def _close(case: Complaint, at: dt.datetime, p: People, head: User) -> Complaint:
    case = _do(case, "sign_off", at, head, opinion="同意结案")
    return _do(case, "close", at + dt.timedelta(minutes=5), p.receptionist)


def build() -> dict[str, Complaint]:
    p = people()
    cases: dict[str, Complaint] = {}

    for day in (3, 10, 17, 24):
        cases[f"S{day}"] = _new(
            local(2026, 9, day, 10),
            p.receptionist,
            category="elevator",
            complainant_phone=f"1310000{day:04d}",
            complainant_unit=f"9-{day}",
            content="电梯又坏了，按钮没有反应。",
        )

    t = local(2026, 10, 8, 9)
    a = _new(
        t,
        p.receptionist,
        category="elevator",
        complainant_phone="13800000001",
        complainant_unit="1-101",
        content="电梯停在八楼不动，有人被困。",
    )
    a = _first_reply(a, t + dt.timedelta(minutes=30), p)
    a = _do(a, "assign", t + dt.timedelta(minutes=40), p.receptionist)
    a = _resolve(a, local(2026, 10, 9, 10), p.eng_head)
    a = _callback(a, local(2026, 10, 9, 15), p, "satisfied")
    cases["A"] = _close(a, local(2026, 10, 9, 16), p, p.eng_head)

    t = local(2026, 10, 10, 9)
    b = _new(
        t,
        p.receptionist,
        category="power_water",
        complainant_phone="13800000001",
        complainant_unit="1-101",
        content="卫生间天花板漏水，楼上管道漏水。",
    )
    b = _first_reply(b, t + dt.timedelta(hours=3), p)
    b = _do(b, "assign", t + dt.timedelta(hours=3, minutes=10), p.receptionist)
    b = _resolve(b, local(2026, 10, 12, 10), p.eng_head)
    b = _callback(b, local(2026, 10, 12, 15), p, "unsatisfied")
    b = _do(b, "reopen", local(2026, 10, 12, 15, 10), p.receptionist, reason="业主不满意，仍在漏水。")
    b = _resolve(b, local(2026, 10, 14, 10), p.eng_head)
    b = _callback(b, local(2026, 10, 14, 15), p, "satisfied")
    cases["B"] = _close(b, local(2026, 10, 14, 16), p, p.eng_head)

    t = local(2026, 10, 12, 10)
    c = _new(
        t,
        p.receptionist,
        channel="visit",
        category="cleaning",
        complainant_phone="13900000002",
        complainant_unit="2-202",
        content="楼道垃圾三天没人清理。",
    )
    c = _first_reply(c, t + dt.timedelta(minutes=30), p)
    c = _do(c, "assign", t + dt.timedelta(minutes=40), p.receptionist)
    c = _do(
        c,
        "determine_responsibility",
        local(2026, 10, 13, 9),
        p.cln_head,
        responsibility="own_fault",
        norm="保洁作业规范",
    )
    c = _resolve(c, local(2026, 10, 13, 10), p.cln_head)
    c = _callback(c, local(2026, 10, 13, 15), p, "basically_satisfied")
    cases["C"] = _close(c, local(2026, 10, 13, 16), p, p.cln_head)

    t = local(2026, 10, 15, 10)
    d = _new(
        t,
        p.receptionist,
        channel="web",
        category="greening",
        complainant_phone="13900000003",
        complainant_unit="2-202",
        content="草坪被挖开后一直没有恢复，楼下漏水积水。",
    )
    d = _first_reply(d, t + dt.timedelta(minutes=30), p)
    d = _do(d, "assign", t + dt.timedelta(minutes=40), p.receptionist)
    d = _do(
        d,
        "set_aside",
        local(2026, 10, 16, 10),
        p.cln_head,
        reason="开发商遗留问题",
        improvement_plan="明年春季统一补种",
        target_date="2027-03-31",
    )
    cases["D"] = _callback(d, local(2026, 10, 16, 15), p, "satisfied")

    t = local(2026, 10, 20, 9)
    e = _new(
        t,
        p.receptionist,
        category="security",
        severity="serious",
        complainant_phone="13700000004",
        complainant_unit="3-303",
        content="地下车库监控坏了，车被划。",
    )
    e = _first_reply(e, t + dt.timedelta(hours=1), p)
    e = _do(e, "assign", t + dt.timedelta(hours=1, minutes=10), p.receptionist)
    cases["E"] = _do(
        e,
        "extend",
        local(2026, 10, 21, 9),
        p.sec_head,
        clock="handling",
        amount=2,
        unit="calendar_days",
        reason="等待监控设备配件",
    )

    cases["F"] = _new(
        local(2026, 10, 25, 9),
        p.receptionist,
        category="staff_service",
        severity="major",
        complainant_phone="13600000005",
        complainant_unit="4-404",
        content="前台员工态度恶劣。",
    )

    t = local(2026, 10, 28, 10)
    g = _new(
        t,
        p.receptionist,
        channel="letter",
        category="elevator",
        complainant_phone="13500000006",
        complainant_unit="5-505",
        content="来信反映电梯噪音。",
    )
    cases["G"] = _do(g, "withdraw", t + dt.timedelta(minutes=30), p.receptionist, reason="业主撤回")

    t = local(2026, 10, 31, 23, 30)
    h = _new(
        t,
        p.receptionist,
        category="fire_safety",
        complainant_phone="13400000007",
        complainant_unit="6-606",
        content="消防通道被车辆堵塞，楼下漏水。",
    )
    h = _first_reply(h, t + dt.timedelta(minutes=10), p)
    h = _do(h, "assign", local(2026, 11, 1, 8), p.receptionist)
    h = _do(h, "determine_responsibility", local(2026, 11, 1, 8, 10), p.sec_head, responsibility="outside_party")
    cases["H"] = _resolve(h, local(2026, 11, 1, 8, 30), p.sec_head)

    cases["N"] = _new(
        local(2026, 11, 1, 0, 0),
        p.receptionist,
        category="elevator",
        complainant_phone="13800000001",
        complainant_unit="1-101",
        content="电梯又停了。",
    )
    return cases
