"""A Document as PDF (fpdf2) with the vendored CJK font embedded (subset), so Chinese
renders on any machine and the text can be extracted."""

from __future__ import annotations

import io

from fpdf import FPDF
from fpdf.fonts import FontFace

from tousu.reports.document import Chart, Document, Heading, KeyFigures, Paragraph, Table
from tousu.reports.fonts import FONT_PATH
from tousu.reports.render.docx import format_cell

FAMILY = "wqy"
INK, MUTED, BRAND = (27, 31, 36), (74, 85, 96), (11, 79, 138)


class _Pdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"{self.footer_text}  ·  {self.page_no()}/{{nb}}", align="C")


def _table(pdf: _Pdf, table: Table) -> None:
    pdf.set_font(FAMILY, size=11)
    pdf.set_text_color(*BRAND)
    pdf.multi_cell(0, 7, table.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    rows = [*table.rows, *([table.total] if table.total else [])]
    if not rows:
        pdf.set_font(FAMILY, size=9)
        pdf.cell(0, 6, "—", new_x="LMARGIN", new_y="NEXT")
        return
    widths = [max(c.width, 6) for c in table.columns]
    pdf.set_font(FAMILY, size=8)
    heading = FontFace(emphasis=None, color=(255, 255, 255), fill_color=BRAND)
    with pdf.table(
        col_widths=widths,
        headings_style=heading,
        line_height=5,
        text_align="LEFT",
        first_row_as_headings=True,
        repeat_headings=1,
    ) as grid:
        grid.row([c.label for c in table.columns])
        for row in rows:
            grid.row([format_cell(v, c) for v, c in zip(row, table.columns, strict=False)])
    if table.note:
        pdf.set_font(FAMILY, size=7)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 4, table.note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
    pdf.ln(3)


def render_pdf(document: Document) -> bytes:
    pdf = _Pdf(format="A4")
    pdf.add_font(FAMILY, fname=str(FONT_PATH))
    pdf.set_title(document.title)
    pdf.set_creator("Tousu")
    pdf.footer_text = " ".join(p for p in (document.code, document.title) if p)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font(FAMILY, size=18)
    pdf.set_text_color(*BRAND)
    pdf.multi_cell(0, 10, document.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=10)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 6, " · ".join(p for p in (document.code, document.subtitle) if p), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(3)
    for block in document.blocks:
        if isinstance(block, Heading):
            pdf.ln(2)
            pdf.set_font(FAMILY, size=14 if block.level == 1 else 12)
            pdf.set_text_color(*BRAND)
            pdf.multi_cell(0, 8, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(*INK)
        elif isinstance(block, Paragraph):
            pdf.set_font(FAMILY, size=10)
            pdf.set_text_color(*(MUTED if block.style == "muted" else INK))
            pdf.multi_cell(0, 6, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(*INK)
            pdf.ln(1)
        elif isinstance(block, KeyFigures):
            pdf.set_font(FAMILY, size=9)
            with pdf.table(text_align="CENTER", line_height=6, first_row_as_headings=False) as grid:
                grid.row([label for label, _ in block.items])
                pdf.set_font(FAMILY, size=12)
                grid.row([value for _, value in block.items])
            pdf.ln(3)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Chart):
            if pdf.will_page_break(80):
                pdf.add_page()
            pdf.image(io.BytesIO(block.png), w=pdf.epw, alt_text=block.caption or block.title)
            pdf.ln(2)
    return bytes(pdf.output())
