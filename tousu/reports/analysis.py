"""KH-07-R03 monthly complaint analysis and improvement report (月投诉分析改进报告, P1.5,
P4.11) as a Document: the month's figures, the charts (trend, Pareto, on time by
department), serious and major cases, corrective actions, the rising words, and the
analysis and improvement proposals the responsible person writes (notes.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tousu.cases.vocab import Severity
from tousu.improve.report import section as corrective_section
from tousu.reports import labels, statistics_document, words
from tousu.reports.document import Block, Cell, Chart, Column, Document, Heading, Paragraph, Table
from tousu.reports.models import ReportNote
from tousu.reports.monthly import MonthlyStatistics, monthly_statistics
from tousu.reports.notes import note_for
from tousu.reports.numbers import Rate
from tousu.reports.render import charts
from tousu.reports.scope import Scope

R03 = "KH-07-R03"
SERIOUS_LIMIT = 50


@dataclass
class MonthlyAnalysis:
    statistics: MonthlyStatistics
    scope: Scope
    on_time: dict[int | None, Rate]
    serious: list[dict[str, Any]]
    rising: list[words.RisingWord]
    note: ReportNote


def monthly_analysis(scope: Scope) -> MonthlyAnalysis:
    statistics = monthly_statistics(scope)
    return MonthlyAnalysis(
        statistics=statistics,
        scope=scope,
        on_time=statistics.on_time,
        serious=serious_cases(scope),
        rising=words.rising_words(scope),
        note=note_for(scope),
    )


def serious_cases(scope: Scope) -> list[dict[str, Any]]:
    """Serious and major cases (P5.3, P4.5.3, P3.h1), most severe first."""
    rows = (
        scope.cases()
        .filter(severity__in=[Severity.SERIOUS, Severity.MAJOR])
        .annotate(
            department_name=F("department__name"), major_first=Case(When(severity=Severity.MAJOR, then=0), default=1)
        )
        .values("number", "received_at", "severity", "category", "state", "content", "confidential", "department_name")
        .order_by("major_first", "received_at")[:SERIOUS_LIMIT]
    )
    return list(rows)


def trend_chart(s: MonthlyStatistics) -> Chart:
    points = s.trend
    return Chart(
        _("Cases received per month"),
        charts.bar_line(
            _("Cases received per month"),
            [p.period.code[2:] for p in points],
            [p.received for p in points],
            _("Received"),
        ),
        "; ".join(f"{p.period.code}: {p.received}" for p in points),
    )


def pareto_chart(s: MonthlyStatistics) -> Chart:
    rows = s.pareto[:12]
    names = [labels.category_of(r.code, s.specs) for r in rows]
    return Chart(
        _("Categories by cases, with the cumulative share (Pareto)"),
        charts.bar_line(
            _("Categories by cases, with the cumulative share (Pareto)"),
            names,
            [r.cases for r in rows],
            _("Cases"),
            [r.cumulative for r in rows],
            _("Cumulative share (%)"),
        ),
        "; ".join(f"{n}: {r.cases}" for n, r in zip(names, rows, strict=False)),
    )


def on_time_chart(a: MonthlyAnalysis) -> Chart:
    departments = a.statistics.departments
    names = [d.name or _("No department") for d in departments]
    return Chart(
        _("On time by department"),
        charts.grouped_rates(
            _("On time by department"),
            names,
            {
                _("Deadlines met on time"): [a.on_time.get(d.department_id, Rate(0, 0)).value for d in departments],
                _("Response rate"): [d.rates.response.value for d in departments],
            },
        ),
        "; ".join(
            f"{n}: {a.on_time.get(d.department_id, Rate(0, 0)).percent()}"
            for n, d in zip(names, departments, strict=False)
        ),
    )


def serious_table(a: MonthlyAnalysis) -> Table:
    rows: list[list[Cell]] = []
    for r in a.serious:
        content = _("(confidential reporter)") if r["confidential"] else r["content"][:80]
        rows.append(
            [
                r["number"],
                timezone.localtime(r["received_at"]).strftime("%Y-%m-%d %H:%M"),
                labels.value_label("severity", r["severity"], {}),
                labels.category_of(r["category"], a.statistics.specs),
                r["department_name"] or "",
                labels.value_label("state", r["state"], {}),
                content,
            ]
        )
    return Table(
        _("Serious and major cases"),
        _("Serious and major"),
        [
            Column(pgettext("report", "Number"), width=18),
            Column(_("Received"), width=16),
            Column(_("Severity"), width=8),
            Column(_("Category"), width=14),
            Column(pgettext("report", "Department"), width=12),
            Column(_("State"), width=10),
            Column(pgettext("report", "Content"), width=40),
        ],
        rows,
    )


def rising_table(a: MonthlyAnalysis) -> Table:
    rows: list[list[Cell]] = [[w.word, w.cases, w.share, w.previous_share, w.rise] for w in a.rising]
    return Table(
        _("Words that rise this month"),
        _("Rising words"),
        [
            Column(_("Word"), width=12),
            Column(_("Cases"), "int"),
            Column(_("Share this month"), "pct"),
            Column(_("Share in the 3 months before"), "pct"),
            Column(_("Rise"), "num"),
        ],
        rows,
        note=_("Share of cases whose content contains the word; rise = this month's share over the earlier share."),
    )


def _editable(text: str) -> Paragraph:
    if text.strip():
        return Paragraph(text, "editable")
    return Paragraph(_("(Not written yet: the responsible person writes it on the reports page of the desk.)"), "muted")


def analysis_document(a: MonthlyAnalysis) -> Document:
    s = a.statistics
    o, r = s.outcomes, s.rates
    overview = _(
        "%(received)d cases were received; %(resolved)d are resolved and %(open)d still open. Response rate "
        "%(response)s, resolution rate %(resolution)s, satisfaction rate %(satisfaction)s, callback rate "
        "%(callback)s (P4.9.2 requires 100%%)."
    ) % {
        "received": o.received,
        "resolved": o.resolved,
        "open": o.open,
        "response": r.response.percent(),
        "resolution": r.resolution.percent(),
        "satisfaction": r.satisfaction.percent(),
        "callback": r.callback.percent(),
    }
    blocks: list[Block] = [
        statistics_document.key_figures(s),
        Heading(_("1. The month in figures")),
        Paragraph(overview),
        statistics_document.summary_table(s),
        statistics_document.breakdown_table(s, "category"),
        statistics_document.breakdown_table(s, "channel"),
        Heading(_("2. Trend")),
        trend_chart(s),
        Heading(_("3. Where the cases come from (Pareto)")),
        pareto_chart(s),
        statistics_document.pareto_table(s),
        Heading(_("4. Deadlines and departments")),
        on_time_chart(a),
        statistics_document.department_table(s),
        statistics_document.clocks_table(s),
        statistics_document.extensions_table(s),
        Heading(_("5. Serious and major cases")),
        serious_table(a) if a.serious else Paragraph(_("No serious or major case this month."), "muted"),
        Heading(_("6. Corrective actions and their state")),
        *corrective_section(a.scope, o.to_be_improved),
        Heading(_("7. Repeat complaints, responsibility and rising words")),
        statistics_document.repeats_table(s),
        statistics_document.responsibility_table(s),
        rising_table(a),
        Heading(_("8. Analysis")),
        _editable(a.note.analysis),
        Heading(_("9. Improvement proposals")),
        _editable(a.note.proposals),
    ]
    return Document(
        _("Monthly complaint analysis and improvement report"), statistics_document.subtitle_of(s), R03, blocks
    )
