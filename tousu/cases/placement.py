"""Where a new case belongs: its organisation, its home (the office whose procedure it
follows), the unit that received it, and the department the policy routes it to within
that office (P4.3, P2.4, P3.d)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from tousu.cases import people, reported, rules
from tousu.cases.errors import Forbidden, InvalidInput
from tousu.org import tree as org_tree
from tousu.org.positions import held_by
from tousu.policies import registry
from tousu.policies.schema import Policy as PolicySpec


@dataclass(frozen=True)
class Placement:
    organisation_id: int | None
    home_id: int | None
    received_in_id: int | None
    department_id: int | None
    department_code: str | None
    rerouted: bool = False  # the route led to the party reported (P2.11)


def _unit_error(message: str) -> InvalidInput:
    return InvalidInput(message, code="unit", details={"unit": [message]})


def place(spec: PolicySpec, fields: dict[str, Any], unit_code: str | None, actor: Any, actor_kind: str) -> Placement:
    tree = org_tree.current()
    organisation_id, homes = registry.placement(spec.name)
    staff = isinstance(actor, User) and actor_kind == "staff"
    received_in = None
    if unit_code:
        received_in = tree.by_code.get(unit_code)
        if received_in is None:
            raise _unit_error(_("No unit with this code."))
        home = tree.home_of(received_in, set(homes))
        if home is None:
            raise _unit_error(_("This policy does not run in this unit."))
        if staff and not _works_around(actor, home, tree):
            raise Forbidden(_("You hold no position where this case would be registered."))
    elif staff:
        home, received_in = _registrar_home(actor, homes, tree)
    elif len(homes) == 1:
        home = next(iter(homes))
    else:
        raise _unit_error(_("Choose the office that should take this complaint."))
    function = rules.route(spec, fields)
    department = tree.resolve(function, home) if function and home is not None else None
    return Placement(
        organisation_id=tree.nodes[home].organisation_id if home is not None else organisation_id,
        home_id=home,
        received_in_id=received_in if received_in is not None else home,
        department_id=department,
        department_code=tree.nodes[department].code if department is not None else None,
    )


def avoid_reported(placement: Placement, spec: PolicySpec, complaint: Any) -> Placement:
    """P2.11: a confidential report routed to the party reported goes to the policy's
    default department instead, or waits for a person to route it."""
    if not complaint.confidential or placement.department_id is None:
        return placement
    party = reported.units_of_party(complaint)
    if placement.department_id not in party:
        return placement
    tree = org_tree.current()
    fallback = (
        tree.resolve(spec.default_department, placement.home_id)
        if spec.default_department and placement.home_id is not None
        else None
    )
    if fallback in party:
        fallback = None
    return Placement(
        placement.organisation_id,
        placement.home_id,
        placement.received_in_id,
        fallback,
        tree.nodes[fallback].code if fallback is not None else None,
        rerouted=True,
    )


def _works_around(actor: Any, home: int, tree: org_tree.Tree) -> bool:
    """Does the registrar work in that office or above it (the offices their positions
    stand in, as for everything else they do with its cases)?"""
    return any(h.works_cases and home in people.offices_of(h, tree) for h in held_by(actor))


def _registrar_home(actor: Any, homes: frozenset[int], tree: org_tree.Tree) -> tuple[int, int]:
    """The office a staff member registers in: the one their position is in (or the only
    one below their position); with several, they must say which (`unit`)."""
    found: dict[int, int] = {}
    for h in held_by(actor):
        if not h.works_cases or h.unit_id is None:
            continue
        home = tree.home_of(h.unit_id, set(homes))
        if home is not None:
            found.setdefault(home, h.unit_id)
            continue
        for below in homes:
            if tree.within(below, h.unit_id):
                found.setdefault(below, h.unit_id)
    if not found:
        raise Forbidden(_("You hold no position where this policy runs."))
    if len(found) > 1:
        raise _unit_error(_("You work for several offices: choose the one taking this complaint."))
    home, unit = next(iter(found.items()))
    return home, unit
