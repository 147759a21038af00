"""Reports within an organisation's boundary (issue 14, P4.8, P4.11, P5.6): an executive
reads the figures of their own organisation only, never a case of another; the figures
roll up along the tree, office → company; the policies, departments and units offered
are the reader's own."""

from __future__ import annotations

from typing import Any

import openpyxl
import pytest
import time_machine
from django.core.management import call_command

from tests.improve.helpers import signed_in
from tests.lifecycle.helpers import local
from tests.lifecycle.test_property_rules import PHONE_CASE as P5_CASE
from tests.reports.organisations import two_offices
from tests.web.conftest import PROPERTY_CASE

OCTOBER = {"period": "2026-10"}


def register(api: Any, case: dict[str, Any], n: int) -> list[str]:
    """`n` October complaints, from the phones 13911110000, 13911110001, …"""
    numbers = []
    with time_machine.travel(local(2026, 10, 12, 10), tick=False):
        for i in range(n):
            made = api.post("/complaints", {**case, "complainant_phone": f"1391111{i:04d}"})
            assert made.status_code == 201, made.content.decode()
            numbers.append(made.json()["number"])
    return numbers


def figures(api: Any, **query: str) -> dict[str, Any]:
    response = api.get("/reports/statistics", **OCTOBER, **query)
    assert response.status_code == 200, response.content.decode()
    return response.json()  # type: ignore[no-any-return]


@pytest.fixture
def neighbours(staff: Any) -> dict[str, Any]:
    """The property-office company (P4) and the property company of P5, side by side, each
    with an executive; three P4 and two P5 complaints in October."""
    p4 = staff("receptionist", "wy_customer_service")
    p5 = staff("receptionist", "wg_customer_service")
    return {
        "p4_executive": staff("executive", "property-office"),
        "p5_executive": staff("executive", "property-rules"),
        "p4_cases": register(p4, PROPERTY_CASE, 3),
        "p5_cases": register(p5, P5_CASE, 2),
    }


def test_an_executive_reads_no_case_of_another_organisation(neighbours):
    p5, p4 = neighbours["p5_executive"], neighbours["p4_executive"]
    assert figures(p5)["outcomes"]["received"] == 2
    assert figures(p4)["outcomes"]["received"] == 3
    # The same two callers also phoned the other company: here they called once each.
    assert figures(p5)["repeats"]["top_complainants"] == []

    # Another organisation's policy, department or unit answers like one that does not exist.
    for query, field, message in (
        ({"policy": "property-office"}, "policy", "没有这个规程。"),
        ({"policy": "no-such-policy"}, "policy", "没有这个规程。"),
        ({"department": "wy_engineering"}, "department", "没有这个部门。"),
        ({"department": "no_such_unit"}, "department", "没有这个部门。"),
        ({"unit": "property-office"}, "unit", "没有这个单位。"),
    ):
        refused = p5.get("/reports/statistics", **OCTOBER, **query)
        assert refused.status_code == 422, query
        assert refused.json()["details"] == {field: [message]}
    assert p5.get("/reports/analysis", **OCTOBER, policy="property-office").status_code == 422

    register_csv = p5.get("/reports/documents/case_register/csv", **OCTOBER)
    assert register_csv.status_code == 200
    text = register_csv.content.decode("utf-8-sig")
    assert all(number in text for number in neighbours["p5_cases"])
    assert not any(number in text for number in neighbours["p4_cases"])

    # The desk: the drill-down finds none of them; only P5's policy and units are offered.
    client = signed_in(p5)
    drilled = client.get("/desk/reports/cases/", {**OCTOBER, "dimension": "category", "value": "elevator"})
    assert drilled.status_code == 200 and drilled.context["count"] == 0
    form = client.get("/desk/reports/", OCTOBER).context["form"]
    assert [code for code, _label in form.fields["policy"].choices] == ["", "property-rules"]
    for name in ("department", "unit"):
        codes = [code for code, _label in form.fields[name].choices if code]
        assert "property-rules" in codes and "wg_engineering" in codes
        assert not [c for c in codes if c.startswith("wy_") or c.startswith("ts_") or c == "property-office"]
    assert client.get("/desk/reports/", {**OCTOBER, "unit": "property-office"}).status_code == 400


