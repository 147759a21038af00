"""Reading cases: filtered lists with keyset pagination, worklists, overdue lists.

Every filter comes through `CaseFilters` (an allow-list), never from request data
passed straight to the ORM. Orderings match the composite indexes on Complaint.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from pydantic import BaseModel, Field, field_validator

from tousu.cases import personal
from tousu.cases.errors import InvalidInput, NotFound
from tousu.cases.models import Complaint
from tousu.org.lookup import department_by_code

Ordering = Literal["received", "due"]


CASE_RELATIONS = (
    "department",
    "assignee__staff",
    "received_by__staff",
    "policy_version",
    "merged_into",
)
# The policy version's YAML and spec are large; the spec comes from the per-process cache.
HEAVY_POLICY_COLUMNS = ("policy_version__source", "policy_version__spec")


def case_rows() -> QuerySet[Complaint]:
    """Cases with the relations a case page or answer needs, without the policy's text."""
    return Complaint.objects.select_related(*CASE_RELATIONS).defer(*HEAVY_POLICY_COLUMNS)


def complaint_by_number(number: str) -> Complaint:
    """Any case by number, for the system and the command line. Requests made by a user
    go through `tousu.cases.scope.visible_case` instead."""
    try:
        # .get(), not .first(): .first() adds ORDER BY id, and SQLite may then walk the
        # table in id order instead of using the unique index on the number.
        return case_rows().get(number=number)
    except Complaint.DoesNotExist:
        raise NotFound(gettext("No case with this tracking number.")) from None


MAX_UTC_OFFSET = dt.timedelta(hours=14)  # Kiribati's, the widest in use


class CaseFilters(BaseModel):
    """The allow-list of filters a request may set (the API's query parameters)."""

    state: list[str] | None = None
    policy: str | None = None
    department: str | None = Field(default=None, description="Department code")
    assignee: str | None = Field(default=None, description="Username")
    received_by: str | None = Field(default=None, description="Username of the first receiver")
    category: str | None = None
    kind: str | None = None
    channel: str | None = None
    open: bool | None = None
    overdue: bool | None = None
    due_before: dt.datetime | None = Field(default=None, description="Open cases due before this time")
    received_after: dt.datetime | None = None
    received_before: dt.datetime | None = None
    phone: str | None = None
    # No free-text filter here: words go to tousu.search.service.search_cases (the index),
    # which takes these filters as its scope. A substring scan of the cases table is no
    # filter for 1,000,000 cases.

    @field_validator("due_before", "received_after", "received_before")
    @classmethod
    def _in_utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        """A time with an offset no place on earth uses (PostgreSQL refuses beyond ±15:59)
        or outside the calendar once in UTC is bad input (422), not a server error.
        Found by the OpenAPI fuzz test on PostgreSQL."""
        if value is None or value.tzinfo is None:
            return value
        offset = value.utcoffset()
        if offset is None or abs(offset) > MAX_UTC_OFFSET:
            raise ValueError(gettext("Not a valid time zone offset."))
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise ValueError(gettext("The time is out of range.")) from None


# `is_open__in=[True]`, not `is_open=True`: Django writes the latter as a bare column
# (WHERE "is_open" AND …), which SQLite cannot match to the (…, is_open, next_due_at)
# indexes; it then scans the table and sorts. `IN (?)` is an equality it can use.
OPEN = [True]


