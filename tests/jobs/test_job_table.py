"""The job table: claimed once, retried with backoff, failures visible to an
administrator, periodic slots queued once however many workers see them."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from tousu.jobs import enqueue, registry
from tousu.jobs.models import Job, JobState, ReportPeriod
from tousu.jobs.periods import close_period, previous_month, previous_quarter
from tousu.jobs.queue import retry
from tousu.jobs.runner import PeriodicFirer, backoff_seconds, claim, run_one, run_pending

CALLS: list[dict] = []


@registry.job("tests.record", max_attempts=3, backoff=10)
def record(**kwargs: object) -> None:
    CALLS.append(kwargs)


@registry.job("tests.broken", max_attempts=3, backoff=10)
def broken() -> None:
    raise RuntimeError("the mail server said no")


@registry.job("tests.later")
def later(until: str) -> None:
    raise registry.Defer(dt.datetime.fromisoformat(until))


@pytest.fixture(autouse=True)
def clean() -> None:
    CALLS.clear()


pytestmark = pytest.mark.django_db


def test_a_job_is_claimed_by_one_worker_only():
    job_id = enqueue("tests.record", n=1)
    first = claim(job_id, "worker-a")
    second = claim(job_id, "worker-b")  # saw the same queued row a moment later
    assert first is not None and second is None
    assert run_one(job_id, "worker-b") is None
    job = Job.objects.get(pk=job_id)
    assert job.state == JobState.RUNNING and job.claimed_by == "worker-a"


def test_a_job_runs_with_its_arguments_and_is_done():
    enqueue("tests.record", number="WY20261129-0001", attempt=1)
    [outcome] = run_pending("w")
    assert outcome.ok and CALLS == [{"number": "WY20261129-0001", "attempt": 1}]
    assert Job.objects.get().state == JobState.DONE
    assert run_pending("w") == []  # never again


def test_an_unknown_job_is_refused_when_queued():
    with pytest.raises(registry.UnknownJob):
        enqueue("no.such.job")


def test_failures_are_retried_with_exponential_backoff_then_visible():
    start = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        job_id = enqueue("tests.broken")
        run_pending("w")
    job = Job.objects.get(pk=job_id)
    assert job.state == JobState.QUEUED and job.attempts == 1
    assert job.run_at == start + dt.timedelta(seconds=10)
    assert "the mail server said no" in job.last_error
    with time_machine.travel(start + dt.timedelta(seconds=5), tick=False):
        assert run_pending("w") == []  # not due yet
    with time_machine.travel(start + dt.timedelta(seconds=10), tick=False):
        run_pending("w")
    job.refresh_from_db()
    assert job.run_at == start + dt.timedelta(seconds=10 + 20)  # doubled
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        run_pending("w")
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == 3

    out = StringIO()
    call_command("jobs", "list", "--failed", stdout=out)
    assert f"{job_id}" in out.getvalue() and "tests.broken" in out.getvalue()
    assert "RuntimeError: the mail server said no" in out.getvalue()

    assert retry(job_id)
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.attempts == 0


def test_backoff_is_capped():
    spec = registry.get("tests.broken")
    assert [backoff_seconds(spec, n) for n in (1, 2, 3)] == [10, 20, 40]
    assert backoff_seconds(spec, 40) == 6 * 3600


def test_failed_jobs_are_listed_in_the_admin(admin_client: Client):
    job_id = enqueue("tests.broken")
    Job.objects.filter(pk=job_id).update(state=JobState.FAILED, last_error="RuntimeError: boom")
    page = admin_client.get("/admin/jobs/job/?state__exact=failed")
    assert page.status_code == 200
    assert "tests.broken" in page.content.decode()
    response = admin_client.post(
        "/admin/jobs/job/", {"action": "retry_failed", "_selected_action": [job_id]}, follow=True
    )
    assert response.status_code == 200
    assert Job.objects.get(pk=job_id).state == JobState.QUEUED


def test_a_deferred_job_waits_without_counting_an_attempt():
    until = dt.datetime(2030, 1, 1, 8, 0, tzinfo=dt.UTC)
    job_id = enqueue("tests.later", until=until.isoformat())
    run_pending("w")
    job = Job.objects.get(pk=job_id)
    assert job.state == JobState.QUEUED and job.attempts == 0 and job.run_at == until


def test_each_periodic_slot_is_queued_once_however_many_workers_see_it():
    first, second = PeriodicFirer(), PeriodicFirer()  # two workers
    moment = dt.datetime(2026, 11, 29, 9, 0, 30, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        first.fire_due()
        second.fire_due()
        first.fire_due()
    sweeps = Job.objects.filter(name="deadlines.sweep")
    assert sweeps.count() == 1
    assert sweeps.get().unique_key == "periodic:deadlines.sweep:2026-11-29T09:00:00+00:00"
    with time_machine.travel(moment + dt.timedelta(minutes=1), tick=False):
        second.fire_due()
    assert sweeps.count() == 2
    # The monthly hook's latest slot is 1 November 00:05 Shanghai time.
    month = Job.objects.get(name="reports.close_month")
    assert month.run_at == dt.datetime(2026, 10, 31, 16, 5, tzinfo=dt.UTC)


def test_month_and_quarter_ends_are_recorded_once_and_queue_the_report():
    assert previous_month(dt.date(2026, 11, 1)) == (dt.date(2026, 10, 1), dt.date(2026, 11, 1))
    assert previous_month(dt.date(2027, 1, 1)) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert previous_quarter(dt.date(2026, 10, 1)) == (dt.date(2026, 7, 1), dt.date(2026, 10, 1))
    assert previous_quarter(dt.date(2027, 1, 1)) == (dt.date(2026, 10, 1), dt.date(2027, 1, 1))

    generated: list[dict] = []
    # The reports app registers the real job (tests/reports/test_schedule.py runs it);
    # here a recorder stands in for it, to see the arguments the hook passes.
    real = registry.JOBS.pop("reports.generate")
    registry.job("reports.generate")(lambda **kwargs: generated.append(kwargs))
    try:
        period = close_period("month", dt.date(2026, 10, 1), dt.date(2026, 11, 1))
        assert period is not None and period.generate_job_id is not None
        assert close_period("month", dt.date(2026, 10, 1), dt.date(2026, 11, 1)) is None  # once
        run_pending("w")
    finally:
        registry.JOBS["reports.generate"] = real
    assert generated == [{"kind": "month", "start": "2026-10-01", "end": "2026-11-01"}]
    assert ReportPeriod.objects.count() == 1


def test_tousu_jobs_schedules_lists_the_periodic_jobs():
    out = StringIO()
    call_command("jobs", "schedules", stdout=out)
    text = out.getvalue()
    assert "deadlines.sweep" in text and "every 0:01:00" in text
    assert "reports.close_quarter" in text and "cron 10 0 1 1,4,7,10 *" in text
