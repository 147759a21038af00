"""The scaled runner: Celery with Redis, running the same jobs from the same table.

    celery -A tousu.jobs.celery_app worker --concurrency 4      # as many, on as many machines as needed
    celery -A tousu.jobs.celery_app beat                         # exactly one: the periodic schedules

A Celery message carries only a job id. The worker claims the row with the same
conditional UPDATE as the embedded runner, so a message delivered twice (or seen by two
workers) runs the job once; the table stays the record of attempts and failures. Beat
fires each periodic job on its schedule (same slot key as the embedded runner), and every
15 s sends jobs that have been due for a minute but were never delivered (broker down at
commit time).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import close_old_connections, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from tousu.jobs import registry, runner  # noqa: E402

app = Celery("tousu")
app.conf.update(
    broker_url=settings.REDIS_URL or "redis://127.0.0.1:6379/0",
    task_ignore_result=True,
    # A message is acknowledged after the job ran: a worker killed mid-job leaves it for
    # another worker (whose claim then fails if the first one had finished the row).
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    timezone=settings.TIME_ZONE,
    enable_utc=True,
    broker_connection_retry_on_startup=True,
)

RUN = "tousu.jobs.run"
FIRE = "tousu.jobs.fire"
DISPATCH = "tousu.jobs.dispatch"
POLL = "tousu.jobs.poll"


@worker_process_init.connect
def _fresh_connections(**kwargs: Any) -> None:
    # Forked pool processes must not share the parent's database connection.
    for connection in connections.all():
        connection.close()


@app.task(name=RUN)
def run(job_id: int) -> str:
    close_old_connections()
    outcome = runner.run_one(job_id, runner.worker_name("celery"))
    close_old_connections()
    return outcome.state if outcome else "not-ours"


@app.task(name=FIRE)
def fire(name: str) -> int:
    """Beat's periodic tick for one schedule: queue its current slot, once."""
    close_old_connections()
    schedule = registry.SCHEDULES[name]
    slot = schedule.slot(timezone.localtime())
    return runner.fire(name, slot) if slot is not None else 0


@app.task(name=DISPATCH)
def dispatch() -> int:
    """Send due jobs nobody was told about (and take back jobs of dead workers)."""
    close_old_connections()
    runner.requeue_stale()
    ids = runner.due_ids(500, older_than=dt.timedelta(seconds=60))
    for job_id in ids:
        run.apply_async((job_id,))
    return len(ids)


@app.task(name=POLL)
def poll() -> int:
    close_old_connections()
    return runner.run_pollers()


def send(job_id: int, run_at: dt.datetime) -> None:
    run.apply_async((job_id,), eta=run_at if run_at > timezone.now() else None)


def beat_schedule() -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {
        DISPATCH: {"task": DISPATCH, "schedule": dt.timedelta(seconds=15)},
        POLL: {"task": POLL, "schedule": dt.timedelta(seconds=2)},
    }
    for name, schedule in registry.SCHEDULES.items():
        when: Any = schedule.every if schedule.every is not None else crontab(**schedule.cron.celery_fields())  # type: ignore[union-attr]
        entries[f"periodic:{name}"] = {"task": FIRE, "schedule": when, "args": (name,)}
    return entries


app.conf.beat_schedule = beat_schedule()
