"""Reference data: policies, departments, staff, the working-day calendar."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from tousu.api.schemas import ErrorOut
from tousu.cases import directory
from tousu.cases.errors import InvalidInput, NotFound
from tousu.org.models import Position, Unit
from tousu.policies.models import Policy
from tousu.policies.registry import UnknownPolicy, current_version_id, spec_of_version
from tousu.workcal.models import CalendarDay, CalendarYear

router = Router()


class PolicyOut(Schema):
    name: str
    title: str
    version: int | None


class PolicyDetail(PolicyOut):
    spec: dict[str, Any]
    source: str


class DepartmentOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    organisation: str
    function: str


class PositionOut(Schema):
    role: str
    unit: str | None
    title: str
    duties: list[str]


class StaffOut(Schema):
    username: str
    display_name: str
    role: str = Field(description="The role of the first position")
    department: str | None = Field(description="The unit of the first position")
    active: bool
    positions: list[PositionOut]


class CalendarDayOut(Schema):
    date: dt.date
    is_workday: bool
    name: str


class CalendarOut(Schema):
    year: int
    official: bool
    source: str
    days: list[CalendarDayOut]


@router.get("/policies", response=list[PolicyOut], summary="Policies")
def policies(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"name": p.name, "title": p.title, "version": p.current.number if p.current else None}
        for p in Policy.objects.select_related("current").order_by("name")
    ]


@router.get("/policies/{name}", response={200: PolicyDetail, 404: ErrorOut}, summary="A policy's current version")
def policy(request: HttpRequest, name: str) -> dict[str, Any]:
    found = Policy.objects.select_related("current").filter(name=name).first()
    if found is None or found.current is None:
        raise NotFound(_("No such policy."))
    spec = spec_of_version(found.current.pk)
    return {
        "name": found.name,
        "title": found.title,
        "version": found.current.number,
        "spec": spec.model_dump(mode="json"),
        "source": found.current.source,
    }


def _organisations(request: HttpRequest) -> set[int]:
    """The organisations the user works in: reference data never crosses their boundary."""
    return directory.organisations_of(request.user)


@router.get("/departments", response=list[DepartmentOut], summary="Units of my organisations")
def departments(request: HttpRequest) -> list[dict[str, Any]]:
    rows = Unit.objects.select_related("parent", "organisation").filter(organisation_id__in=_organisations(request))
    return [
        {
            "code": d.code,
            "name": d.name,
            "kind": d.kind,
            "parent": d.parent.code if d.parent else None,
            "organisation": d.organisation.code,
            "function": d.plays,
        }
        for d in rows.order_by("code")
    ]


@router.get("/staff", response=list[StaffOut], summary="Staff of my organisations, with their positions")
def staff(request: HttpRequest) -> list[dict[str, Any]]:
    held = Position.objects.select_related("user", "user__staff", "unit").filter(
        unit__organisation_id__in=_organisations(request)
    )
    people: dict[int, dict[str, Any]] = {}
    for p in held.order_by("user__username", "id"):
        name = p.user.staff.display_name if hasattr(p.user, "staff") else p.user.username
        person = people.setdefault(
            p.user_id,
            {
                "username": p.user.username,
                "display_name": name,
                "role": p.role,
                "department": p.unit.code if p.unit else None,
                "active": p.user.is_active,
                "positions": [],
            },
        )
        person["positions"].append(
            {"role": p.role, "unit": p.unit.code if p.unit else None, "title": p.title, "duties": p.duty_set}
        )
    return list(people.values())


class MentionsQuery(Schema):
    text: str = Field(max_length=20000, description="The content and the subject as typed")
    policy: str | None = Field(default=None, max_length=64, description="The policy registering under")


class MentionOut(Schema):
    kind: str = Field(description="person or unit")
    code: str = Field(description="Username or unit code: send it as reported_person / reported_unit")
    name: str
    found: str = Field(description="The words of the text that named them")
    unit: str = Field(description="For a person: where they work")


@router.get(
    "/directory/mentions",
    response={200: list[MentionOut], 422: ErrorOut},
    summary="Staff and units named in a report's text (to confirm the reported party, P2.11)",
)
def directory_mentions(request: HttpRequest, query: Query[MentionsQuery]) -> list[dict[str, str]]:
    """Names and other names of the staff and units of my organisations, and of the
    organisations the policy hands cases off to, found in `text` (the content and the
    subject as typed). Nothing of any other organisation."""
    spec = None
    if query.policy:
        try:
            spec = spec_of_version(current_version_id(query.policy))
        except UnknownPolicy:
            raise InvalidInput(_("No such policy."), details={"policy": [_("No such policy.")]}) from None
    return [m.as_dict() for m in directory.mentions(request.user, spec, query.text)]


@router.get("/calendar/{year}", response=CalendarOut, summary="Holidays and adjusted working days of a year")
def calendar(request: HttpRequest, year: int) -> dict[str, Any]:
    known = CalendarYear.objects.filter(year=year).first()
    days = CalendarDay.objects.filter(year=year).order_by("date")
    return {
        "year": year,
        "official": known is not None,
        "source": known.source if known else "",
        "days": [{"date": d.date, "is_workday": d.is_workday, "name": d.name} for d in days],
    }
