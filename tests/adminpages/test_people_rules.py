"""The "roles and what they may do" page documents the procedure's people of each policy,
read from the policy the engine enforces (issue 14): who sees, who may act, to whom a
case may be given, whom each escalation level reaches, who may know a reporter."""

from __future__ import annotations

import re

import pytest
from django.test import Client


@pytest.fixture
def page(admin_client_zh: Client) -> str:
    return admin_client_zh.get("/admin/org/staff/roles/").content.decode()


def section(page: str, policy: str) -> str:
    start = page.index(f'id="people-{policy}"')
    return page[start : page.index("</section>", start)]


def rows(part: str, kind: str) -> list[str]:
    """The rows of one kind of rule, tags stripped, spaces squeezed."""
    found = re.findall(rf'<tr class="rule-{kind}[^"]*"[^>]*>(.*?)</tr>', part, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in found]


def test_every_policy_has_its_people_documented(page: str) -> None:
    for policy in (
        "after-sales",
        "inspection-institute",
        "property-office",
        "property-rules",
        "rental-complaints",
        "special-equipment",
    ):
        assert f'id="people-{policy}"' in page


def test_p453_only_the_head_of_the_department_concerned_signs_off(page: str) -> None:
    office = section(page, "property-office")
    [sign_off] = [r for r in rows(office, "acts") if "sign_off" in r]
    assert "责任部门主管" in sign_off and sign_off.endswith("P4.5.3")
    # The group in words: the head (role) of the department handling the case (relation).
    assert re.search(r"责任部门主管.*?部门主管, [^<]*", office, re.S)
    [sees] = [r for r in rows(office, "sees") if "P4.5.2" in r]
    assert "管理处客服部" in sees
    [manager] = [r for r in rows(office, "levels") if "manager" in r]
    assert "管理处主任" in manager and manager.endswith("P4.5.3")


def test_p3f_quality_complaints_go_only_to_qualified_technical_staff(page: str) -> None:
    after_sales = section(page, "after-sales")
    given = rows(after_sales, "assigns")
    assert any("质检部或技术服务部的技术人员" in r and "quality=quality" in r and r.endswith("P3.f") for r in given)
    # Other complaints: the engine's default, a case worker of the handling department.
    assert any("rule-default" in row for row in re.findall(r'<tr class="rule-assigns[^"]*"', after_sales))


def test_p53_a_serious_complaint_reaches_the_company_manager(page: str) -> None:
    rules = section(page, "property-rules")
    [manager] = [r for r in rows(rules, "levels") if "manager" in r]
    assert "物业公司经理" in manager and manager.endswith("P5.3")
    [verify] = [r for r in rows(rules, "acts") if "verify" in r]
    assert "楼栋物业管家" in verify and "客服接待员" in verify and verify.endswith("P5.2")


def test_p211_who_may_know_a_reporter(page: str) -> None:
    special = section(page, "special-equipment")
    [need] = rows(special, "need-to-know")
    assert "举报投诉受理负责人" in need and need.endswith("P2.11")
    assert "举报" in need  # confidential by default for reports
    [handoff] = rows(special, "handoffs")
    assert "tj_acceptance (inspection-institute)" in handoff and handoff.endswith("P2.4")
    # The institute's side: only its certified inspectors are given the case (P2.4).
    institute = section(page, "inspection-institute")
    assert any("持证检验人员" in r and r.endswith("P2.4") for r in rows(institute, "assigns"))
