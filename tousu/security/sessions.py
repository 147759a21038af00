"""Staff sessions end after an idle limit and after an absolute limit, server-side.

The times live in the session itself (stored in the database), so an expired session is
flushed on the server, not merely forgotten by the browser. Django gives a new session id
at login (`cycle_key`); logout flushes the session row.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

LOGIN_AT = "tousu_login_at"
SEEN_AT = "tousu_seen_at"
# Writing the session on every request would cost a write per page; a minute is precise enough.
SEEN_RESOLUTION = 60


@receiver(user_logged_in)
def _stamp_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


def expired(session: Any, now: float) -> bool:
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT, login_at)
    if login_at is None:
        return False
    return (
        now - login_at > settings.TOUSU_SESSION_ABSOLUTE_SECONDS or now - seen_at > settings.TOUSU_SESSION_IDLE_SECONDS
    )


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = time.time()
            if expired(session, now):
                logout(request)
            elif now - session.get(SEEN_AT, now) >= SEEN_RESOLUTION:
                session[SEEN_AT] = int(now)
        return self.get_response(request)
