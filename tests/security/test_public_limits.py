"""The public form, lookup and status API (issue 6, hardening): rate limited per address
and per phone with 429 and Retry-After on a shared counter, a honeypot against bots, one
case per submission, no enumeration of tracking numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from tousu.cases.models import Complaint
from tousu.security import ratelimit

START = dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC)


def submission(client: Client, **overrides: Any) -> dict[str, Any]:
    page = client.get("/p/submit/property-office/")
    data = {
        "complainant_name": "王芳",
        "complainant_phone": "13800001234",
        "complainant_unit": "3栋1单元502",
        "category": "elevator",
        "content": "电梯停在8楼不动，里面有老人被困。",
        "consent": "on",
        "submission": page.context["form"]["submission"].value(),
    }
    return {**data, **overrides}


def test_the_form_is_limited_per_phone_with_429_and_retry_after(setup_data: None, settings: Any) -> None:
    settings.TOUSU_PUBLIC_PER_PHONE = 3
    with time_machine.travel(START, tick=False) as clock:
        for n in range(3):
            client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans", REMOTE_ADDR=f"198.51.100.{n}")
            assert client.post("/p/submit/property-office/", submission(client)).status_code == 302
        other_address = Client(HTTP_ACCEPT_LANGUAGE="zh-hans", REMOTE_ADDR="198.51.100.99")
        refused = other_address.post("/p/submit/property-office/", submission(other_address))
        assert refused.status_code == 429
        assert 0 < int(refused["Retry-After"]) <= settings.TOUSU_PUBLIC_WINDOW_SECONDS
        assert "请求过于频繁" in refused.content.decode()
        assert Complaint.objects.count() == 3
        clock.shift(dt.timedelta(seconds=settings.TOUSU_PUBLIC_WINDOW_SECONDS))
        assert other_address.post("/p/submit/property-office/", submission(other_address)).status_code == 302


def test_lookup_and_the_status_api_are_limited_per_address(setup_data: None, settings: Any) -> None:
    settings.TOUSU_PUBLIC_PER_ADDRESS = 4
    with time_machine.travel(START, tick=False):
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans", REMOTE_ADDR="203.0.113.5")
        for n in range(4):
            assert client.post("/p/track/", {"number": f"WY-2026-{n:06d}", "code": "123456"}).status_code == 200
        assert client.post("/p/track/", {"number": "WY-2026-000009", "code": "123456"}).status_code == 429
        api = Client(REMOTE_ADDR="203.0.113.6")
        for _ in range(4):
            assert api.get("/api/v1/public/status", {"number": "X", "code": "1"}).status_code == 404
        refused = api.get("/api/v1/public/status", {"number": "X", "code": "1"})
        assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
        assert int(refused["Retry-After"]) > 0


def test_a_filled_honeypot_registers_nothing(setup_data: None) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    answer = client.post("/p/submit/property-office/", submission(client, website="http://spam.example"))
    assert answer.status_code == 200
    assert "表单未能提交" in answer.content.decode()
    assert Complaint.objects.count() == 0


def test_a_repeated_submission_creates_one_case(setup_data: None) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    data = submission(client)
    first = client.post("/p/submit/property-office/", data)
    again = client.post("/p/submit/property-office/", data)  # double click, back button, retry
    assert first.status_code == again.status_code == 302
    assert Complaint.objects.count() == 1


def test_a_wrong_code_answers_exactly_like_an_unknown_number(setup_data: None) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.post("/p/submit/property-office/", submission(client))
    case = Complaint.objects.get()
    wrong_code = client.get("/api/v1/public/status", {"number": case.number, "code": "000000"})
    unknown = client.get("/api/v1/public/status", {"number": case.number[:-1] + "9", "code": "000000"})
    assert wrong_code.status_code == unknown.status_code == 404
    assert wrong_code.content == unknown.content
    right = client.get("/api/v1/public/status", {"number": case.number, "code": case.verification_code})
    assert right.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_database_counter_is_exact_under_concurrent_hits() -> None:
    """Eight threads, 200 hits on one limit of 100: exactly 100 pass (atomic upsert)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def one(_: int) -> bool:
        try:
            return ratelimit.hit("test-concurrent", "client", limit=100, window=3600) is None
        finally:
            connection.close()

    with ThreadPoolExecutor(8) as pool:
        passed = sum(pool.map(one, range(200)))
    assert passed == 100


def test_the_redis_counter_when_redis_url_is_set(settings: Any) -> None:
    import redis

    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    ratelimit._redis.cache_clear()
    try:
        redis.Redis.from_url(settings.REDIS_URL).flushdb()
        results = [ratelimit.hit("test-redis", "client", limit=2, window=60) for _ in range(3)]
        assert results[:2] == [None, None] and results[2] is not None and results[2].retry_after <= 60
    finally:
        ratelimit._redis.cache_clear()


def test_attachments_get_their_type_from_the_content_and_are_always_downloads(setup_data: None) -> None:
    """A page posing as a photo is kept as opaque bytes and never rendered by the browser."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tests.web.conftest import PROPERTY_CASE
    from tousu.cases import attachments, intake
    from tousu.org.management.commands.user import add_user

    add_user("viewer", "complaint_manager", "wy_customer_service", "查看", "pw-viewer-123")
    client = Client()
    client.force_login(get_user_model().objects.get(username="viewer"))
    case = intake.register(PROPERTY_CASE, actor=None, actor_kind="complainant").complaint
    fake = SimpleUploadedFile(
        "../../现场<script>.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, "PNG")
    real = SimpleUploadedFile("photo.txt", png.getvalue(), content_type="text/plain")
    stored_fake = attachments.add(case, fake, actor=None, limit=10**6)
    stored_real = attachments.add(case, real, actor=None, limit=10**6)
    assert stored_fake.content_type == "application/octet-stream"
    assert stored_fake.name == "现场<script>.jpg" and "/" not in stored_fake.file.name.rsplit("/", 1)[-1]
    assert stored_real.content_type == "image/png"
    answer = client.get(f"/desk/cases/{case.number}/files/{stored_fake.token}/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/octet-stream"
    assert answer["Content-Disposition"].startswith("attachment;")
    assert answer["X-Content-Type-Options"] == "nosniff"
