"""`tousu org import`: organisations, their units and their people from a YAML file, or
from a staff list saved from Excel as CSV (docs/access.md).

An import is idempotent: organisations and units are matched by code, people by
username; what exists is updated, what is missing is created, nothing is deleted unless
`prune` says the file is the whole truth for the organisations it names. It runs in one
transaction, so it applies entirely or not at all, and every problem names the file, the
line (the CSV row) and the field, in the user's language.

Units created by loading a preset (an organisation named after the policy) are adopted:
a unit whose code exists moves under its new parent and organisation, unless cases were
registered in it — those stay in the books of the organisation that received them.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.cases.models import Complaint, Handoff
from tousu.cases.vocab import Duty, OrganisationKind, Role, UnitKind
from tousu.org.areas import expand
from tousu.org.models import Deputy, Organisation, Position, Staff, Unit
from tousu.policies.loader import Problem
from tousu.policies.models import Policy

CODE = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")
USERNAME = re.compile(r"^[\w.@+-]{1,150}$")
UNITS_HEADER = ("organisation", "code", "name", "kind", "parent", "function", "aliases")
STAFF_HEADER = ("username", "name", "phone", "role", "unit", "title", "duties", "area")
# Administrators and auditors hold no place in a procedure, so they need no unit.
WITHOUT_UNIT = {Role.ADMINISTRATOR.value, Role.AUDITOR.value}
SEPARATORS = re.compile(r"[,，、;；]+")
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --- what a file says ----------------------------------------------------------------


@dataclass
class UnitIn:
    code: str
    name: str
    kind: str
    organisation: str
    parent: str | None
    line: int | None
    function: str = ""
    aliases: str = ""


@dataclass
class PolicyIn:
    name: str
    homes: list[str]
    line: int | None


@dataclass
class OrganisationIn:
    code: str
    line: int | None
    name: str | None = None  # None: keep it, or name a new one after its root unit
    kind: str | None = None
    policies: list[PolicyIn] = field(default_factory=list)


@dataclass
class PositionIn:
    role: str
    unit: str | None
    line: int | None
    title: str = ""
    duties: list[str] = field(default_factory=list)
    area: str = ""


@dataclass
class CoverIn:
    user: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    line: int | None
    reason: str = ""


@dataclass
class PersonIn:
    username: str
    line: int | None
    name: str | None = None  # None: not in the file, keep what is stored
    phone: str | None = None
    aliases: str | None = None
    email: str | None = None
    password: str | None = None
    positions: list[PositionIn] = field(default_factory=list)
    acting_for: list[CoverIn] = field(default_factory=list)


@dataclass
class Document:
    file: str
    organisations: list[OrganisationIn] = field(default_factory=list)
    units: list[UnitIn] = field(default_factory=list)
    people: list[PersonIn] = field(default_factory=list)


class OrgFileError(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class _Problems:
    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []

    def add(self, line: int | None, where: str, message: str) -> None:
        self.items.append(Problem(self.file, line, where, message))

    def raise_any(self) -> None:
        if self.items:
            raise OrgFileError(self.items)


# --- reading -------------------------------------------------------------------------


def read(path: str | Path) -> Document:
    """A YAML or CSV organisation file, by its extension."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise OrgFileError(
            [Problem(str(path), None, "", _("Cannot read the file: %(error)s") % {"error": error.strerror})]
        ) from None
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_yaml(_decode(data, str(path)), str(path))
    if suffix == ".csv":
        return read_csv(_decode(data, str(path)), str(path))
    raise OrgFileError([Problem(str(path), None, "", _("Unknown file type: use .yaml, .yml or .csv."))])


