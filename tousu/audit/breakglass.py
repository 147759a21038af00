"""Break-glass: an administrator (or auditor) may read case contents only after opening
a time-limited access with a reason; the opening is written to the access log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.cases.errors import InvalidInput

DEFAULT_MINUTES = 60
MIN_REASON = 10


def open_access(user: Any, reason: str, minutes: int = DEFAULT_MINUTES) -> Any:
    from tousu.audit import log
    from tousu.audit.models import BreakGlass

    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise InvalidInput(_("Give a reason of at least %(n)d characters.") % {"n": MIN_REASON})
    grant = BreakGlass.objects.create(
        user=user, reason=reason, expires_at=timezone.now() + dt.timedelta(minutes=minutes)
    )
    log.record(user, log.BREAK_GLASS, reason=reason, minutes=minutes)
    return grant


def has_break_glass(user: Any) -> bool:
    from tousu.audit.models import BreakGlass

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return BreakGlass.objects.filter(user_id=user.pk, expires_at__gt=timezone.now()).exists()
