"""The directory a registrar picks the reported party from (P2.11): the units and staff
of their own organisations, and of the organisations the policy hands cases off to (an
inspector of the institute is reported to the regulator as often as its own staff). The
directory never crosses organisations otherwise.
"""

from __future__ import annotations

from typing import Any

from tousu.cases import reported
from tousu.org import tree as org_tree
from tousu.org.models import Position
from tousu.org.positions import units_of
from tousu.policies import registry
from tousu.policies.schema import Policy as PolicySpec


def organisations_of(user: Any) -> set[int]:
    tree = org_tree.current()
    return {tree.nodes[u].organisation_id for u in units_of(user) if u in tree.nodes}


def organisations(user: Any, spec: PolicySpec | None) -> set[int]:
    """The organisations whose directory `user` may search when registering under `spec`:
    their own, plus those the policy hands off to if it is one of their own policies."""
    own = organisations_of(user)
    if spec is None:
        return own
    try:
        policy_organisation = registry.placement(spec.name)[0]
    except registry.UnknownPolicy:
        return own
    if policy_organisation not in own:
        return own
    tree = org_tree.current()
    handed = {tree.nodes[u].organisation_id for h in spec.handoffs if (u := tree.by_code.get(h.to)) is not None}
    return own | handed


def mentions(user: Any, spec: PolicySpec | None, text: str) -> list[reported.Mention]:
    """Staff and units of the directory named in `text`, to confirm as the reported party."""
    if not text.strip():
        return []
    return reported.mentions(text, organisations(user, spec))


def choices(user: Any, spec: PolicySpec | None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(units, people) of the directory as picker choices: (code, words), (username, words)."""
    found = organisations(user, spec)
    tree = org_tree.current()
    units = [(n.code, tree.path(n.id)) for n in tree.nodes.values() if n.organisation_id in found]
    people: dict[str, str] = {}
    rows = Position.objects.filter(unit__organisation_id__in=found, user__is_active=True)
    rows = rows.order_by("user__staff__display_name", "id")
    for username, display_name, unit_id, title in rows.values_list(
        "user__username", "user__staff__display_name", "unit_id", "title"
    ):
        where = " ".join(filter(None, [tree.name(unit_id), title]))
        name = display_name or username
        people.setdefault(username, f"{name}（{where}）" if where else name)
    return sorted(units, key=lambda c: c[1]), sorted(people.items(), key=lambda c: c[1])
