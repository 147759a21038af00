"""Notifications are never lost (issue 4): the mail server is down while 100 cases are
registered; when it comes back, exactly 100 acknowledgements arrive and none twice —
delivered by two embedded workers (separate processes) that both see every job."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User

from tests.jobs.processes import embedded_workers
from tests.servers import SmtpServer
from tousu.cases.intake import register
from tousu.jobs.models import Job
from tousu.notify.models import Delivery, DeliveryState

CASES = 100


def wait_for(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_smtp_down_then_back_exactly_one_acknowledgement_per_case(staff, tmp_path):
    staff("receptionist", "wy_customer_service", username="desk")
    desk = User.objects.get(username="desk")
    smtp = SmtpServer()  # its port is reserved, but nothing listens yet: the server is down
    env = {
        "TOUSU_SMTP_URL": f"smtp://127.0.0.1:{smtp.port}",
        "TOUSU_JOBS_BACKOFF_SECONDS": "0.5",
        "TOUSU_SMS_FILE": str(tmp_path / "sms.log"),
    }
    with embedded_workers(2, env, tmp_path):
        numbers = set()
        for i in range(CASES):
            case = register(
                {
                    "policy": "property-office",
                    "channel": "phone",
                    "complainant_name": f"业主{i}",
                    "complainant_phone": "0754-88880000",
                    "complainant_unit": f"{i}栋101",
                    "complainant_email": f"owner{i}@example.cn",
                    "category": "cleaning",
                    "content": f"{i}号楼楼道垃圾三天没有清运。",
                },
                actor=desk,
            )
            numbers.add(case.complaint.number)

        def failed_at_least_once() -> bool:
            acks = Delivery.objects.filter(kind="acknowledgement", channel="email")
            return acks.count() == CASES and not acks.filter(attempts=0).exists()

        wait_for(failed_at_least_once, 90, "every acknowledgement to fail against the stopped server")
        assert not smtp.messages
        assert "ConnectionRefusedError" in Delivery.objects.filter(kind="acknowledgement").first().last_error

        smtp.start()
        try:
            wait_for(lambda: len(smtp.messages) >= CASES, 120, "100 acknowledgements")
            time.sleep(2)  # anything sent twice would arrive now
            received = [m["X-Tousu-Case"] for m in smtp.messages]
        finally:
            smtp.stop()

    assert len(received) == CASES
    assert set(received) == numbers  # every case once, none twice
    acks = Delivery.objects.filter(kind="acknowledgement", channel="email")
    assert acks.filter(state=DeliveryState.SENT).count() == CASES
    assert acks.filter(attempts__gte=2).count() == CASES  # each was retried after the outage
    # Both workers took part; the claim kept each job to one of them.
    workers = set(Job.objects.filter(name="notify.deliver").values_list("claimed_by", flat=True))
    assert len(workers - {""}) == 2
