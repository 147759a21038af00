"""Who may read reports, and over which scope: department heads see their departments,
complaint managers and executives their own organisation or the part of it they stand
over (P4.5.3, P4.8): the figures count only the cases in the reader's scope
(tousu.cases.scope), so they roll up along the tree (office → company → group) and
never include another organisation's cases. The policy, department and unit a reader
may choose are those of their own organisations; any other answers like one that does
not exist. One check, used by the web desk and the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tousu.cases.errors import Forbidden, InvalidInput
from tousu.cases.vocab import Role
from tousu.org import reach
from tousu.org import tree as org_tree
from tousu.org.positions import holds_any, units_of
from tousu.policies import registry
from tousu.reports.period import Period
from tousu.reports.scope import Scope

READERS = frozenset({Role.DEPARTMENT_HEAD, Role.COMPLAINT_MANAGER, Role.EXECUTIVE})
WHOLE_SCOPE = frozenset({Role.COMPLAINT_MANAGER, Role.EXECUTIVE})


def can_read(user: Any) -> bool:
    return holds_any(user, READERS)


def organisations(user: Any) -> list[int]:
    """The organisations whose reports `user` reads."""
    return reach.organisations_of(user, READERS)


def own_departments(user: Any) -> list[str]:
    """The codes of the departments a department head reads (those they head)."""
    tree = org_tree.current()
    return [tree.nodes[u].code for u in units_of(user, [Role.DEPARTMENT_HEAD]) if u in tree.nodes]


def department_choices(user: Any) -> list[tuple[str, str]]:
    """The departments `user` may pick: a head's own, else every unit of their organisations."""
    if holds_any(user, WHOLE_SCOPE):
        return reach.unit_choices(organisations(user))
    own = set(own_departments(user))
    return [(code, label) for code, label in reach.unit_choices(organisations(user)) if code in own]


def unit_choices(user: Any) -> list[tuple[str, str]]:
    """The units whose subtree `user` may roll the figures up over."""
    return reach.unit_choices(organisations(user))


def _organisation_of(policy: str) -> int | None:
    try:
        return registry.placement(policy)[0]
    except registry.UnknownPolicy:
        return None


def _check(user: Any, policy: str | None, department: str | None, unit: str | None) -> None:
    mine = organisations(user)
    if policy and _organisation_of(policy) not in mine:
        message = _("No such policy.")
        raise InvalidInput(message, details={"policy": [message]})
    for name, code in (("department", department), ("unit", unit)):
        if code and reach.unit_in(code, mine) is None:
            message = _("No such department.") if name == "department" else _("No such unit.")
            raise InvalidInput(message, details={name: [message]})


def scope_for(user: Any, period: Period, policy: str | None, department: str | None, unit: str | None = None) -> Scope:
    if not can_read(user):
        raise Forbidden(_("Reports are for department heads, complaint managers and executives."))
    _check(user, policy, department, unit)
    if not holds_any(user, WHOLE_SCOPE):
        own = own_departments(user)
        if department and department not in own:
            raise Forbidden(_("A department head sees the reports of their own department."))
        department = department or (own[0] if own else None)
    return Scope(period=period, policy=policy or None, department=department or None, unit=unit or None, viewer=user)


def can_write_notes(user: Any) -> bool:
    # The analysis of a whole policy is written by the complaint manager or an executive;
    # a department head writes their department's.
    return can_read(user)
