"""The reports' job: when the runner closes a month or a quarter (tousu.jobs.periods), the
documents due that day are generated and sent (P4.8, P4.11). Registered on start-up."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tousu.cases.models import Complaint
from tousu.jobs.periods import GENERATE
from tousu.jobs.registry import job
from tousu.reports.schedule import generate_due_reports


@job(GENERATE, max_attempts=10)
def generate_for_period(kind: str, start: str, end: str) -> int:
    """The documents due on the day after the period (`end`, its first day not included).
    A month closing on a quarter's first day brings the quarterly summary too, and the
    quarter's own job then finds it sent already: SentReport makes every run idempotent,
    and a failed send is retried with backoff by the runner.

    A period that ended before the installation registered its first case is skipped:
    the runner's first pass on a new installation closes the latest month and quarter,
    and there is nothing to report on them (`tousu report` makes them on demand)."""
    until = timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(end), dt.time.min))
    if not Complaint.objects.filter(received_at__lt=until).exists():
        return 0
    return len(generate_due_reports(dt.date.fromisoformat(end)))
