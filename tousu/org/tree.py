"""The units of every organisation as one tree in memory: ancestors, subtrees, and the
unit that plays a policy's department within an office.

The unit table is small (hundreds of rows) and changes rarely, so it is read in one query
and kept per process for a few seconds; a change saved in this process drops it at once
(signals below), other processes see it within `TTL_SECONDS`. Positions, which decide
what a person may see, are never cached (tousu.org.positions).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tousu.org.models import Organisation, Unit

TTL_SECONDS = 5.0
# Units that run their own procedure: another office's departments are not ours.
OFFICES = ("office", "section")


@dataclass(frozen=True)
class Node:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    organisation_id: int
    function: str

    @property
    def plays(self) -> str:
        return self.function or self.code


@dataclass
class Tree:
    nodes: dict[int, Node]
    children: dict[int | None, list[int]] = field(default_factory=dict)
    by_code: dict[str, int] = field(default_factory=dict)
    organisation_names: dict[int, str] = field(default_factory=dict)
    # Walks remembered for the life of this tree (a few seconds): every request's scope
    # asks for the same ones.
    _ancestors: dict[int, list[int]] = field(default_factory=dict)
    _subtrees: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for node in self.nodes.values():
            self.children.setdefault(node.parent_id, []).append(node.id)
            self.by_code[node.code] = node.id

    def ancestors(self, unit_id: int) -> list[int]:
        """The unit and every unit above it, nearest first."""
        found = self._ancestors.get(unit_id)
        if found is None:
            found = []
            current: int | None = unit_id
            while current is not None and current in self.nodes and current not in found:
                found.append(current)
                current = self.nodes[current].parent_id
            self._ancestors[unit_id] = found
        return list(found)

    def subtree(self, unit_id: int) -> list[int]:
        """The unit and every unit below it."""
        found = self._subtrees.get(unit_id)
        if found is None:
            found = []
            todo = [unit_id]
            seen: set[int] = set()
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen.add(current)
                found.append(current)
                todo.extend(self.children.get(current, []))
            self._subtrees[unit_id] = found
        return list(found)

    def within(self, unit_id: int | None, root_id: int | None) -> bool:
        return unit_id is not None and root_id is not None and root_id in self.ancestors(unit_id)

    def home_of(self, unit_id: int, homes: set[int]) -> int | None:
        """The nearest unit at or above `unit_id` that is one of `homes`."""
        return next((u for u in self.ancestors(unit_id) if u in homes), None)

    def resolve(self, function: str, home_id: int) -> int | None:
        """The unit within `home_id` that plays `function` (nearest to the home first);
        else one that plays it above the home, within its organisation (a company-wide
        department serving every office) — never a department of a sibling office."""
        level = [home_id]
        while level:
            found = [u for u in level if self.nodes[u].plays == function]
            if found:
                return min(found)
            level = [child for u in level for child in self.children.get(u, [])]
        for above in self.ancestors(home_id)[1:]:
            found = [
                u for u in self.subtree(above) if self.nodes[u].plays == function and not self._in_an_office(u, above)
            ]
            if found:
                return min(found)
        return None

    def _in_an_office(self, unit_id: int, below: int) -> bool:
        """Is the unit inside an office or section that lies under `below`?"""
        for u in self.ancestors(unit_id):
            if u == below:
                return False
            if self.nodes[u].kind in OFFICES:
                return True
        return False

    def name(self, unit_id: int | None) -> str:
        node = self.nodes.get(unit_id) if unit_id is not None else None
        return node.name if node is not None else ""

    def path(self, unit_id: int) -> str:
        """The unit's name under its organisation's and its parents' (阳光物业 / 阳光花园管理处 / 工程部)."""
        return " / ".join(self.nodes[u].name for u in reversed(self.ancestors(unit_id)))


_cache: dict[str, tuple[float, Tree]] = {}


def current() -> Tree:
    hit = _cache.get("tree")
    now = time.monotonic()
    if hit is not None and now - hit[0] < TTL_SECONDS:
        return hit[1]
    rows = Unit.objects.values_list("id", "code", "name", "kind", "parent_id", "organisation_id", "function")
    tree = Tree({row[0]: Node(*row) for row in rows})
    tree.organisation_names = dict(Organisation.objects.values_list("id", "name"))
    _cache["tree"] = (now, tree)
    return tree


def forget() -> None:
    _cache.clear()


@receiver([post_save, post_delete], sender=Unit)
@receiver([post_save, post_delete], sender=Organisation)
def _changed(**kwargs: Any) -> None:
    forget()
