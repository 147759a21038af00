"""Schemathesis against /api/v1/openapi.json (issue 6, proof), in-process through the WSGI
application: for every operation a bounded number of generated requests, as a complaint
manager with a real token; no answer is a server error, every status code is documented,
and every answer matches the schema it is documented with."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.web.conftest import PROPERTY_CASE as CASE
from tousu.cases import intake
from tousu.wsgi import application


@pytest.fixture
def in_process(setup_data: None) -> Iterator[None]:
    # As Django's test client does: the WSGI handler must not close the connection that
    # holds the test's transaction at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(in_process: None, staff: Any, settings: Any) -> str:
    settings.TOUSU_PUBLIC_PER_ADDRESS = 10**6  # the fuzzer is one busy client
    manager = staff("complaint_manager", "wy_customer_service")
    intake.register(CASE, actor=None, actor_kind="complainant")
    return manager.headers["HTTP_AUTHORIZATION"]


# Read once at collection, through the application itself (no database needed).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


BOUNDED = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def test_no_server_errors_and_answers_match_the_schema(token: str) -> None:
    # One database set-up for all operations (loading the presets per operation would
    # cost minutes); each operation gets its own bounded Hypothesis run.
    headers = {"Authorization": token, "Accept-Language": "zh-hans"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30

    for operation in operations:

        @given(case=operation.as_strategy())
        @BOUNDED
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            case.validate_response(
                response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
            )

        run()


def test_a_search_within_filters_that_match_nothing_answers_empty(staff: Any) -> None:
    """Found by the OpenAPI fuzz test on PostgreSQL: a text search filtered by an unknown
    department or person was a server error."""
    manager = staff("complaint_manager", "wy_customer_service")
    manager.post("/complaints", CASE)
    answer = manager.get("/complaints", q="电梯", department="T", assignee="nobody", received_by="nobody")
    assert answer.status_code == 200, answer.content.decode()
    assert answer.json()["items"] == []


def test_times_with_impossible_offsets_are_refused_not_a_server_error(staff: Any) -> None:
    """Found by the OpenAPI fuzz test on PostgreSQL, which refuses offsets beyond ±15:59."""
    manager = staff("complaint_manager", "wy_customer_service")
    manager.post("/complaints", CASE)
    for bad in ("3335-08-08T07:03:34+20:38", "0001-01-01T00:00:00+14:00"):
        for name in ("received_before", "received_after", "due_before"):
            answer = manager.get("/complaints", q="电梯", **{name: bad})
            assert answer.status_code == 422, (name, bad, answer.content.decode())
    kept = manager.get(
        "/complaints", received_after="2000-01-01T00:00:00+08:00", received_before="3000-01-01T00:00:00-12:00"
    )
    assert kept.status_code == 200 and len(kept.json()["items"]) == 1


def test_the_nul_character_is_bad_input_everywhere(staff: Any) -> None:
    """Found by the OpenAPI fuzz test on PostgreSQL, which cannot store or compare text
    with NUL: in a JSON body, a query string or a path it is refused, on both databases."""
    manager = staff("complaint_manager", "wy_customer_service")
    body = manager.post("/search/similar", {"complainant_unit": "}\x00", "content": "电梯"})
    assert body.status_code == 422 and body.json()["code"] == "invalid_input", body.content.decode()
    assert body.json()["message"] == "文本中不能含有空字符（NUL）。"
    registered = manager.post("/complaints", {**CASE, "complainant_unit": "3栋\x00"})
    assert registered.status_code == 422
    for query in ({"q": "电梯\x00"}, {"phone": "138\x00"}):
        assert manager.get("/complaints", **query).status_code == 400
    assert manager.get("/complaints/WY\x00/attachments/x").status_code == 400
    # Open311's form posts too, answered in its own error format.
    filed = manager.client.post(
        "/open311/v2/requests.json",
        {"service_code": "elevator", "description": "电梯\x00"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert filed.status_code == 400 and filed.json() == [{"code": 400, "description": "文本中不能含有空字符（NUL）。"}]
