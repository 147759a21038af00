"""The scaled runner: Redis, two Celery workers and Celery beat as separate processes,
running the same jobs from the same job table as the embedded runner."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
import redis
from django.contrib.auth.models import User

from tests.servers import SmtpServer
from tousu.cases.intake import register
from tousu.jobs.models import Job, JobState
from tousu.jobs.queue import submit
from tousu.notify.models import Delivery

from .processes import celery

# A Redis database of its own, so the tests never touch another one's keys.
REDIS_URL = os.environ.get("TOUSU_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


def wait_for(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def case(i: int) -> dict[str, Any]:
    return {
        "policy": "property-office",
        "channel": "web",
        "complainant_name": f"业主{i}",
        "complainant_phone": "0754-88880000",
        "complainant_unit": f"{i}栋",
        "complainant_email": f"celery{i}@example.cn",
        "category": "greening",
        "content": "小区草坪被车辆碾压，请修复。",
    }


@pytest.fixture(scope="module")
def cluster(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Two workers and beat for the whole module (they start in seconds, not instantly)."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is required for the scaled runner's tests and is not reachable at {REDIS_URL}")
    client.flushdb()  # our own database number only
    logs = tmp_path_factory.mktemp("celery")
    smtp = SmtpServer()
    smtp.start()
    env = {
        "REDIS_URL": REDIS_URL,
        "TOUSU_JOBS_RUNNER": "celery",
        "TOUSU_SMTP_URL": f"smtp://127.0.0.1:{smtp.port}",
        "TOUSU_SMS_FILE": str(logs / "sms.log"),
        "TOUSU_JOBS_BACKOFF_SECONDS": "0.5",
    }
    common = ["--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    beat = ["beat", "--schedule", str(logs / "beat-schedule"), "--loglevel", "WARNING"]
    stacks = [
        celery(["worker", "-n", "one@%h", "--concurrency", "2", *common], env, logs / "worker-one.log"),
        celery(["worker", "-n", "two@%h", "--concurrency", "2", *common], env, logs / "worker-two.log"),
        celery(beat, env, logs / "beat.log"),
    ]
    try:
        yield smtp
    finally:
        for stack in stacks:
            stack.close()
        smtp.stop()
        client.flushdb()


@pytest.fixture
def scaled(cluster: SmtpServer, settings: Any, transactional_db: None, staff: Any):  # type: ignore[no-untyped-def]
    settings.REDIS_URL = REDIS_URL
    staff("receptionist", "wy_customer_service", username="desk")
    return cluster, settings


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_celery_workers_deliver_each_acknowledgement_once(scaled):
    smtp, settings = scaled
    settings.TOUSU_JOBS_RUNNER = "celery"  # this process wakes the workers through Redis
    desk = User.objects.get(username="desk")
    numbers = {register(case(i), actor=desk).complaint.number for i in range(30)}
    wait_for(lambda: len(smtp.messages) >= 30, 90, "30 acknowledgements through Celery")
    time.sleep(2)
    received = [m["X-Tousu-Case"] for m in smtp.messages if m["To"].startswith("celery")]
    assert sorted(received) == sorted(numbers)
    runners = set(Job.objects.filter(name="notify.deliver").values_list("claimed_by", flat=True))
    assert runners and all(name.startswith("celery@") for name in runners)
    assert Delivery.objects.filter(kind="acknowledgement", state="sent").count() == 30


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_job_sent_to_several_workers_runs_once(scaled):
    _, settings = scaled
    settings.TOUSU_JOBS_RUNNER = "celery"
    from tousu.jobs.celery_app import run

    job_id = submit("jobs.prune", {})
    for _ in range(5):  # the same message delivered again and again, to either worker
        run.apply_async((job_id,))
    wait_for(lambda: Job.objects.get(pk=job_id).state == JobState.DONE, 60, "the job to run")
    time.sleep(2)
    job = Job.objects.get(pk=job_id)
    assert job.state == JobState.DONE and job.attempts == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_beat_finds_work_nobody_announced(scaled):
    """With no message sent at commit (broker unreachable then, or the embedded setting
    in this process), beat's periodic poll still expands the outbox and sends the mail."""
    smtp, settings = scaled
    settings.TOUSU_JOBS_RUNNER = "embedded"  # nothing is sent to Redis from here
    desk = User.objects.get(username="desk")
    number = register(case(99), actor=desk).complaint.number
    wait_for(lambda: any(m["X-Tousu-Case"] == number for m in smtp.messages), 60, "beat's poll")
