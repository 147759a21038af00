"""Which cases a report is about: received in a period, under a policy, in a department,
in a unit's subtree (an office, a company, a group: the roll-up along the tree).

Every figure starts from `Scope.cases()`, so a number on a page and the list of cases it
drills down to are the same rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from tousu.cases.models import Complaint
from tousu.cases.scope import scope_filter, visible_cases
from tousu.org import tree as org_tree
from tousu.org.lookup import department_by_code
from tousu.policies.registry import UnknownPolicy, current_version_id, spec_of_version
from tousu.policies.schema import Policy as PolicySpec
from tousu.reports.period import Period


@dataclass(frozen=True)
class Scope:
    period: Period
    policy: str | None = None
    department: str | None = None  # department code
    # A unit code: the cases whose office (`home`) or department lies in its subtree, so
    # an office's figures roll up into its company's and the company's into its group's.
    unit: str | None = None
    # States, clocks and callbacks are read as they are at generation time; a clock still
    # running past its due time at `as_of` counts as late.
    as_of: dt.datetime = field(default_factory=timezone.now)
    # The user asking (web desk, API): figures count only the cases in their scope
    # (tousu.cases.scope). None for the scheduled organisation-wide reports.
    viewer: Any = field(default=None, compare=False)

    def cases(self) -> QuerySet[Complaint]:
        # policy_name + received_at: the complaint_policy index; else complaint_received.
        qs = Complaint.objects.filter(received_at__gte=self.period.start, received_at__lt=self.period.end)
        if self.policy:
            qs = qs.filter(policy_name=self.policy)
        if self.department:
            department = department_by_code(self.department)
            qs = qs.filter(department_id=department.pk) if department else qs.none()
        if self.unit:
            qs = qs.filter(self._in_unit(""))
        if self.viewer is not None:
            qs = visible_cases(self.viewer, qs)
        return qs

    def _in_unit(self, prefix: str) -> Q:
        unit = department_by_code(self.unit or "")
        if unit is None:
            return Q(pk__in=[])
        below = org_tree.current().subtree(unit.pk)
        return Q(**{f"{prefix}home_id__in": below}) | Q(**{f"{prefix}department_id__in": below})

    def of_cases(self, prefix: str = "complaint") -> Q:
        """The same scope as a filter on a model related to the case (clocks, events): one
        join driven by the case's received_at index, not an IN (subquery) plus a join."""
        q = Q(**{f"{prefix}__received_at__gte": self.period.start, f"{prefix}__received_at__lt": self.period.end})
        if self.policy:
            q &= Q(**{f"{prefix}__policy_name": self.policy})
        if self.department:
            department = department_by_code(self.department)
            q &= Q(**{f"{prefix}__department_id": department.pk if department else -1})
        if self.unit:
            q &= self._in_unit(f"{prefix}__")
        if self.viewer is not None:
            visible = scope_filter(self.viewer, f"{prefix}__")
            if visible is not None:
                q &= visible
        return q

    def with_period(self, period: Period) -> Scope:
        return replace(self, period=period)

    @cached_property
    def spec(self) -> PolicySpec | None:
        if not self.policy:
            return None
        try:
            return spec_of_version(current_version_id(self.policy))
        except UnknownPolicy:
            return None


def policy_specs(policy: str | None) -> dict[str, PolicySpec]:
    """The current spec of the scope's policy, or of every policy."""
    from tousu.policies.models import Policy

    names = [policy] if policy else list(Policy.objects.order_by("name").values_list("name", flat=True))
    out = {}
    for name in names:
        try:
            out[name] = spec_of_version(current_version_id(name))
        except UnknownPolicy:
            continue
    return out
