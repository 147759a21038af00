"""Reference data: policies, departments, staff, the working-day calendar."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from tousu.api.schemas import ErrorOut
from tousu.cases.errors import NotFound
from tousu.org.models import Department, Staff
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


class StaffOut(Schema):
    username: str
    display_name: str
    role: str
    department: str | None
    active: bool


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


@router.get("/departments", response=list[DepartmentOut], summary="Departments")
def departments(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"code": d.code, "name": d.name, "kind": d.kind, "parent": d.parent.code if d.parent else None}
        for d in Department.objects.select_related("parent").order_by("code")
    ]


@router.get("/staff", response=list[StaffOut], summary="Staff")
def staff(request: HttpRequest) -> list[dict[str, Any]]:
    rows = Staff.objects.select_related("user", "department").order_by("user__username")
    return [
        {
            "username": s.user.username,
            "display_name": s.display_name,
            "role": s.role,
            "department": s.department.code if s.department else None,
            "active": s.user.is_active,
        }
        for s in rows
    ]


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
