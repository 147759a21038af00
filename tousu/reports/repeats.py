"""Repeat complainants and repeat units: the same phone number or the same unit with two
or more cases in the period (P1.5 problems that keep coming back, P5.5 recurrence).

Computed from the case's phone and unit fields; anonymous and confidential reporters are
left out (P2.11), and phone numbers are shown masked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tousu.cases.personal import mask_phone
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


def repeats(scope: Scope) -> Repeats:
    # One pass over the period's cases, counted in Python: cheaper than two GROUP BYs
    # (each a sort of 100,000 strings) in a large month.
    rows = (
        scope.cases().filter(anonymous=False, confidential=False).values_list("complainant_phone", "complainant_unit")
    )
    by_phone: Counter[str] = Counter()
    by_unit: Counter[str] = Counter()
    for phone, unit in rows:
        if phone:
            by_phone[phone] += 1
        if unit:
            by_unit[unit] += 1
    phones = sorted(((p, n) for p, n in by_phone.items() if n >= 2), key=lambda item: (-item[1], item[0]))
    units = sorted(((u, n) for u, n in by_unit.items() if n >= 2), key=lambda item: (-item[1], item[0]))
    return Repeats(
        complainants=len(phones),
        complainant_cases=sum(n for _, n in phones),
        units=len(units),
        unit_cases=sum(n for _, n in units),
        top_complainants=[Repeat(mask_phone(p), n) for p, n in phones[:LIST_LIMIT]],
        top_units=[Repeat(u, n) for u, n in units[:LIST_LIMIT]],
    )
