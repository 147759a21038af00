"""Reading policies: the validated spec of a version, cached per process.

Versions are immutable, so a cache keyed by version id never goes stale. Which version
is current, and where each policy runs (its organisation and units), is read for every
policy in two small queries and kept for a few seconds: intake asks on every
registration and the scope of every request reads every policy's people rules; a newly
loaded version or a moved policy may take that long to reach other web processes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

from tousu.policies.models import Policy, PolicyVersion
from tousu.policies.schema import Policy as PolicySpec

CURRENT_TTL_SECONDS = 5.0


class UnknownPolicy(LookupError):
    pass


@lru_cache(maxsize=256)
def spec_of_version(version_id: int) -> PolicySpec:
    version = PolicyVersion.objects.only("spec").get(pk=version_id)
    return PolicySpec.model_validate(version.spec)


@dataclass(frozen=True)
class Placed:
    version_id: int
    organisation_id: int | None
    homes: frozenset[int]


_state: dict[str, tuple[float, dict[str, Placed]]] = {}


def _all() -> dict[str, Placed]:
    now = time.monotonic()
    hit = _state.get("all")
    if hit is not None and now - hit[0] < CURRENT_TTL_SECONDS:
        return hit[1]
    rows = Policy.objects.filter(current__isnull=False).values_list("name", "current_id", "organisation_id", "pk")
    homes: dict[int, set[int]] = {}
    for policy_id, unit_id in Policy.homes.through.objects.values_list("policy_id", "unit_id"):
        homes.setdefault(policy_id, set()).add(unit_id)
    placed = {
        name: Placed(version, organisation, frozenset(homes.get(pk, ()))) for name, version, organisation, pk in rows
    }
    _state["all"] = (now, dict(sorted(placed.items())))
    return _state["all"][1]


def current_version_id(name: str) -> int:
    found = _all().get(name)
    if found is None:
        raise UnknownPolicy(name)
    return found.version_id


def current_versions() -> object:
    """Which versions are current and where each policy runs, as one object that is
    replaced whenever they are read again: what is built from them is still valid while
    this is the same object."""
    return _all()


def current_specs() -> list[PolicySpec]:
    """The current version of every policy, by name (the people rules of each apply to
    all of its cases, tousu.cases.people)."""
    return [spec_of_version(placed.version_id) for placed in _all().values()]


def current_spec(name: str) -> PolicySpec | None:
    found = _all().get(name)
    return spec_of_version(found.version_id) if found is not None else None


def placement(name: str) -> tuple[int | None, frozenset[int]]:
    """(organisation id, the units it runs in) of a policy."""
    found = _all().get(name)
    if found is None:
        raise UnknownPolicy(name)
    return found.organisation_id, found.homes


def all_homes() -> set[int]:
    """Every unit some policy runs in."""
    return {unit for placed in _all().values() for unit in placed.homes}


def forget() -> None:
    """Drop this process's caches (after loading a version, and between tests)."""
    _state.clear()
    spec_of_version.cache_clear()
