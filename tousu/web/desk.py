"""Who is at the desk: the signed-in user's staff record, role and department, read once
per request, and the policy their department works under."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from tousu.cases.lifecycle import INTAKE
from tousu.cases.vocab import Role
from tousu.org.models import Department, Staff
from tousu.policies.models import Policy
from tousu.policies.registry import current_version_id, spec_of_version
from tousu.policies.schema import Policy as PolicySpec

# Roles that see the oversight views (P4.5.3 department heads; managers for major cases).
OVERSEERS = frozenset({Role.DEPARTMENT_HEAD, Role.COMPLAINT_MANAGER, Role.EXECUTIVE})


@dataclass
class Desk:
    user: User
    staff: Staff | None

    @property
    def role(self) -> Role | None:
        return Role(self.staff.role) if self.staff else None

    @property
    def role_label(self) -> str:
        return str(self.role.label) if self.role else ""

    @property
    def display_name(self) -> str:
        return self.staff.display_name if self.staff else self.user.get_username()

    @property
    def department(self) -> Department | None:
        return self.staff.department if self.staff else None

    @property
    def can_register(self) -> bool:
        return self.role in INTAKE or self.role == Role.HANDLER

    @property
    def oversees(self) -> bool:
        return self.role in OVERSEERS

    @cached_property
    def policies(self) -> list[PolicySpec]:
        """Every policy's current version (cached specs; one small query)."""
        return [spec_of_version(current_version_id(name)) for name in policy_names()]

    @cached_property
    def home_policy(self) -> PolicySpec | None:
        """The policy whose departments include mine: the default for registration and filters."""
        code = self.department.code if self.department else None
        for spec in self.policies:
            if code and any(d.code == code for d in spec.departments):
                return spec
        return self.policies[0] if self.policies else None


def policy_names() -> list[str]:
    return list(Policy.objects.order_by("name").values_list("name", flat=True))


def desk_of(request: HttpRequest) -> Desk:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied  # desk views are wrapped in login_required
    staff = Staff.objects.select_related("department").filter(user=user).first()
    if staff is not None:
        user.staff = staff  # the domain's role check reads user.staff: no second query
    return Desk(user=user, staff=staff)
