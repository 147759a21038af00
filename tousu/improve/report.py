"""Section 6 of the monthly analysis report (KH-07-R03): the corrective actions issued in
the period or still open at its end, with their state and clocks (P3.i, P4.5.3, P5.5),
and the customer information summary of the month (P3.g1)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.improve import corrective, surveys
from tousu.improve.models import CorrectiveAction, CorrectiveState
from tousu.reports.document import Block, Cell, Column, Paragraph, Table
from tousu.reports.scope import Scope


def in_scope(scope: Scope) -> QuerySet[CorrectiveAction]:
    start, end = scope.period.start, scope.period.end
    issued = Q(issued_at__gte=start, issued_at__lt=end)
    still_open = Q(issued_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    qs = CorrectiveAction.objects.filter(issued | still_open).select_related("department")
    if scope.policy:
        qs = qs.filter(policy_name=scope.policy)
    if scope.department:
        qs = qs.filter(department__code=scope.department)
    return qs.order_by("issued_at", "id")


def section(scope: Scope, to_be_improved: int) -> list[Block]:
    actions = list(in_scope(scope)[:200])
    on = timezone.localdate(scope.as_of)
    issued = sum(1 for a in actions if scope.period.start <= a.issued_at < scope.period.end)
    closed = sum(1 for a in actions if a.state == CorrectiveState.CLOSED)
    late = sum(1 for a in actions if corrective.is_overdue(a, on))
    summary = Paragraph(
        _(
            "Corrective action notices issued this month: %(issued)d; in the list below %(closed)d are verified "
            "and closed and %(late)d are overdue. Cases set aside as to be improved this month: %(n)d."
        )
        % {"issued": issued, "closed": closed, "late": late, "n": to_be_improved}
    )
    blocks: list[Block] = [summary, *customer_information(scope)]
    if not actions:
        return blocks
    rows: list[list[Cell]] = [
        [
            a.number,
            a.department.name,
            a.problem[:80],
            timezone.localtime(a.issued_at).strftime("%Y-%m-%d"),
            a.answer_due.isoformat(),
            str(CorrectiveState(a.state).label),
            _("yes") if a.recurred else "",
            _("overdue") if corrective.is_overdue(a, on) else "",
        ]
        for a in actions
    ]
    table = Table(
        _("Corrective actions"),
        "CA",
        [
            Column(_("Number"), width=14),
            Column(_("Department"), width=16),
            Column(_("Problem"), width=40),
            Column(_("Issued"), width=12),
            Column(_("Answer due"), width=12),
            Column(_("State"), width=20),
            Column(_("Recurred"), width=8),
            Column(_("Overdue"), width=8),
        ],
        rows,
    )
    return [*blocks, table]


def customer_information(scope: Scope) -> list[Block]:
    """The customer information summary of the month (顾客信息汇总表, P3.g1): visit
    feedback by topic and questionnaires answered (tousu.improve.surveys)."""
    info = surveys.customer_summary(scope.period.first, scope.period.last)
    if not info["feedback"] and not info["questionnaires_answered"]:
        return []
    topics = "; ".join(
        f"{t['label']} {t['count']}" + (f" ({t['mean_rating']})" if t["mean_rating"] else "")
        for t in info["topics"]
        if t["count"]
    )
    text = _(
        "Customer information (P3.g1): %(feedback)d visit feedback records%(topics)s; "
        "%(answered)d questionnaires answered."
    ) % {
        "feedback": info["feedback"],
        "topics": f" — {topics}" if topics else "",
        "answered": info["questionnaires_answered"],
    }
    return [Paragraph(text)]