def _decode(data: bytes, file: str) -> str:
    """UTF-8 with or without a byte-order mark, else GB18030 (Excel's "CSV" on a Chinese
    Windows saves in the ANSI code page, GBK, which GB18030 contains)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise OrgFileError([Problem(file, None, "", _("The file is neither UTF-8 nor GB18030 text."))]) from None


def read_yaml(text: str, file: str = "<organisations>") -> Document:
    problems = _Problems(file)
    try:
        root = yaml.compose(text, Loader=_YamlLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        message = _("Not valid YAML: %(error)s") % {"error": getattr(error, "problem", None) or error}
        raise OrgFileError([Problem(file, mark.line + 1 if mark else None, "", message)]) from None
    doc = Document(file)
    top = _mapping(root, "", {"organisations", "people"}, problems) if root is not None else None
    if top is None:
        problems.add(1, "", _("The file must be a mapping with `organisations` and/or `people`."))
        problems.raise_any()
        return doc
    for node in _sequence(top.get("organisations"), "organisations", problems):
        _yaml_organisation(node, doc, problems)
    for node in _sequence(top.get("people"), "people", problems):
        _yaml_person(node, doc, problems)
    problems.raise_any()
    check(doc)
    return doc


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _mapping(node: yaml.Node, where: str, allowed: set[str], problems: _Problems) -> dict[str, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        problems.add(_line(node), where, _("Expected a mapping of fields."))
        return None
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        name = str(key.value)
        if name not in allowed:
            fields = ", ".join(sorted(allowed))
            problems.add(_line(key), name, _("Unknown field; expected one of: %(fields)s.") % {"fields": fields})
        else:
            out[name] = value
    return out


def _is_null(node: yaml.Node | None) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"))


def _sequence(node: yaml.Node | None, where: str, problems: _Problems) -> list[yaml.Node]:
    if _is_null(node):
        return []
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if node is not None:
        problems.add(_line(node), where, _("Expected a list."))
    return []


def _text(node: yaml.Node | None, where: str, problems: _Problems) -> str | None:
    """A scalar as written (no YAML typing: a phone keeps its leading zero); None if absent."""
    if node is None:
        return None
    if _is_null(node):
        return ""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value).strip()
    problems.add(_line(node), where, _("Expected text."))
    return ""


def _words(node: yaml.Node | None, where: str, problems: _Problems) -> list[str] | None:
    """A list written either as a YAML list or as "a, b" text."""
    if isinstance(node, yaml.SequenceNode):
        return [t for t in (_text(n, where, problems) for n in node.value) if t]
    text = _text(node, where, problems)
    return None if text is None else split(text)


def split(text: str) -> list[str]:
    return [part.strip() for part in SEPARATORS.split(text or "") if part.strip()]


def _when(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _yaml_organisation(node: yaml.Node, doc: Document, problems: _Problems) -> None:
    fields = _mapping(node, "organisations", {"code", "name", "kind", "units", "policies"}, problems)
    if fields is None:
        return
    code = _text(fields.get("code"), "code", problems) or ""
    org = OrganisationIn(
        code,
        _line(node),
        name=_text(fields.get("name"), "name", problems) or None,
        kind=_text(fields.get("kind"), "kind", problems) or None,
    )
    doc.organisations.append(org)
    for child in _sequence(fields.get("units"), "units", problems):
        _yaml_unit(child, code, None, doc, problems)
    for item in _sequence(fields.get("policies"), "policies", problems):
        placed = _mapping(item, "policies", {"name", "homes"}, problems)
        if placed is not None:
            homes = _words(placed.get("homes"), "homes", problems) or []
            org.policies.append(PolicyIn(_text(placed.get("name"), "name", problems) or "", homes, _line(item)))


def _yaml_unit(node: yaml.Node, organisation: str, parent: str | None, doc: Document, problems: _Problems) -> None:
    allowed = {"code", "name", "kind", "function", "aliases", "units"}
    fields = _mapping(node, "units", allowed, problems)
    if fields is None:
        return
    code = _text(fields.get("code"), "code", problems) or ""
    default_kind = UnitKind.ORGANISATION if parent is None else UnitKind.OTHER
    unit = UnitIn(
        code=code,
        name=_text(fields.get("name"), "name", problems) or "",
        kind=_text(fields.get("kind"), "kind", problems) or default_kind,
        organisation=organisation,
        parent=parent,
        line=_line(node),
        function=_text(fields.get("function"), "function", problems) or "",
        aliases=",".join(_words(fields.get("aliases"), "aliases", problems) or []),
    )
    doc.units.append(unit)
    for child in _sequence(fields.get("units"), "units", problems):
        _yaml_unit(child, organisation, code, doc, problems)


def _yaml_person(node: yaml.Node, doc: Document, problems: _Problems) -> None:
    allowed = {"username", "name", "phone", "aliases", "email", "password", "positions", "acting_for"}
    fields = _mapping(node, "people", allowed, problems)
    if fields is None:
        return
    aliases = _words(fields.get("aliases"), "aliases", problems)
    person = PersonIn(
        username=_text(fields.get("username"), "username", problems) or "",
        line=_line(node),
        name=_text(fields.get("name"), "name", problems),
        phone=_text(fields.get("phone"), "phone", problems),
        aliases=None if aliases is None else ",".join(aliases),
        email=_text(fields.get("email"), "email", problems),
        password=_text(fields.get("password"), "password", problems) or None,
    )
    doc.people.append(person)
    for item in _sequence(fields.get("positions"), "positions", problems):
        held = _mapping(item, "positions", {"role", "unit", "title", "duties", "area"}, problems)
        if held is None:
            continue
        area = _words(held.get("area"), "area", problems) or []
        person.positions.append(
            PositionIn(
                role=_text(held.get("role"), "role", problems) or "",
                unit=_text(held.get("unit"), "unit", problems) or None,
                line=_line(item),
                title=_text(held.get("title"), "title", problems) or "",
                duties=_words(held.get("duties"), "duties", problems) or [],
                area=",".join(area),
            )
        )
    for item in _sequence(fields.get("acting_for"), "acting_for", problems):
        cover = _mapping(item, "acting_for", {"user", "from", "until", "reason"}, problems)
        if cover is None:
            continue
        starts, ends = _text(cover.get("from"), "from", problems), _text(cover.get("until"), "until", problems)
        line = _line(item)
        for name, text in (("from", starts), ("until", ends)):
            if _when(text) is None:
                problems.add(line, name, _("Not a date and time: write it as 2026-12-01T08:00:00+08:00."))
        person.acting_for.append(
            CoverIn(
                user=_text(cover.get("user"), "user", problems) or "",
                starts_at=_when(starts),
                ends_at=_when(ends),
                line=line,
                reason=_text(cover.get("reason"), "reason", problems) or "",
            )
        )


def read_csv(text: str, file: str = "<staff.csv>") -> Document:
    """A units file or a staff file, told apart by the header."""
    rows = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(rows, [])]
    problems = _Problems(file)
    wanted: tuple[str, ...]
    required: tuple[str, ...]
    if "username" in header:
        wanted, required = STAFF_HEADER, ("username", "role")
    elif "code" in header and "organisation" in header:
        wanted, required = UNITS_HEADER, ("organisation", "code", "name")
    else:
        message = _("Not an organisation file: the header must be “%(units)s” or “%(staff)s”.") % {
            "units": ",".join(UNITS_HEADER),
            "staff": ",".join(STAFF_HEADER),
        }
        raise OrgFileError([Problem(file, 1, "", message)])
    for column in header:
        if column not in wanted:
            problems.add(1, column, _("Unknown column; expected: %(columns)s.") % {"columns": ",".join(wanted)})
    for column in required:
        if column not in header:
            problems.add(1, column, _("This column is missing."))
    problems.raise_any()
    doc = Document(file)
    people: dict[str, PersonIn] = {}
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}
        if wanted is UNITS_HEADER:
            _csv_unit(cells, rows.line_num, doc)
        else:
            _csv_position(cells, rows.line_num, doc, people, problems)
    problems.raise_any()
    check(doc)
    return doc


def _csv_unit(cells: dict[str, str], line: int, doc: Document) -> None:
    organisation = cells.get("organisation", "")
    if organisation and all(o.code != organisation for o in doc.organisations):
        doc.organisations.append(OrganisationIn(organisation, line))
    parent = cells.get("parent") or None
    doc.units.append(
        UnitIn(
            code=cells.get("code", ""),
            name=cells.get("name", ""),
            kind=cells.get("kind") or (UnitKind.ORGANISATION if parent is None else UnitKind.OTHER),
            organisation=organisation,
            parent=parent,
            line=line,
            function=cells.get("function", ""),
            aliases=",".join(split(cells.get("aliases", ""))),
        )
    )


def _csv_position(
    cells: dict[str, str], line: int, doc: Document, people: dict[str, PersonIn], problems: _Problems
) -> None:
    username = cells.get("username", "")
    person = people.get(username)
    if person is None:
        person = people[username] = PersonIn(username, line)
        doc.people.append(person)
    for name in ("name", "phone"):
        value = cells.get(name) or None
        known = getattr(person, name)
        if value is not None and known is not None and value != known:
            problems.add(
                line, name, _("Differs from an earlier row of the same person (line %(line)s).") % {"line": person.line}
            )
        elif value is not None:
            setattr(person, name, value)
    person.positions.append(
        PositionIn(
            role=cells.get("role", ""),
            unit=cells.get("unit") or None,
            line=line,
            title=cells.get("title", ""),
            duties=split(cells.get("duties", "")),
            area=cells.get("area", ""),
        )
    )


# --- checking ------------------------------------------------------------------------


def check(doc: Document) -> None:
    """Every value valid and every reference found, in the file or the database."""
    problems = _Problems(doc.file)
    add = problems.add
    first_line: dict[tuple[str, str], int | None] = {}

    def once(kind: str, code: str, line: int | None, where: str) -> None:
        if (kind, code) in first_line:
            add(
                line,
                where,
                _("“%(code)s” appears twice (first on line %(line)s).")
                % {"code": code, "line": first_line[kind, code]},
            )
        else:
            first_line[kind, code] = line

    def choice(value: str, choices: Iterable[str], line: int | None, where: str) -> None:
        allowed = list(choices)
        if value not in allowed:
            add(
                line,
                where,
                _("“%(value)s” is not one of: %(choices)s.") % {"value": value, "choices": ", ".join(allowed)},
            )

    def code_ok(value: str, line: int | None, where: str) -> bool:
        if not value:
            add(line, where, _("This field is required."))
            return False
        if not CODE.match(value):
            add(line, where, _("A code is up to 64 letters, digits, - and _."))
            return False
        return True

    def length(value: str | None, limit: int, line: int | None, where: str) -> None:
        if value and len(value) > limit:
            add(line, where, _("At most %(limit)s characters.") % {"limit": limit})

    for org in doc.organisations:
        if code_ok(org.code, org.line, "code"):
            once("organisation", org.code, org.line, "code")
        if org.kind is not None:
            choice(org.kind, OrganisationKind.values, org.line, "kind")
        length(org.name, 200, org.line, "name")
    file_units = {u.code: u for u in doc.units}
    stored = _stored_units({u.parent for u in doc.units if u.parent} | _unit_references(doc))
    for unit in doc.units:
        if code_ok(unit.code, unit.line, "code"):
            once("unit", unit.code, unit.line, "code")
        if not unit.name:
            add(unit.line, "name", _("This field is required."))
        length(unit.name, 100, unit.line, "name")
        length(unit.aliases, 200, unit.line, "aliases")
        choice(unit.kind, UnitKind.values, unit.line, "kind")
        if unit.function:
            code_ok(unit.function, unit.line, "function")
        if not unit.organisation or not CODE.match(unit.organisation):
            code_ok(unit.organisation, unit.line, "organisation")
        if unit.parent:
            parent_org = file_units[unit.parent].organisation if unit.parent in file_units else stored.get(unit.parent)
            if parent_org is None:
                add(unit.line, "parent", _("No unit with this code in the file or the database."))
            elif parent_org != unit.organisation:
                add(unit.line, "parent", _("The parent belongs to another organisation."))
    placed: set[str] = set()
    known_policies = set(
        Policy.objects.filter(name__in=[p.name for o in doc.organisations for p in o.policies]).values_list(
            "name", flat=True
        )
    )
    for org in doc.organisations:
        for policy in org.policies:
            if policy.name not in known_policies:
                add(policy.line, "name", _("No such policy: load it first (tousu policy load)."))
            if policy.name in placed:
                add(policy.line, "name", _("A policy belongs to one organisation only."))
            placed.add(policy.name)
            if not policy.homes:
                add(policy.line, "homes", _("Name the units the policy runs in."))
            for home in policy.homes:
                home_org = file_units[home].organisation if home in file_units else stored.get(home)
                if home_org != org.code:
                    add(policy.line, "homes", _("“%(code)s” is not a unit of this organisation.") % {"code": home})
    usernames = {p.username for p in doc.people}
    stored_users = set(
        get_user_model().objects.filter(username__in=_user_references(doc)).values_list("username", flat=True)
    )
    for person in doc.people:
        line = person.line
        if not person.username:
            add(line, "username", _("This field is required."))
        elif not USERNAME.match(person.username):
            add(line, "username", _("A username is up to 150 letters, digits and @ . + - _."))
        else:
            once("person", person.username, line, "username")
        length(person.name, 100, line, "name")
        length(person.phone, 32, line, "phone")
        length(person.aliases, 200, line, "aliases")
        if person.email:
            try:
                validate_email(person.email)
            except ValidationError as error:
                add(line, "email", " ".join(error.messages))
        if person.password:
            try:
                validate_password(person.password)
            except ValidationError as error:
                add(line, "password", " ".join(error.messages))
        held: set[tuple[str, str | None]] = set()
        for position in person.positions:
            choice(position.role, Role.values, position.line, "role")
            if position.unit is None and position.role not in WITHOUT_UNIT:
                add(position.line, "unit", _("This role needs a unit."))
            elif position.unit is not None and position.unit not in file_units and position.unit not in stored:
                add(position.line, "unit", _("No unit with this code in the file or the database."))
            for duty in position.duties:
                choice(duty, Duty.values, position.line, "duties")
            length(position.title, 100, position.line, "title")
            area = ",".join(expand(position.area))
            length(area, 500, position.line, "area")
            if (position.role, position.unit) in held:
                add(position.line, "role", _("The same position is listed twice for this person."))
            held.add((position.role, position.unit))
        for cover in person.acting_for:
            if cover.user == person.username:
                add(cover.line, "user", _("A person cannot act for themselves."))
            elif cover.user not in usernames and cover.user not in stored_users:
                add(cover.line, "user", _("No such person in the file or the database."))
            if cover.starts_at and cover.ends_at and cover.ends_at <= cover.starts_at:
                add(cover.line, "until", _("The end must come after the start."))
    problems.raise_any()


def _unit_references(doc: Document) -> set[str]:
    homes = {home for org in doc.organisations for policy in org.policies for home in policy.homes}
    return homes | {p.unit for person in doc.people for p in person.positions if p.unit}


def _user_references(doc: Document) -> set[str]:
    return {c.user for person in doc.people for c in person.acting_for}


def _stored_units(codes: set[str]) -> dict[str, str]:
    """Unit code → its organisation's code, for stored units."""
    rows = Unit.objects.filter(code__in=codes).values_list("code", "organisation__code")
    return dict(rows)