@pytest.fixture
def company(staff: Any) -> dict[str, Any]:
    """One property company running P4 in two offices: three October complaints at 阳光花园,
    two at 明月苑."""
    two_offices()
    sun = staff("receptionist", "wy_customer_service")
    moon = staff("receptionist", "my_customer_service")
    return {
        "executive": staff("executive", "property-office"),
        "moon_manager": staff("complaint_manager", "office_moon"),
        "sun": register(sun, PROPERTY_CASE, 3),
        "moon": register(moon, PROPERTY_CASE, 2),
    }


def test_figures_roll_up_along_the_tree_office_to_company(company, tmp_path):
    executive, manager = company["executive"], company["moon_manager"]
    assert figures(executive, unit="office_sun")["outcomes"]["received"] == 3
    assert figures(executive, unit="office_moon")["outcomes"]["received"] == 2
    assert figures(executive, unit="property-office")["outcomes"]["received"] == 5  # the company
    whole = figures(executive)
    assert whole["outcomes"]["received"] == 5 and whole["unit"] is None
    # Every office has its 工程部: rolled up, each is named with its office.
    names = {d["name"] for d in whole["departments"]}
    assert {"阳光花园管理处 工程部", "明月苑管理处 工程部"} <= names

    # The office's complaint manager reads their office; the other office of the same
    # company may be chosen, and holds nothing of theirs.
    assert figures(manager)["outcomes"]["received"] == 2
    assert figures(manager, unit="office_moon")["outcomes"]["received"] == 2
    assert figures(manager, unit="office_sun")["outcomes"]["received"] == 0

    page = signed_in(executive).get("/desk/reports/", {**OCTOBER, "policy": "property-office", "unit": "office_moon"})
    assert page.status_code == 200
    assert page.context["data"]["outcomes"]["received"] == 2
    assert ("office_moon", "物业管理处客服部 / 明月苑管理处") in page.context["form"].fields["unit"].choices
    assert "unit=office_moon" in page.context["query"]  # the drill-down and the documents keep the unit

    # An office's analysis is its own, not the company's (R03).
    saved = signed_in(executive).post(
        "/desk/reports/analysis/",
        {**OCTOBER, "policy": "property-office", "unit": "office_moon", "version": "0", "analysis": "明月苑电梯"},
    )
    assert saved.status_code == 302
    moon_note = executive.get("/reports/analysis", **OCTOBER, policy="property-office", unit="office_moon").json()
    company_note = executive.get("/reports/analysis", **OCTOBER, policy="property-office").json()
    assert (moon_note["analysis"], moon_note["unit"], company_note["analysis"]) == ("明月苑电梯", "office_moon", "")

    call_command(
        "report", "monthly", "--month", "2026-10", "--policy", "property-office", "--unit", "office_moon",
        "--format", "xlsx", "--output", str(tmp_path),
    )  # fmt: skip
    book = openpyxl.load_workbook(tmp_path / "monthly_statistics-property-office-2026-10-office_moon.xlsx")
    assert book["概览"]["B4"].value == 2
    assert book["概览"]["A2"].value.endswith("物业管理处客服部 / 明月苑管理处")  # the subtitle names the unit


def test_a_department_head_rolls_up_only_the_departments_they_head(company, staff):
    head = staff("department_head", "my_engineering")  # 明月苑's engineering
    seen = figures(head)
    assert seen["department"] == "my_engineering"
    assert seen["outcomes"]["received"] == 2  # the elevator cases of 明月苑
    assert figures(head, unit="property-office")["outcomes"]["received"] == 2
    form = signed_in(head).get("/desk/reports/", {**OCTOBER, "policy": "property-office"}).context["form"]
    assert [code for code, _label in form.fields["department"].choices] == ["", "my_engineering"]
