"""Shared fixtures: the presets and calendar loaded through the real commands, named
staff personas per role, and API clients that authenticate with real tokens."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from tests.servers import HttpSink, SmtpServer, running_sink
from tousu.org.management.commands.user import add_user
from tousu.org.models import ApiToken


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # Real hashing costs ~0.3 s per user; the tests make many users and test no passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def setup_data(db: Any) -> None:
    from tousu.org import lookup
    from tousu.policies import registry
    from tousu.policies.loader import load_presets
    from tousu.workcal.store import invalidate, seed_from_package

    # Rolled-back tests reuse row ids: the per-process caches must not outlive them.
    registry.forget()
    lookup.forget()
    seed_from_package()
    invalidate()
    load_presets()


class Api:
    """A JSON client for /api/v1/ acting as one staff member."""

    def __init__(self, token: str | None, language: str = "zh-hans"):
        self.client = Client()
        self.headers = {"HTTP_ACCEPT_LANGUAGE": language}
        if token:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, **self.headers)

    def post(self, path: str, body: dict[str, Any] | None = None, **headers: Any) -> Any:
        return self.client.post(
            f"/api/v1{path}", json.dumps(body or {}), content_type="application/json", **self.headers, **headers
        )

    def act(self, number: str, action: str, expect: int = 200, **body: Any) -> dict[str, Any]:
        response = self.post(f"/complaints/{number}/{action}", body)
        assert response.status_code == expect, (action, response.status_code, response.content.decode())
        return response.json()  # type: ignore[no-any-return]


@pytest.fixture
def staff(setup_data: None) -> Callable[..., Api]:
    """staff("receptionist", "wy_customer_service") -> an Api client for a new user holding
    that role in that unit."""
    counter = {"n": 0}

    def make(
        role: str,
        department: str | None = None,
        username: str | None = None,
        language: str = "zh-hans",
        **position: str,
    ) -> Api:
        """`position` adds title, duties ("butler", "technician") or area ("1-8") to the one position."""
        counter["n"] += 1
        name = username or f"{role}{counter['n']}"
        add_user(name, role, department, name, "pw-" + name + "-123456", **position)
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username=name)
        _, raw = ApiToken.issue(user)
        api = Api(raw, language)
        api.username = name  # type: ignore[attr-defined]
        return api

    return make


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server on loopback (aiosmtpd); Django's mail machinery is pointed at it."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def http_sink() -> Iterator[HttpSink]:
    """A real HTTP server on loopback recording every request (webhooks, the SMS gateway)."""
    yield from running_sink()
