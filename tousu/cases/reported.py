"""The party reported (P2.11): who a report is about, found in the directory, and the
rule that a confidential case never goes to them.

A registrar picks the reported person or unit from the directory, or types them as the
reporter said them ("特种设备检验所", "检验员韩磊"): typed names are matched against the
names and other names of the units and staff of the case's organisation. Names of staff
mentioned anywhere in the report are offered to the registrar to confirm (`mentions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from tousu.cases.errors import InvalidInput
from tousu.org import tree as org_tree
from tousu.org.models import Position, Staff

BRACKETS = re.compile(r"[（(][^）)]*[）)]")
SPLIT = re.compile(r"[,，;；、\s]+")
MIN_NAME = 2


@dataclass(frozen=True)
class Mention:
    kind: str  # "person" or "unit"
    code: str  # username or unit code
    name: str
    found: str  # the words of the text that named them
    unit: str = ""  # for a person: where they work

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "code": self.code, "name": self.name, "found": self.found, "unit": self.unit}


def _names(name: str, aliases: str) -> list[str]:
    """A name, the name without its bracketed short form, the short form, other names."""
    found = {name.strip(), BRACKETS.sub("", name).strip()}
    found |= {m.strip("（）()") for m in BRACKETS.findall(name)}
    found |= set(SPLIT.split(aliases or ""))
    return sorted((n for n in found if len(n) >= MIN_NAME), key=len, reverse=True)


def _directory(organisation_ids: set[int]) -> tuple[list[tuple[str, Mention]], list[tuple[str, Mention]]]:
    """(unit names, person names) of these organisations, each with what it stands for."""
    tree = org_tree.current()
    units: list[tuple[str, Mention]] = []
    from tousu.org.models import Unit

    unit_rows = Unit.objects.filter(organisation_id__in=organisation_ids).values_list("id", "code", "name", "aliases")
    for pk, code, name, aliases in unit_rows:
        for alias in _names(name, aliases):
            units.append((alias, Mention("unit", code, tree.path(pk) if pk in tree.nodes else name, alias)))
    persons: list[tuple[str, Mention]] = []
    positions = Position.objects.filter(unit__organisation_id__in=organisation_ids, user__is_active=True)
    seen: set[int] = set()
    for p in positions.select_related("user", "user__staff", "unit").order_by("user_id", "id"):
        if p.user_id in seen:
            continue
        seen.add(p.user_id)
        staff = getattr(p.user, "staff", None)
        name = staff.display_name if staff is not None else p.user.get_username()
        where = f"{p.unit.name} {p.title}".strip() if p.unit else p.title
        for alias in _names(name, staff.aliases if staff is not None else ""):
            persons.append((alias, Mention("person", p.user.get_username(), name, alias, where)))
    return units, persons


def mentions(text: str, organisation_ids: set[int]) -> list[Mention]:
    """Units and staff of these organisations named in `text`, longest names first."""
    units, persons = _directory(organisation_ids)
    found: dict[tuple[str, str], Mention] = {}
    for alias, mention in sorted([*persons, *units], key=lambda pair: len(pair[0]), reverse=True):
        if alias in text:
            found.setdefault((mention.kind, mention.code), mention)
    return list(found.values())


def resolve_subject(fields: dict[str, Any]) -> tuple[int | None, int | None]:
    """(unit id, user id) of the reported party named in the typed subject fields: a
    unit or a person of any organisation here (an inspector of the institute the
    regulator would hand the case to is reported as often as the regulator's own staff)."""
    tree = org_tree.current()
    everywhere = {node.organisation_id for node in tree.nodes.values()}
    person_text = (fields.get("subject_person") or "").strip()
    unit_text = " ".join(filter(None, [fields.get("subject_department"), fields.get("subject_org")])).strip()
    unit_id = user_id = None
    if person_text:
        people = [m for m in mentions(person_text, everywhere) if m.kind == "person"]
        if len(people) == 1:
            user_id = get_user_model().objects.filter(username=people[0].code).values_list("pk", flat=True).first()
    if unit_text:
        units = [m for m in mentions(unit_text, everywhere) if m.kind == "unit"]
        if units:
            # The most specific: the longest name found (特种设备安全监察科 over 特种设备).
            unit_id = tree.by_code.get(max(units, key=lambda m: len(m.found)).code)
    return unit_id, user_id


def units_of_party(complaint: Any) -> set[int]:
    """The units a case must not go to: the reported unit and everything below it, and
    every unit where the reported person holds a position."""
    tree = org_tree.current()
    units: set[int] = set()
    if complaint.reported_unit_id is not None:
        units.update(tree.subtree(complaint.reported_unit_id))
    if complaint.reported_person_id is not None:
        held = Position.objects.filter(user_id=complaint.reported_person_id).values_list("unit_id", flat=True)
        units.update(u for u in held if u is not None)
    return units


def refuse_if_reported(complaint: Any, *, unit_id: int | None = None, user_id: int | None = None, field: str) -> None:
    """P2.11: a confidential case never goes to the party reported or their department."""
    if not complaint.confidential or (complaint.reported_unit_id is None and complaint.reported_person_id is None):
        return
    party = units_of_party(complaint)
    hit = unit_id is not None and unit_id in party
    if user_id is not None:
        hit = hit or user_id == complaint.reported_person_id
        hit = hit or Position.objects.filter(user_id=user_id, unit_id__in=party).exists()
    if hit:
        message = _("A confidential report never goes to the party reported or their department (P2.11).")
        raise InvalidInput(message, code="reported_party", details={field: [message]})


def display(complaint: Any) -> str:
    """The reported party in words, for the case page."""
    tree = org_tree.current()
    parts = []
    if complaint.reported_unit_id is not None:
        parts.append(tree.path(complaint.reported_unit_id))
    if complaint.reported_person_id is not None:
        staff = Staff.objects.filter(user_id=complaint.reported_person_id).first()
        parts.append(staff.display_name if staff else "")
    return " · ".join(p for p in parts if p)
