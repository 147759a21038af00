"""API tokens are revocable and scoped (issue 6): a read token cannot change a case, a
token without the reports scope cannot read reports, a revoked token is refused at once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import Api
from tests.web.conftest import PROPERTY_CASE as CASE
from tousu.org.models import ApiToken


def test_scopes_limit_what_a_token_may_do(staff: Any) -> None:
    manager = staff("complaint_manager", "wy_customer_service")
    user = get_user_model().objects.get(username=manager.username)
    _, raw = ApiToken.issue(user, "dashboard", scopes="read")
    reader = Api(raw)
    assert reader.get("/complaints").status_code == 200
    refused = reader.post("/complaints", CASE)
    assert refused.status_code == 403
    assert "缺少“write”权限范围" in refused.json()["message"]
    assert reader.get("/reports/statistics", period="2026-10").status_code == 403
    assert manager.post("/complaints", CASE).status_code == 201  # the full token still may


def test_a_revoked_token_is_refused_on_the_next_request(staff: Any) -> None:
    manager = staff("complaint_manager", "wy_customer_service")
    assert manager.get("/complaints").status_code == 200
    ApiToken.objects.filter(user__username=manager.username).update(revoked_at=timezone.now())
    assert manager.get("/complaints").status_code == 401


def test_the_token_command_issues_scoped_tokens(staff: Any, capsys: Any) -> None:
    manager = staff("complaint_manager", "wy_customer_service")
    call_command("token", "create", manager.username, "--scopes", "read,reports")
    assert ApiToken.objects.filter(user__username=manager.username, scopes="read,reports").exists()
