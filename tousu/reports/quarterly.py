"""The quarterly complaint summary report (客户投诉受理汇总报告, P4.8): the quarter's
figures, month by month, with the categories, departments, deadlines and the analysis."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tousu.reports import analysis, statistics_document
from tousu.reports.document import Block, Cell, Column, Document, Heading, Paragraph, Table
from tousu.reports.monthly import MonthlyStatistics, monthly_statistics
from tousu.reports.notes import note_for
from tousu.reports.scope import Scope


def months_table(months: list[MonthlyStatistics]) -> Table:
    rows: list[list[Cell]] = []
    for m in months:
        o, r = m.outcomes, m.rates
        rows.append(
            [
                m.scope.period.code,
                o.received,
                o.resolved,
                o.open,
                r.response.value,
                r.resolution.value,
                r.satisfaction.value,
                r.callback.value,
            ]
        )
    return Table(
        _("Month by month"),
        _("Months"),
        [
            Column(_("Month"), width=10),
            Column(_("Received"), "int"),
            Column(_("Resolved"), "int"),
            Column(_("Open"), "int"),
            Column(_("Response rate"), "pct"),
            Column(_("Resolution rate"), "pct"),
            Column(_("Satisfaction rate"), "pct"),
            Column(_("Callback rate"), "pct"),
        ],
        rows,
        total=[
            _("Quarter"),
            sum(m.outcomes.received for m in months),
            sum(m.outcomes.resolved for m in months),
            None,
            None,
            None,
            None,
            None,
        ],
    )


def quarterly_document(scope: Scope) -> Document:
    s = monthly_statistics(scope)
    months = [monthly_statistics(scope.with_period(p), trend_months=1) for p in scope.period.months()]
    note = note_for(scope)
    serious = analysis.serious_cases(scope)
    blocks: list[Block] = [
        statistics_document.key_figures(s),
        Heading(_("1. The quarter in figures")),
        months_table(months),
        statistics_document.summary_table(s),
        Heading(_("2. Categories")),
        analysis.pareto_chart(s),
        statistics_document.breakdown_table(s, "category"),
        Heading(_("3. Departments and deadlines")),
        statistics_document.department_table(s),
        statistics_document.clocks_table(s),
        Heading(_("4. Serious and major cases, repeats, responsibility")),
        Paragraph(_("%(n)d serious or major cases this quarter.") % {"n": len(serious)}),
        statistics_document.repeats_table(s),
        statistics_document.responsibility_table(s),
        Heading(_("5. Analysis and improvement proposals")),
        analysis._editable(note.analysis),
        analysis._editable(note.proposals),
    ]
    return Document(_("Quarterly complaint summary report"), statistics_document.subtitle_of(s), "", blocks)
