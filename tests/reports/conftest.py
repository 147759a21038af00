from typing import Any

import pytest

from tests.reports.dataset import AS_OF, build
from tousu.reports.period import month
from tousu.reports.scope import Scope


@pytest.fixture
def october(setup_data: None) -> dict[str, Any]:
    """The hand-built October of docs in tests/reports/dataset.py."""
    return build()


@pytest.fixture
def scope(october: dict[str, Any]) -> Scope:
    return Scope(period=month(2026, 10), policy="property-office", as_of=AS_OF)
