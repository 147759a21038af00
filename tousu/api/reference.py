"""Reference data: policies, departments, staff, the working-day calendar."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from tousu.api.schemas import ErrorOut
from tousu.cases.errors import NotFound
from tousu.org import tree as org_tree
from tousu.org.models import Position, Unit
from tousu.org.positions import units_of
from tousu.policies.models import Policy
from tousu.policies.registry import spec_of_version
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
    tree = org_tree.current()
    return {tree.nodes[u].organisation_id for u in units_of(request.user) if u in tree.nodes}


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
