"""Section 6 of the monthly analysis report (KH-07-R03): the corrective actions issued in
the period or still open at its end, with their state and clocks (P3.i, P4.5.3, P5.5)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.improve import corrective
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
    if not actions:
        return [summary]
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
    return [summary, table]
