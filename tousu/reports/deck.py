"""The month's key figures and charts as a deck for the management meeting (P1.R, P5.6)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tousu.reports import analysis, statistics_document
from tousu.reports.analysis import MonthlyAnalysis
from tousu.reports.document import Block, Document, Heading, Paragraph


def deck_document(a: MonthlyAnalysis) -> Document:
    s = a.statistics
    blocks: list[Block] = [
        Heading(_("The month in figures")),
        statistics_document.key_figures(s),
        analysis.trend_chart(s),
        analysis.pareto_chart(s),
        analysis.on_time_chart(a),
        statistics_document.department_table(s),
        analysis.serious_table(a),
        analysis.rising_table(a),
    ]
    if a.note.proposals.strip():
        blocks += [Heading(_("Improvement proposals")), Paragraph(a.note.proposals)]
    return Document(_("Monthly complaint management meeting"), statistics_document.subtitle_of(s), "", blocks)
