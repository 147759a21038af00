"""Keeping the job table small: finished jobs are deleted after a while."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tousu.jobs.models import Job, JobState
from tousu.jobs.registry import periodic

KEEP_DONE = dt.timedelta(days=14)
# A periodic slot's row is its "already ran" mark: kept longer than the longest schedule
# looks back (a year), so a catch-up never runs a slot twice.
KEEP_PERIODIC = dt.timedelta(days=400)


@periodic("jobs.prune", cron="30 3 * * *")
def prune(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    done = Job.objects.filter(state=JobState.DONE)
    deleted, _ = done.filter(finished_at__lt=now - KEEP_DONE, unique_key__isnull=True).delete()
    old_slots, _ = done.filter(finished_at__lt=now - KEEP_PERIODIC).delete()
    return deleted + old_slots
