"""A Document as a PowerPoint deck (.pptx) for the management meeting (P1.R, P5.6): a
title slide, then one slide per key-figure block, chart, table and paragraph."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Cm, Pt

from tousu.reports.document import Chart, Document, Heading, KeyFigures, Paragraph, Table
from tousu.reports.fonts import OFFICE_EAST_ASIAN_FONT
from tousu.reports.render.docx import format_cell

BRAND = RGBColor(0x0B, 0x4F, 0x8A)
MAX_TABLE_ROWS = 12


def _font(run, size: int, *, bold: bool = False, color: RGBColor | None = None) -> None:  # type: ignore[no-untyped-def]
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    # East Asian typeface: PowerPoint picks the Chinese font from <a:ea>, not from the Latin name.
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:latin", "a:ea"):
        element = rpr.find(qn(tag))
        if element is None:
            element = rpr.makeelement(qn(tag), {})
            rpr.append(element)
        element.set("typeface", OFFICE_EAST_ASIAN_FONT)


def _text(slide, text: str, left, top, width, height, size: int, *, bold=False, color=None):  # type: ignore[no-untyped-def]
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    _font(run, size, bold=bold, color=color)
    return box


def _slide(deck, title: str):  # type: ignore[no-untyped-def]
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    _text(slide, title, Cm(1.2), Cm(0.6), Cm(31), Cm(1.6), 24, bold=True, color=BRAND)
    return slide


def render_pptx(document: Document) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = Cm(33.867), Cm(19.05)  # 16:9
    cover = deck.slides.add_slide(deck.slide_layouts[6])
    _text(cover, document.title, Cm(2), Cm(6), Cm(30), Cm(2.5), 36, bold=True, color=BRAND)
    _text(cover, " · ".join(p for p in (document.code, document.subtitle) if p), Cm(2), Cm(9), Cm(30), Cm(1.5), 18)
    section = ""
    for block in document.blocks:
        if isinstance(block, Heading):
            section = block.text
        elif isinstance(block, KeyFigures):
            slide = _slide(deck, section or document.title)
            per_row = 4
            for i, (label, value) in enumerate(block.items):
                left = Cm(1.2 + (i % per_row) * 7.9)
                top = Cm(3.2 + (i // per_row) * 5.5)
                _text(slide, value, left, top, Cm(7.5), Cm(2.4), 40, bold=True, color=BRAND)
                _text(slide, label, left, top + Cm(2.6), Cm(7.5), Cm(1.2), 16)
        elif isinstance(block, Chart):
            slide = _slide(deck, block.title)
            picture = slide.shapes.add_picture(io.BytesIO(block.png), Cm(2.5), Cm(2.8), width=Cm(28.8))
            picture.name = block.title
            picture._element.nvPicPr.cNvPr.set("descr", block.caption or block.title)
        elif isinstance(block, Table):
            slide = _slide(deck, block.title)
            rows = [*block.rows[:MAX_TABLE_ROWS], *([block.total] if block.total else [])]
            shape = slide.shapes.add_table(1 + len(rows), len(block.columns), Cm(1.2), Cm(2.8), Cm(31.4), Cm(1))
            grid = shape.table
            for c, column in enumerate(block.columns):
                cell = grid.cell(0, c)
                cell.text = column.label
                _font(cell.text_frame.paragraphs[0].runs[0], 12, bold=True)
            for r, row in enumerate(rows, start=1):
                for c, (cell_value, column) in enumerate(zip(row, block.columns, strict=False)):
                    cell = grid.cell(r, c)
                    cell.text = format_cell(cell_value, column) or " "
                    _font(cell.text_frame.paragraphs[0].runs[0], 12)
        elif isinstance(block, Paragraph):
            slide = _slide(deck, section or document.title)
            _text(slide, block.text, Cm(1.2), Cm(3), Cm(31), Cm(14), 18)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
