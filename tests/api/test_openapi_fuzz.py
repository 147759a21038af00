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
