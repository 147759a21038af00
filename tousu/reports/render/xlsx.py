"""A Document's tables as an Excel workbook: one formatted sheet per table, Chinese
headers, a frozen header row, numbers stored as numbers (percentages as 0.0%), totals."""

from __future__ import annotations

import io

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from tousu.reports.document import Column, Document, Table
from tousu.reports.render.cells import neutralise

FORMATS = {"int": "0", "pct": "0.0%", "num": "0.00", "text": "@"}
HEADER_FILL = PatternFill("solid", fgColor="0B4F8A")
TOTAL_FILL = PatternFill("solid", fgColor="E9EDF1")
THIN = Side(style="thin", color="CFD6DD")
FONT = "微软雅黑"  # what Chinese Excel users have; LibreOffice falls back to a CJK font


def _sheet_name(name: str, used: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate in used:
        candidate = f"{clean[:28]}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def _write(ws, table: Table, title: str) -> None:  # type: ignore[no-untyped-def]
    width = len(table.columns)
    ws.cell(row=1, column=1, value=neutralise(table.title)).font = Font(name=FONT, bold=True, size=13)
    ws.cell(row=2, column=1, value=neutralise(title)).font = Font(name=FONT, color="4A5560", size=9)
    header_row = 3
    for i, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=header_row, column=i, value=neutralise(column.label))
        cell.font = Font(name=FONT, bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = max(column.width, len(column.label) * 2 + 2)
    # Title and header stay in view while scrolling.
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    row_number = header_row
    for row in table.rows:
        row_number += 1
        _row(ws, row_number, row, table.columns, bold=False)
    if table.total is not None:
        row_number += 1
        _row(ws, row_number, table.total, table.columns, bold=True)
    if table.note:
        note = ws.cell(row=row_number + 2, column=1, value=neutralise(table.note))
        note.font = Font(name=FONT, color="4A5560", size=9)
    if table.rows:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(width)}{header_row + len(table.rows)}"


def _row(ws, number: int, values: list, columns: list[Column], *, bold: bool) -> None:  # type: ignore[no-untyped-def]
    for i, (value, column) in enumerate(zip(values, columns, strict=False), start=1):
        cell = ws.cell(row=number, column=i, value=neutralise(value))
        cell.font = Font(name=FONT, bold=bold)
        cell.border = Border(bottom=THIN)
        if value is not None and column.kind != "text":
            cell.number_format = FORMATS[column.kind]
        if bold:
            cell.fill = TOTAL_FILL


def render_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    heading = f"{document.code} {document.title} · {document.subtitle}".strip()
    for table in document.tables():
        _write(workbook.create_sheet(_sheet_name(table.sheet, used)), table, heading)
    workbook.properties.title = document.title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
