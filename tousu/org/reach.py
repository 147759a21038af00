"""What a person's positions reach beyond single cases: the organisations they work in
and the units of those organisations. Reports, corrective actions, proposals, reviews,
rewards, questionnaires and the case library belong to an organisation; nothing of one
is listed, offered as a choice, counted or written for a person who holds no position in
it (docs/access.md). Which cases a person sees stays tousu.cases.scope's question.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tousu.cases.vocab import Role
from tousu.org import tree as org_tree
from tousu.org.models import Unit
from tousu.org.positions import held_by


def organisations_of(user: Any, roles: Iterable[Role] | None = None) -> list[int]:
    """The organisations of the units where `user` holds a position (of these roles), in
    the order of the positions, without repeats. A position without a unit is in none."""
    wanted = set(roles) if roles is not None else None
    tree = org_tree.current()
    out: list[int] = []
    for h in held_by(user):
        node = tree.nodes.get(h.unit_id) if h.unit_id is not None else None
        if node is not None and (wanted is None or h.role in wanted) and node.organisation_id not in out:
            out.append(node.organisation_id)
    return out


def organisation_of(unit_id: int | None) -> int | None:
    node = org_tree.current().nodes.get(unit_id) if unit_id is not None else None
    return node.organisation_id if node is not None else None


def unit_in(code: str, organisations: Iterable[int]) -> Unit | None:
    """The unit with this code if it belongs to one of `organisations`; a unit of another
    organisation is not found, exactly like a code that does not exist."""
    if not code:
        return None
    return Unit.objects.filter(code=code, organisation_id__in=list(organisations)).first()


def unit_choices(organisations: Iterable[int]) -> list[tuple[str, str]]:
    """(code, path) of every unit of these organisations, in tree order: a company, then
    its offices, each followed by its departments."""
    tree = org_tree.current()
    wanted = set(organisations)
    out: list[tuple[str, str]] = []

    def walk(unit_id: int) -> None:
        node = tree.nodes[unit_id]
        out.append((node.code, tree.path(unit_id)))
        for child in sorted(tree.children.get(unit_id, []), key=lambda u: tree.nodes[u].code):
            walk(child)

    roots = [u for u in tree.children.get(None, []) if tree.nodes[u].organisation_id in wanted]
    for root in sorted(roots, key=lambda u: (tree.nodes[u].organisation_id, tree.nodes[u].code)):
        walk(root)
    return out
