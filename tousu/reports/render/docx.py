"""A Document as Word (.docx): headings, paragraphs, tables with header rows, charts as
pictures. Runs name an East Asian font so Word lays Chinese out with a Chinese font."""

from __future__ import annotations

import io
from typing import Any

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tousu.reports.document import Cell, Chart, Column, Document, Heading, KeyFigures, Paragraph, Table
from tousu.reports.fonts import OFFICE_EAST_ASIAN_FONT, OFFICE_LATIN_FONT


def format_cell(value: Cell, column: Column) -> str:
    if value is None:
        return "—" if column.kind != "text" else ""
    if column.kind == "pct" and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    if column.kind == "num" and isinstance(value, int | float):
        return f"{value:.2f}"
    return str(value)


def _east_asian(style_or_run) -> None:  # type: ignore[no-untyped-def]
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:ascii"), OFFICE_LATIN_FONT)
    fonts.set(qn("w:hAnsi"), OFFICE_LATIN_FONT)
    fonts.set(qn("w:eastAsia"), OFFICE_EAST_ASIAN_FONT)


def _styles(word: Any) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption", "Table Grid"):
        try:
            style = word.styles[name]
        except KeyError:
            continue
        _east_asian(style)
    word.styles["Normal"].font.size = Pt(10.5)  # 五号


def _table(word: Any, table: Table) -> None:
    word.add_paragraph(table.title, style="Heading 2")
    rows = [*table.rows, *([table.total] if table.total else [])]
    grid = word.add_table(rows=1 + len(rows), cols=len(table.columns))
    grid.style = word.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, column in enumerate(table.columns):
        cell = grid.rows[0].cells[i]
        cell.text = column.label
        cell.paragraphs[0].runs[0].bold = True
    # The header row repeats on every page.
    header = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for r, row in enumerate(rows, start=1):
        for i, (value, column) in enumerate(zip(row, table.columns, strict=False)):
            grid.rows[r].cells[i].text = format_cell(value, column)
            if table.total is not None and r == len(rows):
                for run in grid.rows[r].cells[i].paragraphs[0].runs:
                    run.bold = True
    if not rows:
        word.add_paragraph("—")
    if table.note:
        note = word.add_paragraph(table.note)
        note.runs[0].font.size = Pt(8)
        note.runs[0].font.color.rgb = RGBColor(0x4A, 0x55, 0x60)


def render_docx(document: Document) -> bytes:
    word = WordDocument()
    _styles(word)
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.left_margin = section.right_margin = Cm(2)
    word.core_properties.title = document.title
    word.add_paragraph(document.title, style="Title")
    word.add_paragraph(" · ".join(p for p in (document.code, document.subtitle) if p))
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_paragraph(block.text, style="Heading 1" if block.level == 1 else "Heading 2")
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph(block.text)
            if block.style == "muted":
                for run in paragraph.runs:
                    run.italic = True
                    run.font.color.rgb = RGBColor(0x4A, 0x55, 0x60)
        elif isinstance(block, KeyFigures):
            grid = word.add_table(rows=2, cols=len(block.items))
            grid.style = word.styles["Table Grid"]
            for i, (label, value) in enumerate(block.items):
                grid.rows[0].cells[i].text = label
                grid.rows[1].cells[i].text = value
                grid.rows[1].cells[i].paragraphs[0].runs[0].bold = True
        elif isinstance(block, Table):
            _table(word, block)
        elif isinstance(block, Chart):
            word.add_picture(io.BytesIO(block.png), width=Cm(16))
            caption = word.add_paragraph(block.title, style="Caption")
            picture = word.inline_shapes[-1]._inline.docPr
            picture.set("descr", block.caption or block.title)  # alt text
            del caption
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
