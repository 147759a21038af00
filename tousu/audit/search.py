"""Reading the access log: the auditor's filters, one place for the desk page and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field

from tousu.audit.models import AccessEntry
from tousu.cases.errors import Forbidden
from tousu.cases.vocab import Role
from tousu.org.positions import holds_any

READERS = frozenset({Role.AUDITOR})


def may_read(user: Any) -> bool:
    return holds_any(user, READERS)


def check_reader(user: Any) -> None:
    if not may_read(user):
        raise Forbidden(_("The access log is for auditors."))


class LogFilters(BaseModel):
    user: str | None = Field(default=None, description="Username")
    number: str | None = Field(default=None, description="Tracking number")
    action: str | None = Field(default=None, description="view, reveal, export, print, denied, break_glass …")
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    limit: int = Field(default=100, ge=1, le=1000)


def entries(filters: LogFilters) -> QuerySet[AccessEntry]:
    qs = AccessEntry.objects.all()
    if filters.user:
        qs = qs.filter(username=filters.user)
    if filters.number:
        qs = qs.filter(number=filters.number.strip().upper())
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.since:
        qs = qs.filter(at__gte=filters.since)
    if filters.until:
        qs = qs.filter(at__lt=filters.until)
    return qs[: filters.limit]
