"""/api/v1/notifications: the bell (unread count, list, mark read) and the staff member's
choice of notices. Thin shells around tousu.notify.inbox and tousu.notify.prefs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from tousu.api.schemas import ERRORS
from tousu.cases.errors import InvalidInput
from tousu.notify import inbox, prefs
from tousu.notify.models import Channel, Kind

router = Router()


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    number: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class ListQuery(Schema):
    unread: bool = False
    limit: int = Field(default=20, ge=1, le=100)
    before: int | None = Field(default=None, description="Page: notifications older than this id")


class UnreadOut(Schema):
    unread: int


class MarkIn(Schema):
    ids: list[int] | None = Field(default=None, description="Notification ids; none: all")


class MarkedOut(Schema):
    marked: int
    unread: int


class PreferenceItem(Schema):
    kind: str
    channel: str
    enabled: bool


class PreferenceOut(PreferenceItem):
    kind_label: str
    channel_label: str


@router.get("", response=list[NotificationOut], summary="My notifications, newest first")
def notifications(request: HttpRequest, query: Query[ListQuery]) -> list[dict[str, Any]]:
    rows = inbox.latest(request.user, unread_only=query.unread, limit=query.limit, before_id=query.before)  # type: ignore[arg-type]
    return [{**row, "number": row.pop("complaint__number")} for row in rows]


@router.get("/unread-count", response=UnreadOut, summary="How many are unread (the bell's badge)")
def unread(request: HttpRequest) -> dict[str, int]:
    return {"unread": inbox.unread_count(request.user)}  # type: ignore[arg-type]


@router.post("/read", response=MarkedOut, summary="Mark notifications read")
def mark_read(request: HttpRequest, payload: MarkIn) -> dict[str, int]:
    marked = inbox.mark_read(request.user, payload.ids)  # type: ignore[arg-type]
    return {"marked": marked, "unread": inbox.unread_count(request.user)}  # type: ignore[arg-type]


def _preferences(request: HttpRequest) -> list[dict[str, Any]]:
    chosen = prefs.choices_of(request.user)  # type: ignore[arg-type]
    return [
        {
            "kind": kind,
            "channel": channel,
            "enabled": enabled,
            "kind_label": str(Kind(kind).label),
            "channel_label": str(Channel(channel).label),
        }
        for (kind, channel), enabled in chosen.items()
    ]


@router.get("/preferences", response=list[PreferenceOut], summary="Which notices I get, on which channel")
def preferences(request: HttpRequest) -> list[dict[str, Any]]:
    return _preferences(request)


@router.put("/preferences", response={200: list[PreferenceOut], **ERRORS}, summary="Choose which notices I get")
def choose(request: HttpRequest, payload: list[PreferenceItem]) -> list[dict[str, Any]]:
    for item in payload:
        try:
            prefs.choose(request.user, item.kind, item.channel, item.enabled)  # type: ignore[arg-type]
        except ValueError:
            message = _("Unknown notice or channel.")
            raise InvalidInput(message, details={f"{item.kind}/{item.channel}": [message]}) from None
    return _preferences(request)
