"""Background jobs: plain domain functions run by the embedded worker or by Celery.

    from tousu.jobs import enqueue
    enqueue("notify.deliver", delivery_id=42)   # runs after the current transaction commits

See tousu.jobs.registry for registering jobs and periodic schedules, docs/jobs.md for
the two runners.
"""

from __future__ import annotations

from typing import Any


def enqueue(name: str, /, **kwargs: Any) -> int:
    """Queue the job `name` with these keyword arguments; returns the job's id.

    Written in the caller's transaction: the job exists if and only if the caller's work
    committed. Under Celery the workers are woken after the commit."""
    from tousu.jobs.queue import submit

    return submit(name, kwargs)
