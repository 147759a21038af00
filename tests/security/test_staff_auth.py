"""Staff authentication (issue 6, hardening): password rules, failure throttling with a
cool-off, session limits, a new session id at login, server-side logout, TOTP."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyotp
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from tousu.org.management.commands.user import add_user
from tousu.security.models import TotpDevice

PASSWORD = "Lift-repair-2026"
START = dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clerk(setup_data: None) -> Any:
    add_user("clerk", "receptionist", "wy_customer_service", "张丽", PASSWORD)
    return get_user_model().objects.get(username="clerk")


def login(client: Client, password: str = PASSWORD, username: str = "clerk") -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.parametrize("weak", ["12345678901234", "onlylettershere", "short1"])
def test_weak_passwords_are_refused_with_a_chinese_reason(weak: str) -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password(weak)
    assert any("密码" in message for message in refused.value.messages)


def test_a_strong_password_passes() -> None:
    validate_password(PASSWORD)


def test_login_gives_a_new_session_id_and_logout_deletes_it_on_the_server(clerk: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    assert login(client).status_code == 302
    after = client.session.session_key
    assert after and after != before
    assert Session.objects.filter(session_key=after).exists()
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=after).exists()


def test_ten_failures_cool_the_account_off_then_it_opens_again(clerk: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        attacker = Client(HTTP_ACCEPT_LANGUAGE="zh-hans", REMOTE_ADDR="203.0.113.7")
        for _ in range(10):
            assert login(attacker, "wrong-guess-1").status_code == 200
        # Now even the right password from a colleague's own machine waits: a cool-off.
        owner = Client(HTTP_ACCEPT_LANGUAGE="zh-hans", REMOTE_ADDR="198.51.100.2")
        refused = login(owner)
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) <= 15 * 60
        assert "登录失败次数过多" in refused.content.decode()
        clock.shift(dt.timedelta(minutes=16))
        assert login(owner).status_code == 302


def test_failures_are_also_limited_per_address(clerk: Any, settings: Any) -> None:
    settings.TOUSU_LOGIN_FAILURES_PER_ADDRESS = 3
    with time_machine.travel(START, tick=False):
        sprayer = Client(REMOTE_ADDR="203.0.113.9")
        for name in ("a1", "a2", "a3"):
            login(sprayer, "x", username=name)
        assert login(sprayer).status_code == 429


def test_sessions_end_after_the_idle_limit(clerk: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    with time_machine.travel(START, tick=False) as clock:
        login(client)
        assert client.get("/desk/").status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/desk/").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        assert client.get("/desk/").status_code == 302


def test_sessions_end_after_the_absolute_limit_even_when_busy(clerk: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    with time_machine.travel(START, tick=False) as clock:
        login(client)
        quarters = 0
        while client.get("/desk/").status_code == 200 and quarters < 60:
            clock.shift(dt.timedelta(minutes=15))
            quarters += 1
        # Active every quarter of an hour, still logged out after 12 h (the 49th quarter).
        assert quarters == 12 * 4 + 1


def test_totp_enrolment_then_login_asks_for_the_code(clerk: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    with time_machine.travel(START, tick=False) as clock:
        login(client)
        page = client.get("/accounts/2fa/totp/setup/")
        assert "<svg" in page.content.decode()
        secret = TotpDevice.objects.get(user=clerk).secret
        assert client.post("/accounts/2fa/totp/setup/", {"code": "000000"}).status_code == 200
        assert client.post("/accounts/2fa/totp/setup/", {"code": pyotp.TOTP(secret).now()}).status_code == 302
        assert TotpDevice.objects.get(user=clerk).confirmed_at is not None
        client.post("/accounts/logout/")

        clock.shift(dt.timedelta(minutes=1))
        second = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert login(second)["Location"] == "/accounts/2fa/totp/"
        # Password alone is not a login.
        assert second.get("/desk/").status_code == 302
        wrong = second.post("/accounts/2fa/totp/", {"code": "123456"})
        assert "验证码不正确" in wrong.content.decode()
        code = pyotp.TOTP(secret).now()
        assert second.post("/accounts/2fa/totp/", {"code": code}).status_code == 302
        assert second.get("/desk/").status_code == 200
        # The same code cannot be used again.
        third = Client()
        login(third)
        assert third.post("/accounts/2fa/totp/", {"code": code}).status_code == 200
        assert third.get("/desk/").status_code == 302
