"""Who may read reports, and over which scope: department heads see their departments,
complaint managers and executives their own organisation or the part of it they stand
over (P4.5.3, P4.8): the figures count only the cases in the reader's scope
(tousu.cases.scope), so they roll up along the tree (office → company → group) and
never include another organisation's cases. One check, used by the web desk and the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tousu.cases.errors import Forbidden
from tousu.cases.vocab import Role
from tousu.org import tree as org_tree
from tousu.org.positions import holds_any, units_of
from tousu.reports.period import Period
from tousu.reports.scope import Scope

READERS = frozenset({Role.DEPARTMENT_HEAD, Role.COMPLAINT_MANAGER, Role.EXECUTIVE})
WHOLE_SCOPE = frozenset({Role.COMPLAINT_MANAGER, Role.EXECUTIVE})


def can_read(user: Any) -> bool:
    return holds_any(user, READERS)


def scope_for(user: Any, period: Period, policy: str | None, department: str | None) -> Scope:
    if not can_read(user):
        raise Forbidden(_("Reports are for department heads, complaint managers and executives."))
    if not holds_any(user, WHOLE_SCOPE):
        tree = org_tree.current()
        own = [tree.nodes[u].code for u in units_of(user, [Role.DEPARTMENT_HEAD]) if u in tree.nodes]
        if department and department not in own:
            raise Forbidden(_("A department head sees the reports of their own department."))
        department = department or (own[0] if own else None)
    return Scope(period=period, policy=policy or None, department=department or None, viewer=user)


def can_write_notes(user: Any) -> bool:
    # The analysis of a whole policy is written by the complaint manager or an executive;
    # a department head writes their department's.
    return can_read(user)
