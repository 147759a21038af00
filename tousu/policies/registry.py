"""Reading policies: the validated spec of a version, cached per process.

Versions are immutable, so a cache keyed by version id never goes stale.
"""

from functools import lru_cache

from tousu.policies.models import Policy, PolicyVersion
from tousu.policies.schema import Policy as PolicySpec


class UnknownPolicy(LookupError):
    pass


@lru_cache(maxsize=256)
def spec_of_version(version_id: int) -> PolicySpec:
    version = PolicyVersion.objects.only("spec").get(pk=version_id)
    return PolicySpec.model_validate(version.spec)


def current_version(name: str) -> PolicyVersion:
    policy = Policy.objects.select_related("current").filter(name=name).first()
    if policy is None or policy.current is None:
        raise UnknownPolicy(name)
    return policy.current
