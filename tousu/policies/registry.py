"""Reading policies: the validated spec of a version, cached per process.

Versions are immutable, so a cache keyed by version id never goes stale. Which version
is current is cached for a few seconds: intake asks for it on every registration, and a
newly loaded version may take that long to reach other web processes.
"""

import time
from functools import lru_cache

from tousu.policies.models import Policy, PolicyVersion
from tousu.policies.schema import Policy as PolicySpec

CURRENT_TTL_SECONDS = 5.0
_current: dict[str, tuple[float, int]] = {}


class UnknownPolicy(LookupError):
    pass


@lru_cache(maxsize=256)
def spec_of_version(version_id: int) -> PolicySpec:
    version = PolicyVersion.objects.only("spec").get(pk=version_id)
    return PolicySpec.model_validate(version.spec)


def current_version_id(name: str) -> int:
    now = time.monotonic()
    hit = _current.get(name)
    if hit is not None and now - hit[0] < CURRENT_TTL_SECONDS:
        return hit[1]
    version_id = Policy.objects.filter(name=name).values_list("current_id", flat=True).first()
    if version_id is None:
        raise UnknownPolicy(name)
    _current[name] = (now, version_id)
    return version_id


def forget() -> None:
    """Drop this process's caches (after loading a version, and between tests)."""
    _current.clear()
    spec_of_version.cache_clear()
