"""KH-07-R02 monthly complaint statistics (月投诉统计表, P4.8, P4.11) as a Document: one
table per breakdown (one sheet each in Excel), with totals."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tousu.reports import labels
from tousu.reports.document import Cell, Column, Document, KeyFigures, Table
from tousu.reports.monthly import MonthlyStatistics
from tousu.reports.numbers import Rate, share

R02 = "KH-07-R02"
BREAKDOWNS = ("category", "channel", "kind", "severity", "validity", "scope", "state", "urgent")


def title_of(s: MonthlyStatistics) -> str:
    return _("Monthly complaint statistics")


def subtitle_of(s: MonthlyStatistics) -> str:
    parts = [labels.policy_of(s.scope.spec), s.scope.period.label]
    if s.scope.department:
        name = next((d.name for d in s.departments if d.code == s.scope.department), s.scope.department)
        parts.append(name)
    if s.scope.unit:
        parts.append(labels.unit_of(s.scope.unit))
    return " · ".join(parts)


def key_figures(s: MonthlyStatistics) -> KeyFigures:
    o, r = s.outcomes, s.rates
    return KeyFigures(
        [
            (_("Cases received"), str(o.received)),
            (_("Resolved"), str(o.resolved)),
            (_("Open"), str(o.open)),
            (_("Response rate"), r.response.percent()),
            (_("Resolution rate"), r.resolution.percent()),
            (_("Satisfaction rate"), r.satisfaction.percent()),
            (_("Callback rate"), r.callback.percent()),
        ]
    )


def _rate_cells(rate: Rate) -> list[Cell]:
    return [rate.value]


def summary_table(s: MonthlyStatistics) -> Table:
    o, r = s.outcomes, s.rates
    rows: list[list[Cell]] = [
        [_("Cases received"), o.received, None],
        [_("Resolved (resolved or closed)"), o.resolved, share(o.resolved, o.received)],
        [_("Closed cases"), o.closed, share(o.closed, o.received)],
        [_("Open"), o.open, share(o.open, o.received)],
        [_("To be improved (P4.4.3.2)"), o.to_be_improved, share(o.to_be_improved, o.received)],
        [_("Referred, invalid, merged or withdrawn"), o.set_out, share(o.set_out, o.received)],
        [_("Reopened (P4.10)"), o.reopened, share(o.reopened, o.received)],
        [_("Response rate"), r.response.numerator, r.response.value],
        [_("Resolution rate"), r.resolution.numerator, r.resolution.value],
        [_("Satisfaction rate"), r.satisfaction.numerator, r.satisfaction.value],
        [_("Callback rate (P4.9.2: 100%)"), r.callback.numerator, r.callback.value],
        [_("Repeat complainants (same phone)"), s.repeats.complainants, None],
        [_("Repeat units"), s.repeats.units, None],
        [_("Deadline extensions"), sum(s.follow.extensions.values()), None],
    ]
    return Table(
        _("Summary"),
        _("Summary"),
        [Column(_("Figure"), width=34), Column(_("Cases"), "int"), Column(_("Share or rate"), "pct")],
        rows,
        note=_("Rates: see the definitions in the report's notes (docs/reports.md)."),
    )


def breakdown_table(s: MonthlyStatistics, dimension: str) -> Table:
    counts: Counter[str] = s.by[dimension]
    total = sum(counts.values())
    rows: list[list[Cell]] = [
        [labels.value_label(dimension, code, s.specs), n, share(n, total)]
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    title = str(labels.DIMENSION_TITLES[dimension])
    return Table(
        title,
        title,
        [Column(_("Value"), width=28), Column(_("Cases"), "int"), Column(_("Share"), "pct")],
        rows,
        total=[_("Total"), total, 1.0 if total else None],
    )


def department_table(s: MonthlyStatistics) -> Table:
    rows: list[list[Cell]] = []
    for d in s.departments:
        o, r = d.outcomes, d.rates
        rows.append(
            [
                d.rank,
                d.name or _("No department"),
                o.received,
                o.resolved,
                o.open,
                r.response.value,
                r.resolution.value,
                r.satisfaction.value,
                r.callback.value,
                r.score,
            ]
        )
    o, r = s.outcomes, s.rates
    total: list[Cell] = [
        None,
        _("Total"),
        o.received,
        o.resolved,
        o.open,
        r.response.value,
        r.resolution.value,
        r.satisfaction.value,
        r.callback.value,
        r.score,
    ]
    return Table(
        _("Departments ranked on the three rates"),
        _("Departments"),
        [
            Column(_("Rank"), "int", 6),
            Column(pgettext("report", "Department"), width=18),
            Column(_("Received"), "int"),
            Column(_("Resolved"), "int"),
            Column(_("Open"), "int"),
            Column(_("Response rate"), "pct"),
            Column(_("Resolution rate"), "pct"),
            Column(_("Satisfaction rate"), "pct"),
            Column(_("Callback rate"), "pct"),
            Column(_("Score"), "pct"),
        ],
        rows,
        total=total,
        note=_("Score: the mean of the response, resolution and satisfaction rates that have data."),
    )


def clocks_table(s: MonthlyStatistics) -> Table:
    rows: list[list[Cell]] = []
    for c in s.clocks:
        rows.append(
            [
                labels.clock_of(c.policy, c.name, s.specs),
                c.on_time,
                c.late,
                c.pending,
                c.extended,
                c.rate.value,
                c.median_hours,
            ]
        )
    return Table(
        _("Deadlines: share met on time and median time taken"),
        _("Deadlines"),
        [
            Column(_("Clock"), width=22),
            Column(_("On time"), "int"),
            Column(_("Late"), "int"),
            Column(_("Not due yet"), "int"),
            Column(_("Extended"), "int"),
            Column(_("On-time rate"), "pct"),
            Column(_("Median hours taken"), "num", 16),
        ],
        rows,
    )


def repeats_table(s: MonthlyStatistics) -> Table:
    rows: list[list[Cell]] = [[_("Complainant (phone)"), r.key, r.cases] for r in s.repeats.top_complainants]
    rows += [[pgettext("report", "Unit"), r.key, r.cases] for r in s.repeats.top_units]
    return Table(
        _("Repeat complainants and units"),
        _("Repeats"),
        [Column(pgettext("report", "Who"), width=18), Column(_("Phone or unit"), width=20), Column(_("Cases"), "int")],
        rows,
        note=_("Two or more cases in the period; anonymous and confidential reporters are left out (P2.11)."),
    )


def extensions_table(s: MonthlyStatistics) -> Table:
    rows: list[list[Cell]] = [
        [_("Clock"), labels.clock_of(s.scope.policy or "", name, s.specs) if s.scope.policy else name, n]
        for name, n in s.follow.extensions.most_common()
    ]
    rows += [
        [pgettext("report", "Reason"), reason or _("No reason given"), n]
        for reason, n in s.follow.extension_reasons.most_common()
    ]
    return Table(
        _("Deadline extensions and their reasons"),
        pgettext("report", "Extensions"),
        [
            Column(pgettext("report", "By"), width=10),
            Column(_("Clock or reason"), width=40),
            Column(pgettext("report", "Extensions"), "int"),
        ],
        rows,
    )


def responsibility_table(s: MonthlyStatistics) -> Table:
    names = {d.department_id: d.name for d in s.departments}
    rows: list[list[Cell]] = []
    for department_id, counts in s.determinations.by_department.items():
        for code, n in sorted(counts.items()):
            rows.append(
                [
                    pgettext("report", "Department"),
                    names.get(department_id) or _("No department"),
                    labels.responsibility_of(code),
                    n,
                ]
            )
    for norm, n in s.determinations.norms:
        rows.append([_("Norm broken"), norm, labels.responsibility_of("own_fault"), n])
    return Table(
        _("Responsibility determinations (P1.4)"),
        pgettext("report", "Responsibility"),
        [
            Column(pgettext("report", "By"), width=12),
            Column(_("Department or norm"), width=30),
            Column(pgettext("report", "Responsibility"), width=14),
            Column(_("Cases"), "int"),
        ],
        rows,
        total=[_("Total"), None, None, s.determinations.total],
    )


def trend_table(s: MonthlyStatistics) -> Table:
    rows: list[list[Cell]] = []
    for before, p in zip([None, *s.trend], s.trend, strict=False):
        change = (p.received - before.received) / before.received if before and before.received else None
        rows.append([p.period.code, p.received, change])
    return Table(
        _("Trend over the last months"),
        _("Trend"),
        [
            Column(_("Month"), width=10),
            Column(_("Received"), "int"),
            Column(_("Change on the month before"), "pct"),
        ],
        rows,
    )


def pareto_table(s: MonthlyStatistics) -> Table:
    total = sum(r.cases for r in s.pareto)
    rows: list[list[Cell]] = [
        [labels.category_of(r.code, s.specs), r.cases, share(r.cases, total), r.cumulative, _("Yes") if r.vital else ""]
        for r in s.pareto
    ]
    return Table(
        _("Categories that make up 80 percent of the cases (Pareto)"),
        _("Pareto"),
        [
            Column(_("Category"), width=24),
            Column(_("Cases"), "int"),
            Column(_("Share"), "pct"),
            Column(_("Cumulative share"), "pct"),
            Column(_("Among the vital few"), width=10),
        ],
        rows,
    )


def statistics_tables(s: MonthlyStatistics) -> list[Table]:
    return [
        summary_table(s),
        *[breakdown_table(s, d) for d in BREAKDOWNS],
        department_table(s),
        clocks_table(s),
        trend_table(s),
        pareto_table(s),
        repeats_table(s),
        extensions_table(s),
        responsibility_table(s),
    ]


def statistics_document(s: MonthlyStatistics) -> Document:
    return Document(title_of(s), subtitle_of(s), R02, [key_figures(s), *statistics_tables(s)])
