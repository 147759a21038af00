"""The procedure's people for the whole-life tests: named staff holding positions (a
butler of buildings 3–5, the head of one office's engineering), a second office of the
same company, a unit that is not a policy department (the butlers' team)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from tests.conftest import Api
from tousu.org.areas import expand
from tousu.org.management.commands.user import add_user
from tousu.org.models import ApiToken, Position, Unit
from tousu.policies import registry
from tousu.policies.models import Policy


def hire(username: str, name: str, role: str, unit: str, language: str = "zh-hans", **position: str) -> Api:
    """A person with one position and an API client acting as them."""
    add_user(username, role, unit, name, f"pw-{username}-123456", **position)
    user = get_user_model().objects.get(username=username)
    _, raw = ApiToken.issue(user)
    api = Api(raw, language)
    api.username = username  # type: ignore[attr-defined]
    api.user = user  # type: ignore[attr-defined]
    return api


def also(api: Api, role: str, unit: str, duties: str = "", area: str = "", title: str = "") -> None:
    """A second position for the same person."""
    Position.objects.create(
        user=api.user,  # type: ignore[attr-defined]
        role=role,
        unit=Unit.objects.get(code=unit),
        duties=duties,
        area=",".join(expand(area)),
        title=title,
    )


def unit(code: str, name: str, parent: str, kind: str = "other") -> Unit:
    """A unit that plays no department of the policy (the butlers' team of a company)."""
    above = Unit.objects.get(code=parent)
    return Unit.objects.create(organisation_id=above.organisation_id, code=code, name=name, kind=kind, parent=above)


def second_office(policy: str, prefix: str, name: str) -> dict[str, str]:
    """Another office of the company running `policy`: an office unit under the
    company's root with its own departments, each playing the policy's department of the
    same name, and the policy running there too. Returns {policy department: unit code}."""
    placed = Policy.objects.get(name=policy)
    root = Unit.objects.get(code=policy)
    office = Unit.objects.create(
        organisation_id=placed.organisation_id, code=prefix, name=name, kind="office", parent=root
    )
    spec = registry.current_spec(policy)
    assert spec is not None
    codes: dict[str, str] = {}
    for department in spec.departments:  # parents come before their children
        code = f"{prefix}_{department.code.split('_', 1)[1]}"
        parent = Unit.objects.get(code=codes[department.parent]) if department.parent else office
        Unit.objects.create(
            organisation_id=placed.organisation_id,
            code=code,
            name=department.name,
            kind=department.kind,
            parent=parent,
            function=department.code,
        )
        codes[department.code] = code
    placed.homes.add(office)
    registry.forget()  # where policies run is cached for a few seconds
    return codes


def names(response: Any) -> list[str]:
    return [row["number"] for row in response.json()["items"]]
