"""Month and quarter ends: the hook the reports issue fills.

At the start of each month (and quarter) a periodic job records that the previous period
closed and queues `reports.generate(kind, start, end)` if a job of that name is
registered; the period row keeps the job, so the reports issue (or an administrator) can
see which periods were generated. Recording a period twice is impossible (unique kind +
start), so a catch-up after downtime closes each period once.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from tousu.jobs import registry
from tousu.jobs.models import ReportPeriod
from tousu.jobs.queue import submit

GENERATE = "reports.generate"


def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    end = today.replace(day=1)
    start = (end - dt.timedelta(days=1)).replace(day=1)
    return start, end


def previous_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    end = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    start_month = end.month - 3
    start = dt.date(end.year - 1, start_month + 12, 1) if start_month < 1 else dt.date(end.year, start_month, 1)
    return start, end


def close_period(kind: str, start: dt.date, end: dt.date) -> ReportPeriod | None:
    """Record the period as closed and queue its report; None if it already was."""
    try:
        with transaction.atomic():
            period = ReportPeriod.objects.create(kind=kind, start=start, end=end)
            if GENERATE in registry.JOBS:
                job_id = submit(GENERATE, {"kind": kind, "start": start.isoformat(), "end": end.isoformat()})
                ReportPeriod.objects.filter(pk=period.pk).update(generate_job_id=job_id)
                period.generate_job_id = job_id
            return period
    except IntegrityError:
        return None


@registry.periodic("reports.close_month", cron="5 0 1 * *")
def close_month() -> None:
    close_period("month", *previous_month(timezone.localdate()))


@registry.periodic("reports.close_quarter", cron="10 0 1 1,4,7,10 *")
def close_quarter() -> None:
    close_period("quarter", *previous_quarter(timezone.localdate()))
