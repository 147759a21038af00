"""P2.11 in every report and export: a confidential reporter is counted, never shown. Two
confidential reports from one canary reporter (name, phone, e-mail, ID number, unit in
their own words) go through the special-equipment hotline; every report document in
every format is generated for the officer in charge of complaints and reports — who is
on the reporter's need-to-know list — and as the schedule makes them, opened with the
libraries their readers use, and searched for the canary in full and in masked form."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
import time_machine
from django.contrib.auth import get_user_model
from docx import Document as WordDocument
from pptx import Presentation
from pypdf import PdfReader

from tests.improve.helpers import REPORT
from tests.lifecycle.helpers import local
from tousu.cases.personal import mask_email, mask_id_number, mask_name, mask_phone
from tousu.reports.generate import FORMATS, generate
from tousu.reports.period import month, quarter_of
from tousu.reports.scope import Scope
from tousu.search.repeats import repeat_callers, repeat_places

NAME, PHONE, EMAIL, ID_NUMBER, UNIT = (
    "柯灵犀",
    "13698765432",
    "kelingxi@example.net",
    "440507199001011234",
    "7栋1单元901",
)
CANARY = {
    "complainant_name": NAME,
    "complainant_phone": PHONE,
    "complainant_email": EMAIL,
    "complainant_id_number": ID_NUMBER,
    "complainant_unit": UNIT,
    "severity": "major",
    "content": f"我是{NAME}，住{UNIT}，电话{PHONE}。商场东侧观光电梯检验合格证已过期仍在运行。",
}
FORMS = (
    NAME,
    NAME[1:],  # the given name alone: a segmenter may cut it off the surname (灵犀)
    PHONE,
    EMAIL,
    ID_NUMBER,
    UNIT,
    mask_name(NAME),
    mask_phone(PHONE),
    mask_email(EMAIL),
    mask_id_number(ID_NUMBER),
    NAME[0] + "先生",
    NAME[0] + "女士",
)
# A reporter who waived confidentiality: shown masked, as the register always does, so the
# search below is known to find what a document shows.
OPEN_PHONE = "13512340000"


def text_of(fmt: str, data: bytes) -> str:
    if fmt == "csv":
        return "\n".join(",".join(row) for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
        return "\n".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    if fmt == "docx":
        doc = WordDocument(io.BytesIO(data))
        cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
        return "\n".join([*(p.text for p in doc.paragraphs), *cells])
    if fmt == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    deck = Presentation(io.BytesIO(data))
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def reports(staff: Any) -> dict[str, Any]:
    hotline = staff("receptionist", "ts_12365")
    officer = staff("complaint_manager", "ts_supervision")  # on the need-to-know list (P2.11)
    numbers = []
    waived = {**REPORT, "complainant_name": "林先生", "complainant_phone": OPEN_PHONE, "confidentiality_waived": True}
    with time_machine.travel(local(2026, 9, 14, 10), tick=False):
        for _ in range(3):  # the months before, against which this month's words rise
            made = hotline.post("/complaints", {**waived, "confidential": False, "content": "锅炉房无证作业。"})
            assert made.status_code == 201, made.content.decode()
    with time_machine.travel(local(2026, 10, 12, 10), tick=False):
        for _ in range(2):
            made = hotline.post("/complaints", {**REPORT, **CANARY})
            assert made.status_code == 201, made.content.decode()
            numbers.append(made.json()["number"])
        made = hotline.post("/complaints", {**waived, "confidential": False, "content": "锅炉房无证作业。"})
        assert made.status_code == 201, made.content.decode()
        numbers.append(made.json()["number"])
    return {"officer": officer, "numbers": numbers}


def test_no_document_shows_a_confidential_reporter_not_even_masked(reports):
    officer, numbers = reports["officer"], reports["numbers"]
    the_reporter_is_named = officer.get(f"/complaints/{numbers[0]}").json()
    assert the_reporter_is_named["complainant_phone"] == PHONE  # the officer may know them ...
    for report, formats in FORMATS.items():
        period = "2026Q4" if report == "quarterly_summary" else "2026-10"
        for fmt in formats:
            made = officer.get(f"/reports/documents/{report}/{fmt}", period=period, policy="special-equipment")
            assert made.status_code == 200, (report, fmt, made.content.decode())
            text = text_of(fmt, made.content)
            for form in FORMS:
                assert form not in text, (report, fmt, form)  # ... but no document shows them
            if report in ("monthly_analysis", "monthly_deck"):
                assert numbers[0] in text  # a major case: listed by its number (P5.3)
            if report == "case_register":
                assert all(number in text for number in numbers)  # counted: one row each
                assert mask_phone(OPEN_PHONE) in text  # the waived reporter, masked as usual
    figures = officer.get("/reports/statistics", period="2026-10", policy="special-equipment").json()
    assert figures["outcomes"]["received"] == 3
    # Two reports from one phone: not a "repeat complainant" either, not even masked.
    assert figures["repeats"]["complainants"] == 0
    assert not any(form in str(figures) for form in FORMS)
    user = get_user_model().objects.get(username=officer.username)
    since, until = local(2026, 10, 1), local(2026, 11, 1)
    assert repeat_callers(user, since, until) == [] and repeat_places(user, since, until) == []


def test_the_scheduled_documents_show_no_confidential_reporter_either(reports):
    for report, formats in FORMATS.items():
        period = quarter_of(dt.date(2026, 10, 1)) if report == "quarterly_summary" else month(2026, 10)
        scope = Scope(period=period, policy="special-equipment")  # as the schedule generates them
        for fmt in formats:
            text = text_of(fmt, generate(report, fmt, scope, "zh-hans").data)
            for form in FORMS:
                assert form not in text, (report, fmt, form)
