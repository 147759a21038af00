"""The jobs and periodic schedules a worker knows: plain functions of the domain.

    from tousu.jobs.registry import job, periodic

    @job("notify.deliver", max_attempts=8)
    def deliver(delivery_id: int) -> None: ...

    @periodic("cases.sweep", every=dt.timedelta(minutes=1))
    def sweep() -> None: ...

    @periodic("channels.collect_mailbox", cron="0 9 * * 1")   # every Monday 09:00 (P2.7)
    def collect() -> None: ...

A job takes JSON-serialisable keyword arguments only, and must be safe to run again
after a crash (it is retried with backoff until `max_attempts`). A periodic job takes no
arguments: it runs once per slot of its schedule, whichever worker or runner sees the slot
first (the slot is a unique key in the job table). Each app's `jobs.py` module is imported
at start-up (`autodiscover`), so registering there is enough.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps

from tousu.jobs.cron import Cron

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class JobSpec:
    name: str
    func: Callable[..., Any]
    max_attempts: int = 8
    # Seconds before the first retry (None: TOUSU_JOBS_BACKOFF_SECONDS); doubled on each
    # further failure, capped.
    backoff: float | None = None
    backoff_cap: float = 6 * 3600.0
    # A run longer than this is taken for a dead worker and the job is claimable again.
    timeout: float = 15 * 60.0
    # Called with the job's arguments when it fails for good (e.g. mark a delivery failed).
    on_give_up: Callable[..., Any] | None = None


@dataclass(frozen=True)
class Schedule:
    name: str
    every: dt.timedelta | None = None
    cron: Cron | None = None

    def slot(self, now: dt.datetime) -> dt.datetime | None:
        """The latest start time of this schedule at or before `now` (aware, local zone).

        `every` slots are aligned on the epoch, so every worker computes the same slot."""
        if self.every is not None:
            step = self.every.total_seconds()
            epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
            seconds = (now - epoch).total_seconds()
            return epoch + dt.timedelta(seconds=(seconds // step) * step)
        return self.cron.latest_at_or_before(now) if self.cron is not None else None

    def describe(self) -> str:
        if self.every is not None:
            return f"every {self.every}"
        return f"cron {self.cron.expression}" if self.cron is not None else "never"


JOBS: dict[str, JobSpec] = {}
SCHEDULES: dict[str, Schedule] = {}
# Cheap checks run on every pass of a worker (embedded: each poll; Celery: every 2 s and
# when woken after a commit), e.g. "expand the notification outbox". Each returns how
# much it did and must be safe to run in several workers at once.
POLLERS: dict[str, Callable[[], int]] = {}


class UnknownJob(KeyError):
    pass


class Defer(Exception):
    """Raised by a job that must not run before `until` (e.g. quiet hours for SMS): it
    is queued again for then, and the attempt does not count as a failure."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(f"deferred until {until.isoformat()}")
        self.until = until


def job(
    name: str,
    *,
    max_attempts: int = 8,
    backoff: float | None = None,
    timeout: float = 15 * 60.0,
    on_give_up: Callable[..., Any] | None = None,
) -> Callable[[F], F]:
    """Register `func` as the job called `name`. `backoff`: seconds before the first
    retry (default TOUSU_JOBS_BACKOFF_SECONDS, 30), doubled per failure, capped at 6 h."""

    def register(func: F) -> F:
        existing = JOBS.get(name)
        if existing is not None and existing.func is not func:
            if getattr(existing.func, "__qualname__", None) != func.__qualname__:
                raise ValueError(f"two jobs are called {name!r}")
        JOBS[name] = JobSpec(name, func, max_attempts, backoff, timeout=timeout, on_give_up=on_give_up)
        return func

    return register


def periodic(
    name: str,
    *,
    every: dt.timedelta | None = None,
    cron: str | None = None,
    max_attempts: int = 3,
    timeout: float = 15 * 60.0,
) -> Callable[[F], F]:
    """Register `func` as a job called `name` that runs on a schedule: `every` a fixed
    interval, or `cron` a five-field expression in the local time zone (Asia/Shanghai)."""
    if (every is None) == (cron is None):
        raise ValueError(f"periodic job {name!r}: give exactly one of every= or cron=")
    if every is not None and every < dt.timedelta(seconds=1):
        raise ValueError(f"periodic job {name!r}: the interval must be at least one second")
    schedule = Schedule(name, every=every, cron=Cron.parse(cron) if cron is not None else None)

    def register(func: F) -> F:
        job(name, max_attempts=max_attempts, timeout=timeout)(func)
        SCHEDULES[name] = schedule
        return func

    return register


def poller(name: str) -> Callable[[F], F]:
    """Register `func` to run on every pass of every worker (see POLLERS)."""

    def register(func: F) -> F:
        POLLERS[name] = func
        return func

    return register


def get(name: str) -> JobSpec:
    try:
        return JOBS[name]
    except KeyError:
        raise UnknownJob(name) from None


def autodiscover() -> None:
    """Import `<app>.jobs` for every installed app that has one, and the runner's own."""
    importlib.import_module("tousu.jobs.periods")
    importlib.import_module("tousu.jobs.maintenance")
    for config in apps.get_app_configs():
        module = f"{config.name}.jobs"
        if config.name == "tousu.jobs":
            continue
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