# --- applying ------------------------------------------------------------------------

KINDS = ("organisations", "units", "policies", "people", "positions", "cover")


@dataclass
class Outcome:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    passwords: list[tuple[str, str]] = field(default_factory=list)  # (username, password), shown once
    new_users: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def import_file(path: str | Path, *, prune: bool = False, password_hash: str | None = None) -> Outcome:
    return apply(read(path), prune=prune, password_hash=password_hash)


def apply(doc: Document, *, prune: bool = False, password_hash: str | None = None) -> Outcome:
    """Write what the file says, in one transaction. `password_hash` is the stored form of
    the password new accounts get when the file gives none (the demo's one password);
    without it each new account gets a random one, returned once in `passwords`."""
    from tousu.org import lookup
    from tousu.policies import registry

    outcome = Outcome()
    try:
        with transaction.atomic():
            writer = _Writer(doc, outcome)
            writer.organisations()
            writer.units()
            writer.policies()
            writer.problems.raise_any()  # cases never change organisation
            writer.people(password_hash)
            if prune:
                writer.prune()
            writer.emptied(prune)
    finally:
        lookup.forget()
        registry.forget()
    _check_homes(doc, outcome)
    return outcome


def _save_changes(obj: Any, values: dict[str, Any]) -> bool:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def _count(outcome: Outcome, kind: str, created: bool, changed: bool) -> None:
    (outcome.created if created else outcome.updated if changed else outcome.unchanged)[kind] += 1


