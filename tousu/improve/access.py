"""Who may do what with improvement objects and the case library: rules over a person's
positions, each read within the organisation of the position's unit (tousu.org.reach).

- The complaint managers and executives of an organisation (and its administrators) see
  and run all of its corrective actions, proposals, reviews, rewards, service requests and
  questionnaires (P3.i, P4.5.3, P5.6, P2.10, P3.s1–s3, P3.e1).
- A department head issues corrective actions in their organisation, answers those of the
  departments they head and sees them (P4.5.3); a handler answers and sees their own
  department's (P3.i).
- Every member of an organisation writes proposals and case write-ups for it and reads its
  published write-ups (P1.5, P1.6).

An object of another organisation answers exactly like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tousu.cases.errors import Forbidden, InvalidInput
from tousu.cases.vocab import Role
from tousu.org import reach
from tousu.org import tree as org_tree
from tousu.org.models import Position, Unit
from tousu.org.positions import Held, held_by

# See and run everything of their organisation's improvement loop.
MANAGERS = frozenset({Role.COMPLAINT_MANAGER, Role.EXECUTIVE, Role.ADMINISTRATOR})
# Issue and verify corrective actions, decide proposals, review write-ups, run reviews
# (P3.i the quality department's head, P4.5.3 the department head).
ISSUERS = MANAGERS | {Role.DEPARTMENT_HEAD}
# Staff who write proposals and case write-ups.
STAFF = frozenset(Role)

# The role that may do most, for what the desk's menu shows (tousu.web.desk).
PRECEDENCE = (
    Role.ADMINISTRATOR,
    Role.EXECUTIVE,
    Role.COMPLAINT_MANAGER,
    Role.DEPARTMENT_HEAD,
    Role.HANDLER,
    Role.RECEPTIONIST,
    Role.AUDITOR,
)


def organisations(actor: Any, roles: frozenset[Role] = STAFF) -> list[int]:
    """The organisations where `actor` holds a position of one of `roles`."""
    return reach.organisations_of(actor, roles)


def holds(actor: Any, roles: frozenset[Role], organisation_id: int | None) -> bool:
    return organisation_id is not None and organisation_id in organisations(actor, roles)


def can(actor: Any, roles: frozenset[Role]) -> bool:
    """Holds a position of one of `roles` in some organisation."""
    return bool(organisations(actor, roles))


def require(actor: Any, roles: frozenset[Role], what: str) -> list[int]:
    """The organisations where `actor` may `what`; refused when there is none."""
    found = organisations(actor, roles)
    if not found:
        raise Forbidden(_("Your role may not %(what)s.") % {"what": what}, code="role")
    return found


def require_in(actor: Any, roles: frozenset[Role], what: str, organisation_id: int | None) -> int:
    """`actor` may `what` in this organisation, or is refused."""
    if organisation_id is None or not holds(actor, roles, organisation_id):
        raise Forbidden(_("Your role may not %(what)s.") % {"what": what}, code="role")
    return organisation_id


def home_organisation(actor: Any, roles: frozenset[Role], what: str) -> int:
    """The organisation a new object of `actor` belongs to when nothing else says: that of
    their first position of `roles`."""
    return require(actor, roles, what)[0]


def positions_in(actor: Any, organisation_id: int | None) -> list[Held]:
    """The positions `actor` holds in this organisation."""
    tree = org_tree.current()
    out = []
    for h in held_by(actor):
        node = tree.nodes.get(h.unit_id) if h.unit_id is not None else None
        if node is not None and node.organisation_id == organisation_id:
            out.append(h)
    return out


def works_in(actor: Any, unit_id: int) -> bool:
    """Does `actor` hold a position in this unit or a section of it?"""
    tree = org_tree.current()
    return any(h.unit_id is not None and tree.within(h.unit_id, unit_id) for h in held_by(actor))


def department(code: str, organisation_ids: list[int]) -> Unit:
    """A unit of these organisations by its code; any other is "no such department"."""
    found = reach.unit_in(code, organisation_ids)
    if found is None:
        raise InvalidInput(_("No such department."), details={"department": [_("No such department.")]})
    return found


def department_choices(actor: Any, roles: frozenset[Role] = STAFF) -> list[tuple[str, str]]:
    """The units a form offers: those of the organisations where `actor` holds `roles`."""
    return reach.unit_choices(organisations(actor, roles))


def member(user: Any, organisation_id: int | None) -> bool:
    """Does `user` (any login, not only the actor) hold a position in this organisation?"""
    return Position.objects.filter(user=user, unit__organisation_id=organisation_id or 0).exists()
