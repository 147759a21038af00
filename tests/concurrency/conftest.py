"""A real gunicorn server (`tousu serve`, 4 workers) on the test database.

The tests that use it must be transactional (`@pytest.mark.django_db(transaction=True)`):
the server runs in other processes and only sees committed rows. pytest-django flushes
the database after each such test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from tousu.core.liveserver import current_database_url, running_server

from .support import Server

SERVER_WORKERS = 4


@pytest.fixture
def server(setup_data: None, tmp_path: Path) -> Iterator[Server]:
    """`tousu serve` with 4 workers on this test's database (committed data only)."""
    assert not connection.in_atomic_block, "mark the test django_db(transaction=True): the server must see the data"
    log = tmp_path / "server.log"
    # On a shared 2-core machine four workers may take long to start (see liveserver).
    with running_server(current_database_url(), workers=SERVER_WORKERS, log=log, ready_within=120) as url:
        yield Server(url, log)