class _Writer:
    def __init__(self, doc: Document, outcome: Outcome):
        self.doc = doc
        self.out = outcome
        self.orgs: dict[str, Organisation] = {}
        self.unit_of: dict[str, Unit] = {}
        self.lost: set[int] = set()  # organisations the file took units or policies from
        self.problems = _Problems(doc.file)

    def organisations(self) -> None:
        existing = {o.code: o for o in Organisation.objects.filter(code__in=[o.code for o in self.doc.organisations])}
        for row in self.doc.organisations:
            org = existing.get(row.code)
            if org is None:
                org = Organisation.objects.create(
                    code=row.code, name=row.name or self._root_name(row.code), kind=row.kind or OrganisationKind.OTHER
                )
                _count(self.out, "organisations", True, False)
            else:
                values = {"name": row.name, "kind": row.kind}
                changed = _save_changes(org, {k: v for k, v in values.items() if v is not None})
                _count(self.out, "organisations", False, changed)
            self.orgs[row.code] = org

    def _root_name(self, code: str) -> str:
        mine = [u for u in self.doc.units if u.organisation == code]
        root = next((u for u in mine if u.code == code), None) or next((u for u in mine if u.parent is None), None)
        return root.name if root is not None else code

    def units(self) -> None:
        rows = _parents_first(self.doc.units)
        listed = {u.code for u in rows}
        stored = list(Unit.objects.values_list("pk", "code", "parent_id"))
        children: dict[int | None, list[tuple[int, str]]] = {}
        for pk, code, parent_id in stored:
            children.setdefault(parent_id, []).append((pk, code))
        codes = {u.code for u in rows} | {u.parent for u in rows if u.parent}
        existing = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        for row in rows:
            org = self.orgs[row.organisation]
            parent = self.unit_of.get(row.parent or "") or existing.get(row.parent or "")
            values = {
                "name": row.name,
                "kind": row.kind,
                "function": row.function,
                "aliases": row.aliases,
                "parent": parent,
                "organisation": org,
            }
            unit = existing.get(row.code)
            if unit is None:
                unit = Unit.objects.create(code=row.code, **values)
                _count(self.out, "units", True, False)
            else:
                if unit.organisation_id != org.pk:
                    self._move(unit, row, org, _unlisted_below(unit.pk, children, listed))
                _count(self.out, "units", False, _save_changes(unit, values))
            self.unit_of[row.code] = unit
        self._no_cycles()

    def _move(self, unit: Unit, row: UnitIn, org: Organisation, below: list[int]) -> None:
        """Adopt a unit (and what is under it that the file does not place) into another
        organisation; refused when cases were registered in it: they stay where they were."""
        moving = [unit.pk, *below]
        if _has_cases(moving):
            message = _("Unit “%(code)s” has cases: it cannot move to another organisation.") % {"code": unit.code}
            self.problems.add(row.line, "code", message)
            return
        self.lost.add(unit.organisation_id)
        Unit.objects.filter(pk__in=below).update(organisation=org)

    def _no_cycles(self) -> None:
        parents = dict(Unit.objects.values_list("pk", "parent_id"))
        for row in self.doc.units:
            seen: set[int] = set()
            current: int | None = self.unit_of[row.code].pk
            while current is not None:
                if current in seen:
                    self.problems.add(row.line, "parent", _("A unit cannot be placed under itself."))
                    break
                seen.add(current)
                current = parents.get(current)

    def policies(self) -> None:
        for row in self.doc.organisations:
            org = self.orgs[row.code]
            for placed in row.policies:
                policy = Policy.objects.get(name=placed.name)
                if policy.organisation_id != org.pk:
                    elsewhere = Complaint.objects.filter(policy_name=policy.name).exclude(organisation_id=org.pk)
                    if elsewhere.exists():
                        message = _("Policy “%(name)s” has cases: it cannot move to another organisation.")
                        self.problems.add(placed.line, "name", message % {"name": policy.name})
                        continue
                    if policy.organisation_id is not None:
                        self.lost.add(policy.organisation_id)
                homes = {self.unit_of[h].pk if h in self.unit_of else Unit.objects.get(code=h).pk for h in placed.homes}
                before = set(policy.homes.values_list("pk", flat=True))
                changed = _save_changes(policy, {"organisation_id": org.pk})
                if before != homes:
                    policy.homes.set(homes)
                    changed = True
                _count(self.out, "policies", False, changed)

    def people(self, password_hash: str | None) -> None:
        User = get_user_model()
        usernames = [p.username for p in self.doc.people] + [c.user for p in self.doc.people for c in p.acting_for]
        users = {u.username: u for u in User.objects.filter(username__in=usernames)}
        for person in self.doc.people:
            user = users.get(person.username)
            administrator = any(p.role == Role.ADMINISTRATOR for p in person.positions)
            given = {"email": person.email, "first_name": person.name[:150] if person.name is not None else None}
            account: dict[str, Any] = {name: value for name, value in given.items() if value is not None}
            if administrator:
                account |= {"is_staff": True, "is_superuser": True}
            created = user is None
            if user is None:
                password = person.password
                if password is None and password_hash is None:
                    password = secrets.token_urlsafe(9)
                    self.out.passwords.append((person.username, password))
                hashed = make_password(password) if password is not None else str(password_hash)
                user = User.objects.create(username=person.username, password=hashed, **account)
                users[person.username] = user
                self.out.new_users.append(person.username)
                changed = True
            else:
                changed = _save_changes(user, account)
            values = {
                name: value
                for name, value in (("display_name", person.name), ("phone", person.phone), ("aliases", person.aliases))
                if value is not None
            }
            staff = Staff.objects.filter(user=user).first()
            if staff is None:
                Staff.objects.create(user=user, **{"display_name": person.username, **values})
                changed = True
            else:
                changed = _save_changes(staff, values) or changed
            _count(self.out, "people", created, changed)
            self._positions(user, person)
        for person in self.doc.people:
            self._cover(users, person)

    def _positions(self, user: Any, person: PersonIn) -> None:
        held = {
            (p.role, p.unit.code if p.unit else None): p
            for p in Position.objects.filter(user=user).select_related("unit")
        }
        for row in person.positions:
            values = {"title": row.title, "duties": ",".join(row.duties), "area": ",".join(expand(row.area))}
            position = held.get((row.role, row.unit))
            if position is None:
                unit = self.unit_of.get(row.unit) if row.unit else None
                if row.unit and unit is None:
                    unit = Unit.objects.get(code=row.unit)
                Position.objects.create(user=user, role=row.role, unit=unit, **values)
                _count(self.out, "positions", True, False)
            else:
                _count(self.out, "positions", False, _save_changes(position, values))

    def _cover(self, users: dict[str, Any], person: PersonIn) -> None:
        user = users[person.username]
        for row in person.acting_for:
            if row.starts_at is None or row.ends_at is None:
                continue  # reported when the file was read
            for_user = users.get(row.user) or get_user_model().objects.get(username=row.user)
            found = Deputy.objects.filter(user=user, for_user=for_user, starts_at=row.starts_at).first()
            if found is None:
                Deputy.objects.create(
                    user=user, for_user=for_user, starts_at=row.starts_at, ends_at=row.ends_at, reason=row.reason
                )
                _count(self.out, "cover", True, False)
            else:
                _count(self.out, "cover", False, _save_changes(found, {"ends_at": row.ends_at, "reason": row.reason}))

    def prune(self) -> None:
        """The file is the whole truth for its organisations: positions, cover and units
        of theirs it does not list go (a unit that cases refer to stays, with a warning)."""
        org_ids = [o.pk for o in self.orgs.values()]
        wanted = {(p.username, row.role, row.unit) for p in self.doc.people for row in p.positions}
        for position in Position.objects.filter(unit__organisation_id__in=org_ids).select_related("user", "unit"):
            if (position.user.username, position.role, position.unit.code if position.unit else None) not in wanted:
                position.delete()
                self.out.deleted["positions"] += 1
        cover = {(p.username, c.user, c.starts_at) for p in self.doc.people for c in p.acting_for}
        listed = [p.username for p in self.doc.people]
        for deputy in Deputy.objects.filter(user__username__in=listed).select_related("user", "for_user"):
            if (deputy.user.username, deputy.for_user.username, deputy.starts_at) not in cover:
                deputy.delete()
                self.out.deleted["cover"] += 1
        stale = Unit.objects.filter(organisation_id__in=org_ids).exclude(code__in=list(self.unit_of))
        self._delete_units(list(stale.values_list("pk", flat=True)))

    def _delete_units(self, ids: list[int]) -> None:
        """Delete these units, children first, except those something still refers to
        (and the units above those, and above any unit that stays)."""
        parents = dict(Unit.objects.values_list("pk", "parent_id"))
        kept = _in_use(ids)
        while True:
            staying = {pk for pk in parents if pk not in ids or pk in kept}
            more = {parents[pk] for pk in staying if parents[pk] in ids and parents[pk] not in kept}
            if not more:
                break
            kept |= more
        names = dict(Unit.objects.filter(pk__in=kept).values_list("pk", "code"))
        for pk in sorted(kept):
            message = _("Unit “%(code)s” is not in the file but cases, policies or people refer to it: kept.")
            self.out.warnings.append(message % {"code": names[pk]})
        doomed = [pk for pk in ids if pk not in kept]
        while doomed:
            leaves = [pk for pk in doomed if not any(parents.get(other) == pk for other in doomed)]
            Unit.objects.filter(pk__in=leaves).delete()
            self.out.deleted["units"] += len(leaves)
            doomed = [pk for pk in doomed if pk not in leaves]

    def emptied(self, prune: bool) -> None:
        """An organisation the file took everything from (a preset's placeholder, adopted)
        is deleted by `prune` once it runs no policy and nothing refers to its units."""
        for org in Organisation.objects.filter(pk__in=self.lost).exclude(pk__in=[o.pk for o in self.orgs.values()]):
            if Policy.objects.filter(organisation=org).exists():
                continue
            ids = list(Unit.objects.filter(organisation=org).values_list("pk", flat=True))
            if _in_use(ids):
                continue
            if not prune:
                message = _("Organisation “%(code)s” runs no policy any more; --prune deletes it.")
                self.out.warnings.append(message % {"code": org.code})
                continue
            self._delete_units(ids)
            org.delete()
            self.out.deleted["organisations"] += 1


