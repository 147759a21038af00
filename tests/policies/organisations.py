"""Organisations built as an administrator would, through the ORM (no importer):
阳光物业, a property company whose two offices each run P4 (property-office)."""

from __future__ import annotations

from tousu.org.models import Organisation, Unit
from tousu.policies import registry
from tousu.policies.models import Policy

# The departments of one property-management office, by the policy department each plays (P4.3).
DEPARTMENTS = {
    "wy_customer_service": ("客服部", "customer_service"),
    "wy_engineering": ("工程部", "operations"),
    "wy_cleaning": ("环境部", "operations"),
    "wy_security": ("秩序维护部", "operations"),
    "wy_office": ("管理处办公室", "management_office"),
}


def sunshine(without: tuple[str, ...] = ()) -> Organisation:
    """阳光物业: a property company whose two offices each run P4 with their own departments
    (office B without the departments in `without`), built as an administrator would."""
    company = Organisation.objects.create(code="sunshine", name="阳光物业", kind="property_company")
    root = Unit.objects.create(organisation=company, code="sunshine", name="阳光物业", kind="organisation")
    offices = []
    for letter, name in (("a", "阳光花园管理处"), ("b", "阳光城管理处")):
        office = Unit.objects.create(
            organisation=company, code=f"sunshine_{letter}", name=name, kind="office", parent=root
        )
        offices.append(office)
        for function, (unit_name, kind) in DEPARTMENTS.items():
            if letter == "b" and function in without:
                continue
            code = f"{letter}_{function.removeprefix('wy_')}"
            Unit.objects.create(
                organisation=company, code=code, name=unit_name, kind=kind, parent=office, function=function
            )
    policy = Policy.objects.get(name="property-office")
    policy.organisation = company
    policy.save(update_fields=["organisation"])
    policy.homes.set(offices)
    registry.forget()
    return company
