"""Running the embedded runner in the test's own process, and small look-ups."""

from __future__ import annotations

import time

from django.contrib.auth.models import User

from tousu.jobs.runner import PeriodicFirer, run_pending
from tousu.notify.models import OutboxEvent


def drain(*, passes: int = 30, firer: PeriodicFirer | None = None) -> int:
    """Run worker passes until nothing is due; returns how many jobs ran."""
    ran = 0
    for _ in range(passes):
        outcomes = run_pending("test-worker", firer=firer)
        ran += len(outcomes)
        if not outcomes and not OutboxEvent.objects.filter(expanded_at=None).exists():
            break
    return ran


def drain_until(condition, *, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Keep the runner going (retries come due with backoff) until `condition()`."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not come true in time")
        drain(passes=3)
        time.sleep(0.05)


def with_email(username: str, address: str) -> User:
    user = User.objects.get(username=username)
    user.email = address
    user.save(update_fields=["email"])
    return user