def _parents_first(rows: list[UnitIn]) -> list[UnitIn]:
    """Units in an order where each parent named in the file comes before its children."""
    by_code = {u.code: u for u in rows}
    done: set[str] = set()
    out: list[UnitIn] = []

    def visit(unit: UnitIn, path: set[str]) -> None:
        if unit.code in done or unit.code in path:
            return
        parent = by_code.get(unit.parent or "")
        if parent is not None:
            visit(parent, path | {unit.code})
        done.add(unit.code)
        out.append(unit)

    for unit in rows:
        visit(unit, set())
    return out


def _unlisted_below(pk: int, children: dict[int | None, list[tuple[int, str]]], listed: set[str]) -> list[int]:
    """The units under `pk` that the file does not place itself: they move with it."""
    out: list[int] = []
    todo = [pk]
    while todo:
        for child, code in children.get(todo.pop(), []):
            if code not in listed and child not in out:
                out.append(child)
                todo.append(child)
    return out


def _has_cases(unit_ids: list[int]) -> bool:
    return Complaint.objects.filter(
        Q(department_id__in=unit_ids) | Q(home_id__in=unit_ids) | Q(received_in_id__in=unit_ids)
    ).exists()


def _in_use(unit_ids: list[int]) -> set[int]:
    """The units that cases, hand-offs, positions or policies (as homes) refer to."""
    used: set[int] = set()
    for name in ("department_id", "home_id", "received_in_id", "reported_unit_id"):
        used |= set(Complaint.objects.filter(**{f"{name}__in": unit_ids}).values_list(name, flat=True))
    used |= set(Handoff.objects.filter(to_unit_id__in=unit_ids).values_list("to_unit_id", flat=True))
    used |= set(Position.objects.filter(unit_id__in=unit_ids).values_list("unit_id", flat=True))
    used |= set(Policy.homes.through.objects.filter(unit_id__in=unit_ids).values_list("unit_id", flat=True))
    return used


def _check_homes(doc: Document, outcome: Outcome) -> None:
    """Warn where a policy placed by the file cannot route to one of its departments
    within one of its homes (that office has no unit playing it, or only another
    office's would be used)."""
    from tousu.org import tree as org_tree
    from tousu.policies import registry

    tree = org_tree.current()
    for org in doc.organisations:
        for placed in org.policies:
            spec = registry.current_spec(placed.name)
            if spec is None:
                continue
            homes = [tree.by_code[h] for h in placed.homes if h in tree.by_code]
            for home in homes:
                for department in spec.departments:
                    found = tree.resolve(department.code, home)
                    other = found is not None and any(tree.within(found, h) for h in homes if h != home)
                    if found is None or other:
                        message = _("Policy “%(policy)s”: no unit in “%(home)s” plays its department “%(code)s”.")
                        values = {"policy": placed.name, "home": tree.nodes[home].code, "code": department.code}
                        outcome.warnings.append(message % values)
