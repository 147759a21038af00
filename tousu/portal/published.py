"""Which policies the portal offers, and their texts in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from tousu.cases.vocab import Channel
from tousu.policies.models import Policy
from tousu.policies.registry import spec_of_version
from tousu.policies.schema import Policy as PolicySpec
from tousu.policies.texts import in_language

__all__ = ["Published", "in_language", "published_policies", "web_intake_policies", "web_intake_policy"]


@dataclass(frozen=True)
class Published:
    name: str
    spec: PolicySpec

    @property
    def title(self) -> str:
        return in_language(self.spec.title, self.spec.title_en)

    @property
    def takes_web(self) -> bool:
        return Channel.WEB in self.spec.channels


def published_policies() -> list[Published]:
    """Every policy with a current version, by name; the specs come from the process cache."""
    rows = Policy.objects.filter(current__isnull=False).order_by("name").values_list("name", "current_id")
    return [Published(name, spec_of_version(version_id)) for name, version_id in rows]


def web_intake_policies() -> list[Published]:
    """The policies that take complaints through the web form (channel `web`)."""
    return [p for p in published_policies() if p.takes_web]


def web_intake_policy(name: str) -> Published | None:
    return next((p for p in web_intake_policies() if p.name == name), None)
