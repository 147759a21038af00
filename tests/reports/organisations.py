"""Organisations for the boundary tests: the property-office preset's company running P4 in
two offices (阳光花园 and 明月苑, each with its own departments), beside the other presets'
organisations that `setup_data` loads (docs/access.md)."""

from __future__ import annotations

from dataclasses import dataclass

from tousu.org import lookup
from tousu.org import tree as org_tree
from tousu.org.models import Unit
from tousu.policies import registry
from tousu.policies.models import Policy


@dataclass
class Company:
    root: Unit  # the company: property-office
    sun: Unit  # 阳光花园管理处: the preset's departments (wy_*)
    moon: Unit  # 明月苑管理处: its own departments (my_*), playing the same functions


def two_offices() -> Company:
    """Turn the property-office preset's organisation into a company with two offices, the
    policy running in each (P4 in every office of one property company)."""
    root = Unit.objects.get(code="property-office")
    sun = Unit.objects.create(
        organisation=root.organisation, code="office_sun", name="阳光花园管理处", kind="office", parent=root
    )
    moon = Unit.objects.create(
        organisation=root.organisation, code="office_moon", name="明月苑管理处", kind="office", parent=root
    )
    departments = list(Unit.objects.filter(parent=root, code__startswith="wy_"))
    for unit in departments:
        unit.parent = sun
        unit.save(update_fields=["parent"])
        Unit.objects.create(
            organisation=root.organisation,
            code="my_" + unit.code.removeprefix("wy_"),
            name=unit.name,
            kind=unit.kind,
            parent=moon,
            function=unit.code,
        )
    Policy.objects.get(name="property-office").homes.set([sun, moon])
    registry.forget()
    lookup.forget()
    org_tree.forget()
    return Company(root, sun, moon)
