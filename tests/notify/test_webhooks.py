"""Outgoing webhooks on case events: HMAC-signed, retried, every call in the delivery log."""

from __future__ import annotations

import hashlib
import hmac

from tests.servers import running_sink
from tousu.notify.models import DeliveryState, WebhookDelivery, WebhookEndpoint

from .helpers import drain
from .test_email import ELEVATOR


def test_case_events_are_posted_signed_and_retried(staff, settings):
    settings.TOUSU_JOBS_BACKOFF_SECONDS = 0
    receptionist = staff("receptionist", "wy_customer_service")
    head = staff("department_head", "wy_engineering")
    for sink in running_sink(statuses=[500]):  # the receiver fails the first call
        WebhookEndpoint.objects.create(name="12345热线平台", url=f"{sink.url}/hook", secret="s3cret", actions=[])
        WebhookEndpoint.objects.create(name="only closures", url=f"{sink.url}/closed", secret="x", actions=["close"])
        number = receptionist.post("/complaints", ELEVATOR).json()["number"]
        head.act(number, "assign")
        drain()
        drain()
        calls = [r for r in sink.requests if r.path == "/hook"]
        assert not [r for r in sink.requests if r.path == "/closed"]
    assert len(calls) == 3  # register (failed, then again) and assign
    for call in calls:
        expected = hmac.new(
            b"s3cret", call.headers["X-Tousu-Timestamp"].encode() + b"." + call.body, hashlib.sha256
        ).hexdigest()
        assert call.headers["X-Tousu-Signature"] == f"sha256={expected}"
    by_delivery: dict[str, list] = {}
    for call in calls:
        by_delivery.setdefault(call.headers["X-Tousu-Delivery"], []).append(call.json())
    # The failed call was sent again under the same delivery id, with the same body.
    assert sorted(len(bodies) for bodies in by_delivery.values()) == [1, 2]
    retried = next(bodies for bodies in by_delivery.values() if len(bodies) == 2)
    assert retried[0] == retried[1] and retried[0]["event"] == "register"
    assert sorted(bodies[0]["event"] for bodies in by_delivery.values()) == ["assign", "register"]
    body = retried[0]
    assert body["case"]["number"] == number and body["case"]["department"] == "wy_engineering"
    assert "complainant_name" not in str(body) and "王芳" not in call.body.decode()  # P2.11
    log = WebhookDelivery.objects.get(payload__event="register")
    assert log.state == DeliveryState.SENT and log.attempts == 2 and log.response_status == 200
    assert WebhookDelivery.objects.filter(state=DeliveryState.SENT).count() == 2
