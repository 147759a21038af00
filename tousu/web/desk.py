"""Who is at the desk: the signed-in user's name and positions, read once per request,
and the policies their organisations work under."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext

from tousu.cases.vocab import Role
from tousu.improve.access import PRECEDENCE
from tousu.org import tree as org_tree
from tousu.org.models import Staff
from tousu.org.positions import Held, held_by
from tousu.policies import registry
from tousu.policies.schema import Policy as PolicySpec

# Roles that see the oversight views (P4.5.3 department heads; managers for major cases).
OVERSEERS = frozenset({Role.DEPARTMENT_HEAD, Role.COMPLAINT_MANAGER, Role.EXECUTIVE})


@dataclass
class Desk:
    user: User
    staff: Staff | None

    @cached_property
    def positions(self) -> list[Held]:
        return held_by(self.user)

    @cached_property
    def roles(self) -> frozenset[Role]:
        return frozenset(h.role for h in self.positions)

    @property
    def role(self) -> Role | None:
        """The role that may do most, for what the desk shows (one menu per person)."""
        return next((role for role in PRECEDENCE if role in self.roles), None)

    @property
    def role_label(self) -> str:
        return str(self.role.label) if self.role else ""

    @property
    def display_name(self) -> str:
        return self.staff.display_name if self.staff else self.user.get_username()

    @cached_property
    def units(self) -> list[int]:
        """The units of my case-work positions, first position first."""
        return list(dict.fromkeys(h.unit_id for h in self.positions if h.works_cases and h.unit_id is not None))

    @property
    def where(self) -> str:
        """My positions in words for the header: 客服前台 · 阳光花园管理处 客服部."""
        tree = org_tree.current()
        parts = []
        for h in self.positions:
            unit = tree.name(h.unit_id)
            job = h.title or str(h.role.label)
            acting = gettext(" (acting)") if h.acting_for else ""
            parts.append(f"{job} · {unit}{acting}" if unit else f"{job}{acting}")
        return "; ".join(dict.fromkeys(parts))

    @property
    def can_register(self) -> bool:
        return any(h.works_cases for h in self.positions)

    @property
    def oversees(self) -> bool:
        return bool(self.roles & OVERSEERS)

    @cached_property
    def organisations(self) -> set[int]:
        tree = org_tree.current()
        return {tree.nodes[u].organisation_id for u in self.units if u in tree.nodes}

    @cached_property
    def policies(self) -> list[PolicySpec]:
        """The current version of every policy my organisations run (cached specs)."""
        mine = []
        for spec in registry.current_specs():
            organisation_id, _homes = registry.placement(spec.name)
            if organisation_id in self.organisations:
                mine.append(spec)
        return mine

    @cached_property
    def home_policy(self) -> PolicySpec | None:
        """The policy running where my first position is: the default for registration
        and filters."""
        tree = org_tree.current()
        for unit in self.units:
            around = set(tree.ancestors(unit)) | set(tree.subtree(unit))
            for spec in self.policies:
                if around & registry.placement(spec.name)[1]:
                    return spec
        return self.policies[0] if self.policies else None


def desk_of(request: HttpRequest) -> Desk:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied  # desk views are wrapped in login_required
    staff = Staff.objects.filter(user=user).first()
    if staff is not None:
        user.staff = staff  # names shown from user.staff: no second query
    return Desk(user=user, staff=staff)
