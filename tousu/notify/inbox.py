"""A staff member's in-app notifications: what the web desk's bell reads and marks."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from tousu.notify.models import InAppNotification


def unread_count(user: User) -> int:
    # Served by the (user, read_at, created_at) index: one range, no table rows.
    return InAppNotification.objects.filter(user=user, read_at=None).count()


def latest(
    user: User, *, unread_only: bool = False, limit: int = 20, before_id: int | None = None
) -> list[dict[str, Any]]:
    rows: QuerySet[InAppNotification] = InAppNotification.objects.filter(user=user)
    if unread_only:
        rows = rows.filter(read_at=None)
    if before_id is not None:
        rows = rows.filter(pk__lt=before_id)
    fields = ("id", "kind", "title", "body", "created_at", "read_at", "complaint__number")
    return [dict(row) for row in rows.order_by("-pk").values(*fields)[:limit]]


def mark_read(user: User, ids: list[int] | None = None) -> int:
    """Mark these (or all) of the user's notifications read; returns how many changed."""
    rows = InAppNotification.objects.filter(user=user, read_at=None)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
