"""The demo organisations' departments and staff accounts, created once and reused."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from tousu.cases.vocab import Role
from tousu.core.demo.people import ADMIN, DEMO_PASSWORD, EXTRA_DEPARTMENTS, ROSTER, Member, person
from tousu.org.models import Position, Staff, Unit
from tousu.policies.models import Policy
from tousu.policies.schema import Policy as PolicySpec


@dataclass(frozen=True)
class Login:
    username: str
    name: str
    role: str
    department: str  # the department's name, "" for none
    policy: str
    title: str
    created: bool  # False: the account existed before and kept its password


def departments_of(specs: dict[str, PolicySpec]) -> dict[str, list[str]]:
    """Each policy's department codes, with the management departments the demo adds."""
    result = {name: [d.code for d in spec.departments] for name, spec in specs.items()}
    for extra in EXTRA_DEPARTMENTS:
        if extra.policy in result:
            result[extra.policy].append(extra.code)
    return result


def members(specs: dict[str, PolicySpec]) -> list[tuple[str, Member]]:
    """(policy, member) for every demo account, in the order the logins table shows them.

    Departments a preset declares but the roster does not know get a generic head, so
    every department can route and handle whatever the presets become."""
    result: list[tuple[str, Member]] = [("", ADMIN)]
    codes = departments_of(specs)
    for policy in specs:
        roster = [m for m in ROSTER.get(policy, []) if m.department in codes[policy]]
        result += [(policy, m) for m in roster]
        staffed = {m.department for m in roster}
        for code in codes[policy]:
            if code not in staffed:
                who = person(random.Random(f"demo-staff:{code}"))  # noqa: S311 - names, not secrets
                result.append((policy, Member(f"{code}_head", who.name, Role.DEPARTMENT_HEAD, code, "部门负责人")))
    return result


@transaction.atomic
def ensure_staff(specs: dict[str, PolicySpec]) -> list[Login]:
    """Create the missing management departments and accounts; existing ones are kept."""
    for extra in EXTRA_DEPARTMENTS:
        if extra.policy in specs:
            placed = Policy.objects.get(name=extra.policy)
            root = placed.homes.order_by("pk").first()
            Unit.objects.get_or_create(
                code=extra.code,
                defaults={
                    "name": extra.name,
                    "kind": extra.kind,
                    "organisation_id": placed.organisation_id,
                    "parent": root,
                },
            )
    departments = {d.code: d for d in Unit.objects.all()}
    wanted = members(specs)
    existing = set(User.objects.filter(username__in=[m.username for _, m in wanted]).values_list("username", flat=True))
    # One hash for the one demo password: hashing it per account would take ~0.3 s each.
    hashed = make_password(DEMO_PASSWORD)
    logins: list[Login] = []
    for policy, member in wanted:
        department = departments.get(member.department or "")
        if member.username not in existing:
            admin = member.role == Role.ADMINISTRATOR
            user = User.objects.create(
                username=member.username, password=hashed, is_staff=admin, is_superuser=admin, first_name=member.name
            )
            Staff.objects.create(user=user, display_name=member.name)
            Position.objects.create(user=user, role=member.role, unit=department, title=member.title)
        logins.append(
            Login(
                username=member.username,
                name=member.name,
                role=str(member.role),
                department=department.name if department else "",
                policy=policy,
                title=member.title,
                created=member.username not in existing,
            )
        )
    return logins
