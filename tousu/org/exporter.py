"""`tousu org export`: organisations, units and people in the format `tousu org import`
reads (YAML, or the two CSV files an organisation keeps in Excel), so an export read
back changes nothing."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from tousu.org.importer import STAFF_HEADER, UNITS_HEADER
from tousu.org.models import Deputy, Organisation, Position, Unit
from tousu.policies.models import Policy

# `tousu org show` lists a unit's people from its head down.
RANK = {"executive": 0, "department_head": 1, "complaint_manager": 2, "receptionist": 3, "handler": 4}


class UnknownOrganisation(LookupError):
    pass


def _organisations(code: str | None) -> list[Organisation]:
    found = list(Organisation.objects.filter(code=code) if code else Organisation.objects.order_by("code"))
    if code and not found:
        raise UnknownOrganisation(code)
    return found


def _units_in_order(org: Organisation) -> list[tuple[Unit, int]]:
    """(unit, depth), each parent before its children, siblings in the order created."""
    units = list(Unit.objects.filter(organisation=org).order_by("pk"))
    ids = {u.pk for u in units}
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id if unit.parent_id in ids else None, []).append(unit)
    out: list[tuple[Unit, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in children.get(parent, []):
            out.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return out


def compact_area(area: str) -> str:
    """Buildings "1,2,3,4,9" as people write them: "1-4,9" (what `areas.expand` reads)."""
    parts = [a for a in area.split(",") if a]
    out: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
            run.clear()

    for part in parts:
        if re.fullmatch(r"[0-9]{1,3}", part) and (not run or int(part) == run[-1] + 1):
            run.append(int(part))
            continue
        flush()
        if re.fullmatch(r"[0-9]{1,3}", part):
            run.append(int(part))
        else:
            out.append(part)
    flush()
    return ",".join(out)


def _positions(orgs: list[Organisation] | None) -> list[Position]:
    rows = Position.objects.select_related("user", "user__staff", "unit").order_by("user__username", "pk")
    if orgs is not None:
        rows = rows.filter(unit__organisation__in=orgs)
    return list(rows)


def _people(code: str | None, positions: list[Position]) -> list[Any]:
    """The people to export: those holding a position exported; with no organisation
    named, everyone with a name record, positions or not."""
    User = get_user_model()
    ids = {p.user_id for p in positions}
    query = Q(pk__in=ids) if code else Q(pk__in=ids) | Q(staff__isnull=False)
    return list(User.objects.filter(query).select_related("staff").order_by("username"))


def document(code: str | None = None) -> dict[str, Any]:
    """The organisation file of one organisation (by code) or of all."""
    orgs = _organisations(code)
    organisations = []
    for org in orgs:
        nested: dict[int, dict[str, Any]] = {}
        roots: list[dict[str, Any]] = []
        for unit, _depth in _units_in_order(org):
            entry: dict[str, Any] = {"code": unit.code, "name": unit.name, "kind": unit.kind}
            if unit.function:
                entry["function"] = unit.function
            if unit.aliases:
                entry["aliases"] = unit.aliases
            nested[unit.pk] = entry
            parent = nested.get(unit.parent_id) if unit.parent_id else None
            (parent.setdefault("units", []) if parent is not None else roots).append(entry)
        policies = [
            {"name": p.name, "homes": [u.code for u in p.homes.order_by("pk")]}
            for p in Policy.objects.filter(organisation=org).order_by("name")
        ]
        item: dict[str, Any] = {"code": org.code, "name": org.name, "kind": org.kind, "units": roots}
        if policies:
            item["policies"] = policies
        organisations.append(item)
    positions = _positions(orgs if code else None)
    held: dict[int, list[Position]] = {}
    for position in positions:
        held.setdefault(position.user_id, []).append(position)
    people = []
    for user in _people(code, positions):
        staff = getattr(user, "staff", None)
        person: dict[str, Any] = {"username": user.username, "name": staff.display_name if staff else user.username}
        for name, value in (("phone", staff.phone if staff else ""), ("aliases", staff.aliases if staff else "")):
            if value:
                person[name] = value
        if user.email:
            person["email"] = user.email
        person["positions"] = [_position(p) for p in held.get(user.pk, [])]
        cover = Deputy.objects.filter(user=user).select_related("for_user").order_by("starts_at")
        if cover:
            person["acting_for"] = [
                {
                    "user": d.for_user.username,
                    "from": timezone.localtime(d.starts_at).isoformat(),
                    "until": timezone.localtime(d.ends_at).isoformat(),
                    **({"reason": d.reason} if d.reason else {}),
                }
                for d in cover
            ]
        people.append(person)
    return {"organisations": organisations, "people": people}


def _position(p: Position) -> dict[str, Any]:
    out: dict[str, Any] = {"role": p.role}
    if p.unit is not None:
        out["unit"] = p.unit.code
    for name, value in (("title", p.title), ("duties", p.duties), ("area", compact_area(p.area))):
        if value:
            out[name] = value
    return out


def to_yaml(code: str | None = None) -> str:
    return yaml.safe_dump(document(code), allow_unicode=True, sort_keys=False, default_flow_style=None, width=120)


def units_csv(code: str | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(UNITS_HEADER)
    for org in _organisations(code):
        for unit, _depth in _units_in_order(org):
            parent = unit.parent.code if unit.parent is not None and unit.parent.organisation_id == org.pk else ""
            writer.writerow([org.code, unit.code, unit.name, unit.kind, parent, unit.function, unit.aliases])
    return out.getvalue()


def staff_csv(code: str | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STAFF_HEADER)
    orgs = _organisations(code)
    for p in _positions(orgs if code else None):
        staff = getattr(p.user, "staff", None)
        name, phone = (staff.display_name, staff.phone) if staff else (p.user.username, "")
        unit = p.unit.code if p.unit else ""
        writer.writerow([p.user.username, name, phone, p.role, unit, p.title, p.duties, compact_area(p.area)])
    return out.getvalue()


def outline(code: str | None = None) -> list[str]:
    """`tousu org show`: each organisation's tree with the positions held in each unit
    (CODE: an organisation, or a unit and what is under it)."""
    from django.utils.translation import gettext as _

    from tousu.cases.vocab import Duty

    unit = Unit.objects.filter(code=code).select_related("organisation").first() if code else None
    orgs = [unit.organisation] if unit is not None else _organisations(code)
    held: dict[int | None, list[Position]] = {}
    for position in _positions(orgs):
        held.setdefault(position.unit_id, []).append(position)
    homes: dict[int, list[str]] = {}
    for policy in Policy.objects.filter(organisation__in=orgs).prefetch_related("homes"):
        for home in policy.homes.all():
            homes.setdefault(home.pk, []).append(policy.name)
    lines: list[str] = []
    for org in orgs:
        lines.append(f"{org.name}  [{org.code}]  {org.get_kind_display()}")
        inside: set[int] | None = None
        for each, depth in _units_in_order(org):
            if unit is not None and inside is None and each.pk != unit.pk:
                continue
            inside = inside if inside is not None else set()
            if unit is not None and each.pk != unit.pk and each.parent_id not in inside:
                continue
            inside.add(each.pk)
            pad = "  " * (depth + 1)
            runs = _("runs %(policies)s") % {"policies": ", ".join(homes[each.pk])} if each.pk in homes else ""
            plays = f" = {each.function}" if each.function else ""
            lines.append(f"{pad}{each.name}  [{each.code}{plays}]  {each.get_kind_display()}  {runs}".rstrip())
            for p in sorted(held.get(each.pk, []), key=lambda p: (RANK.get(p.role, len(RANK)), p.user.username)):
                staff = getattr(p.user, "staff", None)
                name = staff.display_name if staff else p.user.username
                duties = "、".join(str(Duty(d).label) for d in p.duties.split(",") if d in Duty.values)
                parts = [
                    f"{name} ({p.user.username})",
                    str(p.get_role_display()),
                    p.title,
                    duties,
                    compact_area(p.area),
                ]
                lines.append(f"{pad}  - " + " · ".join(part for part in parts if part))
    return lines
