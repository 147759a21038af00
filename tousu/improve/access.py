"""Who may do what with improvement objects, from the staff role (one role per person)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tousu.cases.actions import role_of
from tousu.cases.errors import Forbidden
from tousu.cases.vocab import Role

# Issue and verify corrective actions, run reviews (P3.i quality department head, P4.5.3).
ISSUERS = frozenset({Role.DEPARTMENT_HEAD, Role.COMPLAINT_MANAGER, Role.EXECUTIVE, Role.ADMINISTRATOR})
# See every department's actions.
ALL_SEEING = frozenset({Role.COMPLAINT_MANAGER, Role.EXECUTIVE, Role.ADMINISTRATOR})
# Staff who write proposals and case write-ups.
STAFF = frozenset(Role)


def require(actor: Any, roles: frozenset[Role], what: str) -> Role:
    role = role_of(actor)
    if role not in roles:
        raise Forbidden(_("Your role may not %(what)s.") % {"what": what}, code="role")
    return role


def department_id(actor: Any) -> int | None:
    staff = getattr(actor, "staff", None)
    return staff.department_id if staff is not None else None
