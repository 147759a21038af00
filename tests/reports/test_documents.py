"""The generated files, opened with the libraries their readers use: the monthly
statistics (KH-07-R02) in Excel and CSV, the analysis and improvement report (KH-07-R03)
in Word and PDF, the meeting deck (P1.R, P5.6), the case register and P3.g1 summary."""

import csv
import io

import openpyxl
import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from pptx import Presentation
from pypdf import PdfReader

from tests.reports.dataset import AS_OF
from tousu.reports import notes
from tousu.reports.generate import generate


@pytest.fixture
def with_analysis(scope):
    notes.save_note(
        scope,
        analysis="电梯故障集中在1号楼，维保单位响应慢。",
        proposals="更换维保单位；每周巡检。",
        version=0,
        user=None,
    )
    return scope


def test_statistics_workbook_has_a_formatted_sheet_per_breakdown(scope):
    made = generate("monthly_statistics", "xlsx", scope, "zh-hans")
    assert made.filename == "monthly_statistics-property-office-2026-10.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(made.data))
    assert book.sheetnames[:4] == ["概览", "按类别", "按渠道", "按性质"]
    assert {"按部门", "时限", "趋势", "帕累托", "重复投诉", "延期", "责任"} <= set(book.sheetnames)
    summary = book["概览"]
    assert summary["A1"].value == "概览"
    assert summary.freeze_panes == "A4"  # title, heading and header rows stay in view
    assert [c.value for c in summary[3]] == ["指标", "件数", "占比或比率"]
    assert (summary["A4"].value, summary["B4"].value) == ("受理件数", 8)
    # Numbers are numbers; rates are fractions shown as percentages.
    assert summary["B4"].data_type == "n"
    response = next(row for row in summary.iter_rows(min_row=4, values_only=False) if row[0].value == "响应率")
    assert response[2].value == pytest.approx(5 / 7)
    assert response[2].number_format == "0.0%"
    category = book["按类别"]
    rows = [[c.value for c in row] for row in category.iter_rows(min_row=4)]
    assert rows[0] == ["电梯故障", 2, 0.25]
    assert rows[-1] == ["合计", 8, 1]  # the totals row
    assert category["A4"].font.name == "微软雅黑"
    departments = book["按部门"]
    first = [c.value for c in departments[4]]
    assert first[:3] == [1, "环境部", 2]  # cleaning ranks first


def test_statistics_csv_opens_in_excel_with_chinese_and_numbers(scope):
    made = generate("monthly_statistics", "csv", scope, "zh-hans")
    assert made.data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(made.data.decode("utf-8-sig"))))
    assert rows[0][0] == "KH-07-R02 月投诉统计表"
    assert ["受理件数", "8", ""] in rows
    assert ["响应率", "5", "71.4"] in rows
    assert ["电梯故障", "2", "25.0"] in rows


def test_analysis_report_in_word_has_figures_charts_and_the_written_sections(with_analysis):
    made = generate("monthly_analysis", "docx", with_analysis, "zh-hans")
    word = WordDocument(io.BytesIO(made.data))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "月投诉分析改进报告" in text
    assert "KH-07-R03" in text
    assert "受理投诉 8 件" in text
    for heading in ("趋势", "严重和重大投诉", "纠正措施及其状态", "原因分析", "改进建议"):
        assert heading in text
    assert "电梯故障集中在1号楼，维保单位响应慢。" in text
    assert "更换维保单位；每周巡检。" in text
    assert "纠正措施通知单" in text  # the corrective actions section (tousu.improve.report)
    assert len(word.inline_shapes) == 3  # trend, Pareto, on time by department
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "71.4%" in cells  # response rate
    assert any(c.startswith("WY2026102") for c in cells)  # E and F, the serious and major cases
    # Chinese laid out with a Chinese font: the East Asian font is named on the styles.
    fonts = word.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "微软雅黑"


def test_analysis_report_pdf_embeds_a_font_with_the_chinese_glyphs(with_analysis):
    made = generate("monthly_analysis", "pdf", with_analysis, "zh-hans")
    reader = PdfReader(io.BytesIO(made.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "月投诉分析改进报告" in text
    assert "71.4%" in text
    assert "电梯故障集中在1号楼" in text
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert len(fonts) == 1
    ((name, font),) = fonts.items()
    assert "WenQuanYi" in name
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_data()))  # the embedded font itself
    # Every Chinese character on the pages has a glyph with an outline in the embedded font.
    chinese = {ch for ch in text if "\u4e00" <= ch <= "\u9fff"}
    assert len(chinese) > 100
    glyf = program["glyf"]
    drawn = [g for g in program.getGlyphOrder() if glyf[g].numberOfContours != 0]
    assert len(drawn) >= len(chinese)


def test_meeting_deck_has_the_key_figures_and_charts(with_analysis):
    made = generate("monthly_deck", "pptx", with_analysis, "zh-hans")
    deck = Presentation(io.BytesIO(made.data))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert "月度投诉管理例会" in texts
    for figure in ("8", "71.4%", "57.1%", "75.0%", "80.0%"):
        assert figure in texts
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 3
    assert "更换维保单位；每周巡检。" in texts
    first_run = deck.slides[0].shapes[0].text_frame.paragraphs[0].runs[0]
    assert first_run._r.rPr.find(qn("a:ea")).get("typeface") == "微软雅黑"


def test_case_register_has_one_row_per_case_and_hides_nothing_but_confidential_data(scope, october):
    made = generate("case_register", "xlsx", scope, "zh-hans")
    sheet = openpyxl.load_workbook(io.BytesIO(made.data)).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)][:-1]
    assert numbers == [october[k].number for k in "ABCDEFGH"]
    header = [c.value for c in sheet[3]]
    row_a = dict(zip(header, next(sheet.iter_rows(min_row=4, values_only=True)), strict=False))
    assert row_a["电话"] == "138****0001"
    assert row_a["类别"] == "电梯故障"


def test_customer_information_summary_classifies_the_feedback(scope):
    made = generate("customer_summary", "csv", scope, "zh-hans")
    rows = list(csv.reader(io.StringIO(made.data.decode("utf-8-sig"))))
    # P4 cases are not classified quality / non-quality: all under "not decided".
    assert ["电梯故障", "0", "0", "2", "2"] in rows
    assert ["合计", "0", "0", "8", "8"] in rows


def test_english_documents(scope):
    made = generate("monthly_statistics", "xlsx", scope, "en")
    book = openpyxl.load_workbook(io.BytesIO(made.data))
    assert book.sheetnames[:2] == ["Summary", "By category"]
    assert book["By category"]["A4"].value == "Elevator failure"


def test_the_period_is_the_scope_of_every_document(october):
    from tousu.reports.period import month
    from tousu.reports.scope import Scope

    made = generate("case_register", "csv", Scope(month(2026, 9), "property-office", as_of=AS_OF), "zh-hans")
    rows = list(csv.reader(io.StringIO(made.data.decode("utf-8-sig"))))
    assert sum(1 for r in rows if r and r[0].startswith("WY202609")) == 4
