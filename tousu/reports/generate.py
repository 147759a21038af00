"""Every report document and the formats it comes in: the one entry point for the web
desk, the API, the command line and the schedule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from tousu.cases.errors import InvalidInput
from tousu.reports.analysis import analysis_document, monthly_analysis
from tousu.reports.deck import deck_document
from tousu.reports.document import Document
from tousu.reports.monthly import monthly_statistics
from tousu.reports.quarterly import quarterly_document
from tousu.reports.register import customer_summary_document, register_document
from tousu.reports.render.csv import render_csv
from tousu.reports.render.docx import render_docx
from tousu.reports.render.pdf import render_pdf
from tousu.reports.render.pptx import render_pptx
from tousu.reports.render.xlsx import render_xlsx
from tousu.reports.scope import Scope
from tousu.reports.statistics_document import statistics_document

BUILDERS: dict[str, Callable[[Scope], Document]] = {
    "monthly_statistics": lambda scope: statistics_document(monthly_statistics(scope)),  # KH-07-R02
    "monthly_analysis": lambda scope: analysis_document(monthly_analysis(scope)),  # KH-07-R03
    "monthly_deck": lambda scope: deck_document(monthly_analysis(scope)),  # P1.R, P5.6
    "quarterly_summary": quarterly_document,  # P4.8
    "customer_summary": customer_summary_document,  # P3.g1
    "case_register": register_document,
}
FORMATS: dict[str, tuple[str, ...]] = {
    "monthly_statistics": ("xlsx", "csv"),
    "monthly_analysis": ("docx", "pdf"),
    "monthly_deck": ("pptx",),
    "quarterly_summary": ("docx", "pdf", "xlsx"),
    "customer_summary": ("xlsx", "csv"),
    "case_register": ("xlsx", "csv"),
}
RENDERERS: dict[str, Callable[[Document], bytes]] = {
    "xlsx": render_xlsx,
    "csv": render_csv,
    "docx": render_docx,
    "pdf": render_pdf,
    "pptx": render_pptx,
}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# `tousu report monthly --format F`: the statistics as tables, the analysis as documents, the deck.
MONTHLY_BY_FORMAT = {
    "xlsx": "monthly_statistics",
    "csv": "monthly_statistics",
    "docx": "monthly_analysis",
    "pdf": "monthly_analysis",
    "pptx": "monthly_deck",
}


@dataclass(frozen=True)
class Generated:
    filename: str
    content_type: str
    data: bytes


def check(report: str, fmt: str) -> None:
    if report not in BUILDERS:
        raise InvalidInput(_("No such report."), details={"report": [_("No such report.")]})
    if fmt not in FORMATS[report]:
        message = _("This report comes as %(formats)s.") % {"formats": ", ".join(FORMATS[report])}
        raise InvalidInput(message, details={"format": [message]})


def filename(report: str, fmt: str, scope: Scope) -> str:
    parts = [report, scope.policy or "all", scope.period.code.replace("..", "_")]
    if scope.department:
        parts.append(scope.department)
    if scope.unit:
        parts.append(scope.unit)
    return "-".join(parts) + f".{fmt}"


def generate(report: str, fmt: str, scope: Scope, language: str | None = None) -> Generated:
    check(report, fmt)
    with translation.override(language or translation.get_language()):
        document = BUILDERS[report](scope)
        data = RENDERERS[fmt](document)
    return Generated(filename(report, fmt, scope), CONTENT_TYPES[fmt], data)
