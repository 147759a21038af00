"""The case register (all cases of a period, one row each) and the customer information
summary (顾客信息汇总表, P3.g1): customer feedback classified for the quality department."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tousu.cases import vocab
from tousu.cases.personal import mask_name, mask_phone, mask_unit
from tousu.reports import labels
from tousu.reports.document import Cell, Column, Document, Table
from tousu.reports.scope import Scope, policy_specs
from tousu.web.present import choice_label

COLUMNS = (
    "number received_at channel kind category severity urgent complainant_name complainant_phone complainant_unit "
    "confidential anonymous content state satisfaction reopen_count closed_at quality outcome responsibility"
).split()


def _rows(scope: Scope) -> list[dict[str, Any]]:
    return list(
        scope.cases()
        .annotate(department_name=F("department__name"), assignee_name=F("assignee__staff__display_name"))
        .values(*COLUMNS, "department_name", "assignee_name")
        .order_by("received_at", "id")
    )


def _who(row: dict[str, Any]) -> tuple[str, str]:
    # P2.11: a confidential reporter's identity stays out of every document.
    if row["confidential"]:
        return _("(confidential)"), ""
    if row["anonymous"]:
        return _("(anonymous)"), ""
    return mask_name(row["complainant_name"]), mask_phone(row["complainant_phone"]) if row["complainant_phone"] else ""


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _subtitle(scope: Scope) -> str:
    unit = labels.unit_of(scope.unit) if scope.unit else ""
    return " · ".join(p for p in (labels.policy_of(scope.spec), scope.period.label, scope.department or "", unit) if p)


def register_document(scope: Scope) -> Document:
    specs = policy_specs(scope.policy)
    rows: list[list[Cell]] = []
    for r in _rows(scope):
        name, phone = _who(r)
        rows.append(
            [
                r["number"],
                _when(r["received_at"]),
                choice_label(vocab.Channel, r["channel"]),
                choice_label(vocab.Kind, r["kind"]),
                labels.category_of(r["category"], specs),
                choice_label(vocab.Severity, r["severity"]),
                _("Yes") if r["urgent"] else "",
                name,
                phone,
                "" if r["confidential"] else mask_unit(r["complainant_unit"]),
                "" if r["confidential"] else r["content"][:200],
                r["department_name"] or "",
                r["assignee_name"] or "",
                choice_label(vocab.State, r["state"]),
                labels.satisfaction_of(r["satisfaction"]) if r["satisfaction"] else "",
                r["reopen_count"],
                _when(r["closed_at"]),
            ]
        )
    total: list[Cell] = [_("Total"), len(rows), *([None] * 15)]
    table = Table(
        _("Case register"),
        _("Cases"),
        [
            Column(pgettext("report", "Number"), width=18),
            Column(_("Received"), width=16),
            Column(pgettext("report", "Channel"), width=8),
            Column(pgettext("report", "Kind"), width=8),
            Column(_("Category"), width=14),
            Column(_("Severity"), width=8),
            Column(_("Urgent"), width=6),
            Column(_("Complainant"), width=10),
            Column(_("Phone"), width=14),
            Column(pgettext("report", "Unit"), width=12),
            Column(pgettext("report", "Content"), width=50),
            Column(pgettext("report", "Department"), width=12),
            Column(_("Responsible"), width=10),
            Column(_("State"), width=10),
            Column(_("Satisfaction"), width=10),
            Column(_("Times reopened"), "int", 8),
            Column(pgettext("report", "Closed"), width=16),
        ],
        rows,
        total=total,
    )
    return Document(_("Case register"), _subtitle(scope), "", [table])


def customer_summary_document(scope: Scope) -> Document:
    """P3.g1: feedback classified by category and by quality vs non-quality (P3.b–c)."""
    specs = policy_specs(scope.policy)
    rows = _rows(scope)
    by: Counter[tuple[str, str]] = Counter((r["category"], r["quality"]) for r in rows)
    categories = sorted({c for c, _q in by}, key=lambda c: (-sum(n for (cc, _q), n in by.items() if cc == c), c))
    qualities = [vocab.Quality.QUALITY, vocab.Quality.NON_QUALITY, ""]
    summary_rows: list[list[Cell]] = []
    for c in categories:
        counts = [by[(c, q)] for q in qualities]
        summary_rows.append([labels.category_of(c, specs), *counts, sum(counts)])
    totals = [sum(by[(c, q)] for c in categories) for q in qualities]
    summary = Table(
        _("Customer feedback by category and kind of problem"),
        _("Summary"),
        [
            Column(_("Category"), width=20),
            Column(pgettext("report", "Quality"), "int"),
            Column(_("Non-quality"), "int"),
            Column(_("Not decided"), "int"),
            Column(_("Total"), "int"),
        ],
        summary_rows,
        total=[_("Total"), *totals, sum(totals)],
    )
    detail_rows: list[list[Cell]] = []
    for r in rows:
        name, phone = _who(r)
        detail_rows.append(
            [
                r["number"],
                _when(r["received_at"]),
                name,
                phone,
                labels.category_of(r["category"], specs),
                choice_label(vocab.Quality, r["quality"]) if r["quality"] else _("Not decided"),
                "" if r["confidential"] else r["content"][:200],
                choice_label(vocab.State, r["state"]),
                choice_label(vocab.Outcome, r["outcome"]) if r["outcome"] else "",
                choice_label(vocab.Responsibility, r["responsibility"]) if r["responsibility"] else "",
            ]
        )
    detail = Table(
        _("Customer feedback, one line each"),
        _("Feedback"),
        [
            Column(pgettext("report", "Number"), width=18),
            Column(_("Received"), width=16),
            Column(_("Customer"), width=10),
            Column(_("Phone"), width=14),
            Column(_("Category"), width=14),
            Column(_("Kind of problem"), width=10),
            Column(pgettext("report", "Content"), width=50),
            Column(_("State"), width=10),
            Column(_("Outcome"), width=12),
            Column(pgettext("report", "Responsibility"), width=12),
        ],
        detail_rows,
    )
    return Document(_("Customer information summary"), _subtitle(scope), "P3.g1", [summary, detail])
