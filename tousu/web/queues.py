"""The desk's lists: my cases (首问负责, P4.4.4), my department's queue, and the
oversight lists of department heads and managers (P4.5.3). Reads only.

Every filter comes through `selectors.CaseFilters` (plus the severity the desk adds), and
pages are keyset pages from `selectors.page`, in nearest-due order: the composite
(assignee|received_by|department, is_open, next_due_at) indexes serve them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from tousu.cases import disclosure, selectors
from tousu.cases.models import Complaint
from tousu.cases.scope import visible_cases
from tousu.cases.vocab import EscalationLevel, Role, State
from tousu.org import tree as org_tree
from tousu.web.desk import Desk

PAGE_SIZE = 25

# What a list row shows, read with .values(): one query per page, no model instances.
# A confidential row also reads the reporter's identity, to cut it out of the row's text
# (tousu.cases.disclosure.row_content).
ROW_COLUMNS = [
    *(
        "id number policy_name kind channel state received_at category urgent severity next_due_at is_open "
        "confidential received_by_id assignee_id home_id content department__name assignee__staff__display_name"
    ).split(),
    *disclosure.ROW_IDENTITY,
]


def _filtered(desk: Desk, filters: selectors.CaseFilters, severity: str | None) -> QuerySet[Complaint]:
    qs = selectors.filtered(filters, base=visible_cases(desk.user), viewer=desk.user)
    if severity:
        qs = qs.filter(severity=severity)
    return qs


def _page(qs: QuerySet[Complaint], cursor: str | None, limit: int) -> selectors.Page:
    return selectors.page(qs.values(*ROW_COLUMNS), "due", cursor, limit)


def mine(
    desk: Desk, filters: selectors.CaseFilters, severity: str | None, cursor: str | None, limit: int = PAGE_SIZE
) -> selectors.Page:
    """Cases I am responsible for or first received (首问负责 P4.4.4), nearest due first."""
    me = desk.user.pk
    return _page(_filtered(desk, filters, severity).filter(Q(assignee_id=me) | Q(received_by_id=me)), cursor, limit)


def queue(
    desk: Desk, filters: selectors.CaseFilters, severity: str | None, cursor: str | None, limit: int = PAGE_SIZE
) -> selectors.Page:
    """The other cases my positions see (my department's; the office's for its customer
    service, P4.5.2; the whole office or company for its managers), nearest due first."""
    me = desk.user.pk
    qs = _filtered(desk, filters, severity)
    # Already listed under "mine"; exclude() keeps cases nobody is assigned to.
    qs = qs.exclude(assignee_id=me).exclude(received_by_id=me)
    return _page(qs, cursor, limit)


def _scope(desk: Desk) -> QuerySet[Complaint]:
    """The open cases a head oversees (their departments, P4.5.3) or a manager (all they see)."""
    qs = visible_cases(desk.user).filter(is_open__in=selectors.OPEN)
    if desk.role == Role.DEPARTMENT_HEAD:
        heads = [h.unit_id for h in desk.positions if h.role == Role.DEPARTMENT_HEAD and h.unit_id is not None]
        tree = org_tree.current()
        qs = qs.filter(department_id__in=[u for unit in heads for u in tree.subtree(unit)])
    return qs


def overdue(desk: Desk, now: dt.datetime, cursor: str | None, limit: int = PAGE_SIZE) -> selectors.Page:
    return _page(_scope(desk).filter(next_due_at__lt=now), cursor, limit)


def awaiting_sign_off(desk: Desk, limit: int = PAGE_SIZE) -> list[dict[str, Any]]:
    """Resolved or set-aside cases the department head has not signed off yet (P4.5.3).
    Only policies with the sign-off step have such cases waiting."""
    names = [spec.name for spec in desk.policies if spec.steps.sign_off]
    qs = _scope(desk).filter(state__in=[State.RESOLVED, State.TO_BE_IMPROVED], signed_off=False, policy_name__in=names)
    return list(qs.order_by("next_due_at", "id").values(*ROW_COLUMNS)[:limit])


def escalated(desk: Desk, limit: int = PAGE_SIZE) -> list[dict[str, Any]]:
    """Open cases escalated to my level (major cases, P3.h1, P4.5.3)."""
    by_role = {
        Role.DEPARTMENT_HEAD: [EscalationLevel.DEPARTMENT_HEAD],
        Role.COMPLAINT_MANAGER: [EscalationLevel.MANAGER, EscalationLevel.EXECUTIVE],
        Role.EXECUTIVE: [EscalationLevel.MANAGER, EscalationLevel.EXECUTIVE],
    }
    levels = sorted({level for role in desk.roles for level in by_role.get(role, [])})
    qs = _scope(desk).filter(escalation_level__in=levels)
    return list(qs.order_by("next_due_at", "id").values(*ROW_COLUMNS)[:limit])


def open_count(desk: Desk) -> int:
    return _scope(desk).count()


def overdue_count(desk: Desk, now: dt.datetime) -> int:
    return _scope(desk).filter(next_due_at__lt=now).count()
