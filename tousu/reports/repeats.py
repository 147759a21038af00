"""Repeat complainants and repeat units: the same phone number or the same unit with two
or more cases in the period (P1.5 problems that keep coming back, P5.5 recurrence).

Computed from the case's phone and unit fields; anonymous and confidential reporters are
left out (P2.11), and phone numbers are shown masked.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from tousu.reports.scope import Scope

LIST_LIMIT = 20


@dataclass(frozen=True)
class Repeat:
    key: str  # a masked phone number, or a unit
    cases: int


@dataclass
class Repeats:
    complainants: int  # distinct phones with 2+ cases
    complainant_cases: int  # the cases they brought
    units: int
    unit_cases: int
    top_complainants: list[Repeat]
    top_units: list[Repeat]


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    keep = 3 if len(digits) >= 11 else 2
    return digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]


def repeats(scope: Scope) -> Repeats:
    base = scope.cases().filter(anonymous=False, confidential=False)
    phones = list(
        base.exclude(complainant_phone="")
        .values("complainant_phone")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .order_by("-n", "complainant_phone")
        .values_list("complainant_phone", "n")
    )
    units = list(
        base.exclude(complainant_unit="")
        .values("complainant_unit")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .order_by("-n", "complainant_unit")
        .values_list("complainant_unit", "n")
    )
    return Repeats(
        complainants=len(phones),
        complainant_cases=sum(n for _, n in phones),
        units=len(units),
        unit_cases=sum(n for _, n in units),
        top_complainants=[Repeat(mask_phone(p), n) for p, n in phones[:LIST_LIMIT]],
        top_units=[Repeat(u, n) for u, n in units[:LIST_LIMIT]],
    )
