"""Open311 GeoReport v2 in the terms of a Tousu policy (https://wiki.open311.org/GeoReport_v2/).

A jurisdiction is a policy; a service is one of its categories; a service request is a
case, its `service_request_id` the tracking number. Filing goes through
`tousu.cases.intake.register`, as from every other channel.

Who reads which requests (P2.11, docs/channels.md): without an api_key, only a policy that
declares `public_listing` is listed, never its reports, and only status, service, agency
and dates. A key holder reads those and the cases their positions see
(`tousu.cases.scope`), the latter with what was written and where; a confidential
reporter's identity is cut out of those texts for everyone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tousu.cases import intake, personal, scope
from tousu.cases.actions import Actor
from tousu.cases.errors import DomainError
from tousu.cases.models import Complaint, Event
from tousu.cases.vocab import Channel, EquipmentStage, EquipmentType, Kind, Region, State
from tousu.channels.fields import equipment_of
from tousu.org import tree as org_tree
from tousu.policies.registry import UnknownPolicy, current_version_id, placement, spec_of_version
from tousu.policies.schema import Category
from tousu.policies.schema import Policy as PolicySpec

# Registration fields that standard Open311 request fields already carry.
STANDARD = {"content", "complainant_name", "complainant_phone", "complainant_email", "location", "category"}
# Fields with a fixed vocabulary: offered as a singlevaluelist attribute.
CHOICES = {"equipment_type": EquipmentType, "equipment_stage": EquipmentStage, "region": Region}
# Standard request fields with no case field of their own: kept in the case's `extra`.
EXTRA_FIELDS = ("lat", "long", "address_id", "device_id", "account_id", "media_url")
# The office a request goes to, when the policy runs in several (attribute[office]).
OFFICE = "office"
MAX_LIST = 1000
DEFAULT_DAYS = 90
CJK = re.compile(r"[\u3400-\u9fff]")


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def unknown_jurisdiction() -> Open311Error:
    # One answer for a jurisdiction that does not exist and one not listed publicly.
    return Open311Error(404, _("jurisdiction_id not found"))


def policy_for(jurisdiction_id: str) -> PolicySpec:
    if not jurisdiction_id:
        raise Open311Error(400, _("jurisdiction_id was not provided"))
    try:
        return spec_of_version(current_version_id(jurisdiction_id))
    except UnknownPolicy:
        raise unknown_jurisdiction() from None


def offices(spec: PolicySpec) -> list[tuple[str, str]]:
    """(code, name) of each office the policy runs in, when it runs in several."""
    _, homes = placement(spec.name)
    if len(homes) < 2:
        return []
    tree = org_tree.current()
    return sorted((tree.nodes[u].code, tree.nodes[u].name) for u in homes if u in tree.nodes)


def _label(category: Category) -> str:
    english = translation.get_language() == "en"
    return category.label_en if english and category.label_en else category.label


def services(spec: PolicySpec) -> list[dict[str, Any]]:
    index = spec.category_index()
    out = []
    for code, (category, ancestors) in index.items():
        path = [_label(index[a][0]) for a in ancestors]
        out.append(
            {
                "service_code": code,
                "service_name": _label(category),
                "description": " / ".join([*path, _label(category)]),
                "metadata": bool(attributes(spec, code)),
                "type": "realtime",  # the tracking number is given at once
                "keywords": ",".join(category.keywords),
                "group": path[0] if path else _label(category),
            }
        )
    return out


def attributes(spec: PolicySpec, code: str) -> list[dict[str, Any]]:
    """What the policy's registration form needs beyond the standard request fields."""
    wanted = [name for name in spec.required_fields if name not in STANDARD]
    if "equipment" in spec.classifications and "equipment_type" not in wanted:
        wanted.append("equipment_type")
    out = []
    for order, name in enumerate(wanted, start=1):
        # A category that names its equipment type (P2.3) fills it in.
        implied = name == "equipment_type" and bool(equipment_of(spec, code))
        choices = CHOICES.get(name)
        attribute: dict[str, Any] = {
            "variable": True,
            "code": name,
            "datatype": "singlevaluelist" if choices else "string",
            "required": name in spec.required_fields and not implied,
            "datatype_description": "",
            "order": order,
            "description": _field_label(name),
        }
        if choices is not None:
            attribute["values"] = [{"key": value, "name": str(label)} for value, label in choices.choices]
        out.append(attribute)
    several = offices(spec)
    if several:
        out.append(
            {
                "variable": True,
                "code": OFFICE,
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "",
                "order": len(out) + 1,
                "description": _("Office that takes the request"),
                "values": [{"key": code, "name": name} for code, name in several],
            }
        )
    return out


def _field_label(name: str) -> str:
    field = Complaint._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def definition(spec: PolicySpec, code: str) -> dict[str, Any]:
    if code not in spec.category_index():
        raise Open311Error(404, _("service_code not found"))
    return {"service_code": code, "attributes": attributes(spec, code)}


def _name(first: str, last: str) -> str:
    # Chinese names are family name first, without a space.
    if CJK.search(first + last):
        return f"{last}{first}".strip()
    return f"{first} {last}".strip()


