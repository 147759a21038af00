"""Putting jobs in the table and waking whichever runner serves it."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tousu.jobs import registry
from tousu.jobs.models import Job, JobState

log = logging.getLogger(__name__)


def submit(
    name: str,
    kwargs: dict[str, Any],
    *,
    run_at: dt.datetime | None = None,
    unique_key: str | None = None,
    pending_key: str | None = None,
) -> int:
    """Queue a job; returns its id. With `unique_key` (ever) or `pending_key` (while one
    is queued) a second submit returns the existing job's id instead of adding one.

    The row is written in the caller's transaction; runners are woken after it commits."""
    spec = registry.get(name)  # an unknown name fails here, in the caller, not in a worker
    run_at = run_at or timezone.now()
    row = Job(
        name=name,
        kwargs=kwargs,
        run_at=run_at,
        max_attempts=spec.max_attempts,
        unique_key=unique_key,
        pending_key=pending_key,
    )
    if unique_key is None and pending_key is None:
        row.save(force_insert=True)
        job_id = row.pk
    else:
        # INSERT ... ON CONFLICT DO NOTHING: a duplicate is not an error, and on PostgreSQL
        # it does not abort the caller's transaction either.
        Job.objects.bulk_create([row], ignore_conflicts=True)
        rows = Job.objects.all()
        existing = rows.filter(unique_key=unique_key) if unique_key else rows.filter(pending_key=pending_key)
        job_id = existing.values_list("pk", flat=True).first() or 0
        if not job_id:
            return 0  # the pending one was claimed in between: it already saw our work
    transaction.on_commit(lambda: wake(job_id, run_at))
    return int(job_id)


def wake(job_id: int, run_at: dt.datetime) -> None:
    """Tell the runner a job is due. The embedded worker polls the table, so only Celery
    needs a message; if the broker is down the dispatcher sends it later."""
    if settings.TOUSU_JOBS_RUNNER != "celery":
        return
    try:
        from tousu.jobs.celery_app import send

        send(job_id, run_at)
    except Exception:
        log.exception("could not send job %s to the broker; the dispatcher will send it", job_id)


def kick() -> None:
    """After a commit that left work for the pollers (e.g. the notification outbox): the
    embedded worker finds it on its next poll; Celery workers are sent a poll now."""
    if settings.TOUSU_JOBS_RUNNER != "celery":
        return
    try:
        from tousu.jobs.celery_app import poll

        poll.apply_async()
    except Exception:
        log.exception("could not wake the Celery workers; beat's poll will find the work")


def retry(job_id: int) -> bool:
    """Put a failed job back in the queue (an administrator's action)."""
    now = timezone.now()
    changed = Job.objects.filter(pk=job_id, state=JobState.FAILED).update(
        state=JobState.QUEUED, run_at=now, attempts=0, finished_at=None
    )
    if changed:
        transaction.on_commit(lambda: wake(job_id, now))
    return changed == 1
