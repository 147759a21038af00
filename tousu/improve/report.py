"""Section 6 of the monthly analysis report (KH-07-R03): the corrective actions issued in
the period or still open at its end, with their state and clocks (P3.i, P4.5.3, P5.5),
and the customer information summary of the month (P3.g1)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.improve import corrective, surveys
from tousu.improve.models import CorrectiveAction, CorrectiveState
from tousu.org import reach
from tousu.org import tree as org_tree
from tousu.policies import registry
from tousu.reports.document import Block, Cell, Column, Paragraph, Table
from tousu.reports.scope import Scope


def organisations(scope: Scope) -> list[int] | None:
    """Whose improvement records a report shows: those of the policy's organisation and
    of the reader's organisations (None: every organisation, for the command line)."""
    found: set[int] | None = None
    if scope.policy:
        try:
            found = {registry.placement(scope.policy)[0] or 0}
        except registry.UnknownPolicy:
            found = set()
    if scope.viewer is not None:
        mine = set(reach.organisations_of(scope.viewer))
        found = mine if found is None else found & mine
    return sorted(found) if found is not None else None


def in_scope(scope: Scope) -> QuerySet[CorrectiveAction]:
    start, end = scope.period.start, scope.period.end
    issued = Q(issued_at__gte=start, issued_at__lt=end)
    still_open = Q(issued_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    qs = CorrectiveAction.objects.filter(issued | still_open).select_related("department")
    if scope.viewer is not None:
        qs = qs & corrective.visible(scope.viewer)
    within = organisations(scope)
    if within is not None:
        qs = qs.filter(organisation_id__in=within)
    if scope.policy:
        # Actions from the policy's cases, and those not from cases (a management review's).
        qs = qs.filter(policy_name__in=[scope.policy, ""])
    if scope.department:
        qs = qs.filter(department__code=scope.department)
    if scope.unit:
        unit = org_tree.current().by_code.get(scope.unit)
        qs = qs.filter(department_id__in=org_tree.current().subtree(unit) if unit is not None else [])
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
    info = surveys.customer_summary(scope.period.first, scope.period.last, organisations(scope))
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