def file_request(spec: PolicySpec, form: Mapping[str, str], attrs: Mapping[str, str], *, actor: Actor) -> Complaint:
    code = form.get("service_code", "")
    if not code:
        raise Open311Error(400, _("service_code was not provided"))
    if code not in spec.category_index():
        raise Open311Error(404, _("service_code not found"))
    has_place = form.get("lat") and form.get("long")
    if not (has_place or form.get("address_string") or form.get("address_id")):
        raise Open311Error(400, _("a location is required: lat and long, address_string or address_id"))
    channel = next((c for c in (Channel.API, Channel.WEB) if c in spec.channels), None)
    if channel is None:
        raise Open311Error(400, _("This jurisdiction takes no requests from other systems."))
    extra = {key: form.get(key, "")[:200] for key in EXTRA_FIELDS}
    payload: dict[str, Any] = {
        "policy": spec.name,
        "channel": channel.value,
        "category": code,
        "content": form.get("description", ""),
        "complainant_name": _name(form.get("first_name", ""), form.get("last_name", "")),
        "complainant_phone": form.get("phone", ""),
        "complainant_email": form.get("email", ""),
        "location": form.get("address_string", ""),
        "extra": {key: value for key, value in extra.items() if value},
    }
    equipment = equipment_of(spec, code)
    if equipment and "equipment" in spec.classifications:
        payload["equipment_type"] = equipment
    known = {a["code"] for a in attributes(spec, code)}
    for key, value in attrs.items():
        if key not in known:
            raise Open311Error(400, _("attribute %(code)s is not in the service definition") % {"code": key})
        payload["unit" if key == OFFICE else key] = value
    try:
        return intake.register(payload, actor=actor).complaint
    except DomainError as error:
        if error.code == "unit" and OFFICE not in attrs:
            # The policy runs in several offices and the key's holder works for more than one.
            choices = ", ".join(code for code, _name in offices(spec))
            message = _("This jurisdiction runs in several offices: name one with attribute[office] (%(choices)s).")
            raise Open311Error(400, message % {"choices": choices}) from None
        fields = "; ".join(f"{name}: {' '.join(map(str, msgs))}" for name, msgs in error.details.items())
        raise Open311Error(error.status if error.status != 422 else 400, f"{error.message} {fields}".strip()) from None


def _w3c(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _date(value: str, name: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Open311Error(400, _("%(name)s is not a W3C date-time") % {"name": name}) from None
    return parsed if parsed.tzinfo else timezone.make_aware(parsed)


def listed(spec: PolicySpec, user: Any) -> Q:
    """The cases of the jurisdiction a reader may list: with `public_listing`, every case
    but a report (P2.11); for a key holder, also every case their positions see."""
    public = ~Q(kind=Kind.REPORT) if spec.public_listing else scope.NOTHING
    if user is None:
        return public
    mine = scope.scope_filter(user)
    if mine is None:
        return Q()  # break-glass: the same as the desk
    return public if mine is scope.NOTHING else public | mine


def requests_of(spec: PolicySpec, params: Mapping[str, str], user: Any = None) -> QuerySet[Complaint]:
    # The latest event's time by a correlated subquery on the (complaint, seq) index, run
    # for the rows returned only (a join with GROUP BY would aggregate every match first).
    latest = Event.objects.filter(complaint=OuterRef("pk")).order_by("-seq").values("at")[:1]
    qs = Complaint.objects.filter(listed(spec, user), policy_name=spec.name).select_related("department")
    qs = qs.annotate(updated=Subquery(latest))
    ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:  # overrides every other filter (the spec says so)
        return qs.filter(number__in=ids[:MAX_LIST]).order_by("-received_at", "-pk")
    codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
    if codes:
        qs = qs.filter(category__in=codes)
    statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status must be open or closed"))
    if statuses == {"open"}:
        qs = qs.filter(is_open=True)
    elif statuses == {"closed"}:
        qs = qs.filter(is_open=False)
    end = _date(params["end_date"], "end_date") if params.get("end_date") else timezone.now()
    start = _date(params["start_date"], "start_date") if params.get("start_date") else None
    start = start or end - dt.timedelta(days=DEFAULT_DAYS)
    return qs.filter(received_at__gte=start, received_at__lte=end).order_by("-received_at", "-pk")[:MAX_LIST]


def request_view(case: Complaint, spec: PolicySpec, *, full: bool) -> dict[str, Any]:
    category = spec.category_index().get(case.category)
    extra = case.extra or {}
    # A confidential reporter never goes out by Open311, whoever holds the key (P2.11).
    cut = personal.cutter(personal.identity(case)) if case.confidential else (lambda text: text)
    return {
        "service_request_id": case.number,
        "status": "open" if case.is_open else "closed",
        "status_notes": str(State(case.state).label),
        "service_name": _label(category[0]) if category else "",
        "service_code": case.category,
        "description": cut(case.content) if full else None,
        "agency_responsible": case.department.name if case.department else "",
        "service_notice": "",
        "requested_datetime": _w3c(case.received_at),
        "updated_datetime": _w3c(getattr(case, "updated", None) or case.received_at),
        "expected_datetime": _w3c(case.next_due_at) if case.is_open else None,
        "address": cut(case.location) if full else None,
        "address_id": cut(extra.get("address_id") or "") or None if full else None,
        "zipcode": None,
        "lat": _float(extra.get("lat")) if full else None,
        "long": _float(extra.get("long")) if full else None,
        "media_url": cut(extra.get("media_url") or "") or None if full else None,
    }


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
