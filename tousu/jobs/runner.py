"""Claiming and running jobs: the part both runners share.

A job is claimed by one conditional UPDATE; the worker whose UPDATE changed the row runs
it, every other worker that saw the same job moves on. A failure is recorded on the row
and the job is queued again with exponential backoff, until `max_attempts`; then it stays
`failed`, visible in the admin and in `tousu jobs list --failed`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import traceback
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from tousu.jobs import registry
from tousu.jobs.models import Job, JobState
from tousu.jobs.queue import submit, wake

log = logging.getLogger(__name__)


def worker_name(kind: str = "embedded") -> str:
    return f"{kind}@{socket.gethostname()}:{os.getpid()}"


@dataclass
class Outcome:
    job_id: int
    name: str
    ok: bool
    state: str


def backoff_seconds(spec: registry.JobSpec, attempts: int) -> float:
    """30 s, 60 s, 120 s ... doubled per failed attempt, capped (6 h by default)."""
    base = spec.backoff if spec.backoff is not None else settings.TOUSU_JOBS_BACKOFF_SECONDS
    return float(min(base * (2 ** max(attempts - 1, 0)), spec.backoff_cap))


def claim(job_id: int, worker: str, now: dt.datetime | None = None) -> Job | None:
    """Take the job if it is still queued and due; None if another worker has it."""
    now = now or timezone.now()
    changed = Job.objects.filter(pk=job_id, state=JobState.QUEUED, run_at__lte=now).update(
        state=JobState.RUNNING, claimed_by=worker, claimed_at=now, attempts=F("attempts") + 1, pending_key=None
    )
    if changed != 1:
        return None
    return Job.objects.get(pk=job_id)


def run_claimed(job: Job, worker: str) -> Outcome:
    spec = registry.JOBS.get(job.name)
    error = ""
    try:
        if spec is None:
            raise registry.UnknownJob(f"no job is registered as {job.name!r} in this worker")
        spec.func(**job.kwargs)
    except registry.Defer as deferred:
        mine = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, claimed_by=worker)
        if mine.update(state=JobState.QUEUED, run_at=deferred.until, attempts=F("attempts") - 1, claimed_by=""):
            wake(job.pk, deferred.until)
        return Outcome(job.pk, job.name, True, JobState.QUEUED)
    except Exception:
        error = traceback.format_exc()[-8000:]
        log.warning("job %s #%s failed (attempt %s of %s)", job.name, job.pk, job.attempts, job.max_attempts)
    now = timezone.now()
    mine = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, claimed_by=worker)
    if not error:
        mine.update(state=JobState.DONE, finished_at=now, last_error="")
        return Outcome(job.pk, job.name, True, JobState.DONE)
    if job.attempts >= job.max_attempts or spec is None:
        mine.update(state=JobState.FAILED, finished_at=now, last_error=error)
        log.error("job %s #%s failed for good after %s attempts", job.name, job.pk, job.attempts)
        if spec is not None and spec.on_give_up is not None:
            try:
                spec.on_give_up(**job.kwargs)
            except Exception:
                log.exception("on_give_up of job %s #%s failed", job.name, job.pk)
        return Outcome(job.pk, job.name, False, JobState.FAILED)
    run_at = now + dt.timedelta(seconds=backoff_seconds(spec, job.attempts))
    if mine.update(state=JobState.QUEUED, run_at=run_at, last_error=error, claimed_by="", claimed_at=None):
        wake(job.pk, run_at)
    return Outcome(job.pk, job.name, False, JobState.QUEUED)


def run_one(job_id: int, worker: str) -> Outcome | None:
    """Claim and run one job by id (the Celery task); None if it was not ours to run."""
    job = claim(job_id, worker)
    if job is None:
        return None
    return run_claimed(job, worker)


def due_ids(limit: int, now: dt.datetime | None = None, *, older_than: dt.timedelta | None = None) -> list[int]:
    cutoff = (now or timezone.now()) - (older_than or dt.timedelta(0))
    rows = Job.objects.filter(state=JobState.QUEUED, run_at__lte=cutoff).order_by("run_at", "pk")
    return list(rows.values_list("pk", flat=True)[:limit])


def requeue_stale(now: dt.datetime | None = None) -> int:
    """Jobs whose worker died mid-run (claimed longer ago than their timeout) run again."""
    now = now or timezone.now()
    shortest = min((spec.timeout for spec in registry.JOBS.values()), default=900.0)
    stale = Job.objects.filter(state=JobState.RUNNING, claimed_at__lt=now - dt.timedelta(seconds=shortest))
    count = 0
    for job_id, name, claimed_at, claimed_by in stale.values_list("pk", "name", "claimed_at", "claimed_by"):
        spec = registry.JOBS.get(name)
        timeout = spec.timeout if spec else shortest
        if claimed_at is not None and claimed_at + dt.timedelta(seconds=timeout) < now:
            count += Job.objects.filter(pk=job_id, state=JobState.RUNNING, claimed_by=claimed_by).update(
                state=JobState.QUEUED, run_at=now, last_error=f"requeued: {claimed_by} did not finish in {timeout} s"
            )
    return count


class PeriodicFirer:
    """Queues each periodic job once per slot of its schedule. The slot is the job's
    unique key, so any number of workers and Celery beat together queue it once."""

    def __init__(self) -> None:
        self.fired: dict[str, dt.datetime] = {}

    def fire_due(self, now: dt.datetime | None = None) -> list[int]:
        now = timezone.localtime(now or timezone.now())
        queued = []
        for name, schedule in registry.SCHEDULES.items():
            slot = schedule.slot(now)
            if slot is None or self.fired.get(name) == slot:
                continue
            queued.append(fire(name, slot))
            self.fired[name] = slot
        return queued


def fire(name: str, slot: dt.datetime) -> int:
    return submit(name, {}, run_at=slot, unique_key=f"periodic:{name}:{slot.astimezone(dt.UTC).isoformat()}")


def run_pollers() -> int:
    done = 0
    for name, func in registry.POLLERS.items():
        try:
            done += func()
        except Exception:
            log.exception("poller %s failed", name)
    return done


def run_pending(worker: str, *, firer: PeriodicFirer | None = None, limit: int = 50) -> list[Outcome]:
    """One pass of the embedded worker: periodic slots, pollers, stale claims, due jobs."""
    if firer is not None:
        firer.fire_due()
    run_pollers()
    requeue_stale()
    outcomes = []
    for job_id in due_ids(limit):
        outcome = run_one(job_id, worker)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes
