"""Quiet hours for SMS to complainants: nothing is sent then; it waits until they end."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tousu.notify.models import QuietHours

DEFAULT = (dt.time(21, 0), dt.time(8, 0))


def window() -> tuple[dt.time, dt.time] | None:
    row = QuietHours.objects.order_by("pk").first()
    if row is None:
        return DEFAULT
    return (row.start, row.end) if row.active else None


def quiet_until(now: dt.datetime | None = None) -> dt.datetime | None:
    """If `now` is within quiet hours, when they end (aware); else None."""
    span = window()
    if span is None:
        return None
    start, end = span
    local = timezone.localtime(now or timezone.now())
    moment = local.time()
    if start == end:
        return None
    if start < end:  # e.g. 12:00-14:00
        inside = start <= moment < end
    else:  # over midnight, e.g. 21:00-08:00
        inside = moment >= start or moment < end
    if not inside:
        return None
    day = local.date() if moment < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=local.tzinfo)
