"""Repeat complainants and repeat units: the same phone number or the same unit with two
or more cases in the period (P1.5 problems that keep coming back, P5.5 recurrence).

What counts as a repeat is tousu.search.repeats' definition (the normalised phone and
place of the search index), the same the desk flags at intake; anonymous and
confidential reporters are left out there (P2.11): no repeat, no phone, not even masked.
The other phone numbers are shown masked.
"""

from __future__ import annotations

from dataclasses import dataclass

from tousu.cases.personal import mask_phone
from tousu.reports.scope import Scope
from tousu.search.repeats import repeat_counts

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
    found = repeat_counts(scope.cases())
    phones = sorted(found.phones.items(), key=lambda item: (-item[1], item[0]))
    places = sorted(found.places.items(), key=lambda item: (-item[1], found.place_labels[item[0]]))
    return Repeats(
        complainants=len(phones),
        complainant_cases=sum(n for _, n in phones),
        units=len(places),
        unit_cases=sum(n for _, n in places),
        top_complainants=[Repeat(mask_phone(p), n) for p, n in phones[:LIST_LIMIT]],
        top_units=[Repeat(found.place_labels[u], n) for u, n in places[:LIST_LIMIT]],
    )
