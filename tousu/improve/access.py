"""Who may do what with improvement objects, from the roles of a person's positions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tousu.cases.errors import Forbidden
from tousu.cases.vocab import Role
from tousu.org.positions import held_by

# Issue and verify corrective actions, run reviews (P3.i quality department head, P4.5.3).
ISSUERS = frozenset({Role.DEPARTMENT_HEAD, Role.COMPLAINT_MANAGER, Role.EXECUTIVE, Role.ADMINISTRATOR})
# See every department's actions.
ALL_SEEING = frozenset({Role.COMPLAINT_MANAGER, Role.EXECUTIVE, Role.ADMINISTRATOR})
# Staff who write proposals and case write-ups.
STAFF = frozenset(Role)


# When a person holds several positions, the one that may do most speaks for them.
PRECEDENCE = (
    Role.ADMINISTRATOR,
    Role.EXECUTIVE,
    Role.COMPLAINT_MANAGER,
    Role.DEPARTMENT_HEAD,
    Role.HANDLER,
    Role.RECEPTIONIST,
    Role.AUDITOR,
)


def role_of(actor: Any) -> Role | None:
    held = {h.role for h in held_by(actor)}
    return next((role for role in PRECEDENCE if role in held), None)


def require(actor: Any, roles: frozenset[Role], what: str) -> Role:
    role = role_of(actor)
    if role not in roles:
        raise Forbidden(_("Your role may not %(what)s.") % {"what": what}, code="role")
    return role


def department_id(actor: Any) -> int | None:
    return next((h.unit_id for h in held_by(actor) if h.unit_id is not None), None)