def filtered(
    filters: CaseFilters,
    now: dt.datetime | None = None,
    base: QuerySet[Complaint] | None = None,
    *,
    viewer: Any = None,
) -> QuerySet[Complaint]:
    """`base` (the user's scope, tousu.cases.scope) narrowed by the filters. `viewer` is
    the user asking (None: the system): a filter by the complainant's phone finds a
    confidential reporter only for their need-to-know list (P2.11)."""
    qs = base if base is not None else Complaint.objects.all()
    f = filters
    if f.state:
        qs = qs.filter(state__in=f.state)
    if f.policy:
        qs = qs.filter(policy_name=f.policy)
    if f.department:
        # By id, not by a join on the code: the worklist index starts with department_id.
        department = department_by_code(f.department)
        qs = qs.filter(department_id=department.pk) if department else qs.none()
    if f.assignee:
        qs = qs.filter(assignee__username=f.assignee)
    if f.received_by:
        qs = qs.filter(received_by__username=f.received_by)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.open is not None:
        qs = qs.filter(is_open__in=[f.open])
    if f.overdue:
        qs = qs.filter(is_open__in=OPEN, next_due_at__lt=now or timezone.now())
    elif f.overdue is False:
        qs = qs.exclude(is_open__in=OPEN, next_due_at__lt=now or timezone.now())
    if f.due_before:
        qs = qs.filter(is_open__in=OPEN, next_due_at__lt=f.due_before)
    if f.received_after:
        qs = qs.filter(received_at__gte=f.received_after)
    if f.received_before:
        qs = qs.filter(received_at__lt=f.received_before)
    if f.phone:
        qs = qs.filter(Q(complainant_phone=f.phone) | Q(complainant_alt_phone=f.phone))
        qs = personal.identity_searchable(viewer, qs)
    return qs


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None


def _encode(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def _bad_cursor() -> InvalidInput:
    message = gettext("This page cursor is not valid; start again from the first page.")
    return InvalidInput(message, details={"cursor": [message]})


def _at(position: dict[str, Any]) -> dt.datetime:
    value = parse_datetime(str(position.get("at", "")))
    if value is None:
        raise _bad_cursor()
    return value


def _id(position: dict[str, Any]) -> int:
    value = position.get("id")
    if not isinstance(value, int):
        raise _bad_cursor()
    return value


def _decode(cursor: str) -> dict[str, Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded))
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise _bad_cursor()
    return payload


def _get(row: Any, name: str) -> Any:
    """A column of a list row: a model instance, or a dict from .values() (cheaper)."""
    return row[name] if isinstance(row, dict) else getattr(row, name)


def page(qs: QuerySet[Any], ordering: Ordering, cursor: str | None, limit: int) -> Page:
    """Keyset pagination: stable while cases are added, and as fast on page 1,000 as on page 1.
    `qs` may be of Complaint objects or of `.values()` dicts that include `id`."""
    position = _decode(cursor) if cursor else None
    if ordering == "received":
        return _page_by_received(qs, position, limit)
    return _page_by_due(qs, position, limit)


def _page_by_received(qs: QuerySet[Any], position: dict[str, Any] | None, limit: int) -> Page:
    if position:
        at = _at(position)
        qs = qs.filter(Q(received_at__lt=at) | Q(received_at=at, id__lt=_id(position)))
    rows = list(qs.order_by("-received_at", "-id")[: limit + 1])
    if len(rows) <= limit:
        return Page(rows, None)
    last = rows[limit - 1]
    return Page(rows[:limit], _encode({"at": _get(last, "received_at").isoformat(), "id": _get(last, "id")}))


def _page_by_due(qs: QuerySet[Any], position: dict[str, Any] | None, limit: int) -> Page:
    """Two phases: cases with a running clock by due time (an index range scan), then the
    ones without, by id. Avoids a NULLS LAST sort that SQLite cannot take from an index."""
    due_rows: list[Any] = []
    if position is None or position.get("phase", "due") == "due":
        due_qs = qs.filter(next_due_at__isnull=False)
        if position:
            at = _at(position)
            due_qs = due_qs.filter(Q(next_due_at__gt=at) | Q(next_due_at=at, id__gt=_id(position)))
        due_rows = list(due_qs.order_by("next_due_at", "id")[: limit + 1])
        if len(due_rows) > limit:
            last = due_rows[limit - 1]
            last_due = _get(last, "next_due_at").isoformat()
            return Page(due_rows[:limit], _encode({"phase": "due", "at": last_due, "id": _get(last, "id")}))
        position = None
    rest_qs = qs.filter(next_due_at__isnull=True)
    if position:
        rest_qs = rest_qs.filter(id__gt=_id(position))
    combined = due_rows + list(rest_qs.order_by("id")[: limit - len(due_rows) + 1])
    if len(combined) <= limit:
        return Page(combined, None)
    last = combined[limit - 1]
    # If the page ends on a due-phase case, the rest phase starts from its beginning.
    last_rest_id = _get(last, "id") if _get(last, "next_due_at") is None else 0
    return Page(combined[:limit], _encode({"phase": "rest", "id": last_rest_id}))
