"""SMS through the provider interface: a generic HTTP gateway (a real HTTP server on
loopback) or a file for the embedded default; quiet hours hold SMS to complainants."""

from __future__ import annotations

import datetime as dt
import json

import time_machine

from tests.servers import running_sink
from tousu.jobs.models import Job
from tousu.notify.models import Delivery, DeliveryState, QuietHours

from .helpers import drain

CASE = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": "张伟",
    "complainant_phone": "138 0013 8000",
    "complainant_unit": "5栋302",
    "category": "security",
    "content": "夜间小区大门无人值守。",
}
DAYTIME = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_http_gateway_receives_the_acknowledgement(staff, settings):
    receptionist = staff("receptionist", "wy_customer_service")
    for sink in running_sink(statuses=[503]):  # the gateway fails once, then takes it
        settings.TOUSU_SMS_BACKEND = "http"
        settings.TOUSU_SMS_URL = f"{sink.url}/send"
        settings.TOUSU_SMS_TOKEN = "gateway-secret"
        settings.TOUSU_JOBS_BACKOFF_SECONDS = 0
        with time_machine.travel(DAYTIME, tick=True):
            created = receptionist.post("/complaints", CASE).json()
            drain()
            drain()
        assert len(sink.requests) == 2
        first, second = (r.json() for r in sink.requests)
        assert first == second  # the retry sends the same message with the same reference
        assert second["to"] == "13800138000"
        assert created["number"] in second["text"] and created["verification_code"] in second["text"]
        assert sink.requests[1].headers["Authorization"] == "Bearer gateway-secret"
    delivery = Delivery.objects.get(channel="sms")
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 2


def test_file_backend_writes_one_line_per_message(staff, settings, tmp_path):
    settings.TOUSU_SMS_BACKEND = "file"
    settings.TOUSU_SMS_FILE = str(tmp_path / "sms.log")
    receptionist = staff("receptionist", "wy_customer_service")
    with time_machine.travel(DAYTIME, tick=True):
        number = receptionist.post("/complaints", CASE).json()["number"]
        drain()
    [line] = (tmp_path / "sms.log").read_text(encoding="utf-8").splitlines()
    message = json.loads(line)
    assert message["to"] == "13800138000" and number in message["text"]


def test_quiet_hours_hold_sms_to_complainants_until_morning(staff, settings, tmp_path):
    settings.TOUSU_SMS_BACKEND = "file"
    settings.TOUSU_SMS_FILE = str(tmp_path / "sms.log")
    QuietHours.objects.create(start=dt.time(21, 0), end=dt.time(8, 0))
    receptionist = staff("receptionist", "wy_customer_service")
    night = dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(night, tick=True):
        receptionist.post("/complaints", CASE)
        drain()
    assert not (tmp_path / "sms.log").exists()
    job = Job.objects.get(name="notify.deliver", kwargs__delivery_id=Delivery.objects.get(channel="sms").pk)
    assert job.run_at == dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(job.run_at + dt.timedelta(seconds=1), tick=True):
        drain()
    assert len((tmp_path / "sms.log").read_text(encoding="utf-8").splitlines()) == 1
