"""Independent reads of one report, run side by side on separate database connections.

The figures of a month are a few large, independent reads (the cases, their search
entries for the repeats, their clocks, their timeline). The database driver releases the
GIL while a query runs, so on a machine with two or more cores they take the time of the
longest rather than of all of them: SQLite serves concurrent readers in WAL mode,
PostgreSQL runs each connection in its own process.

Inside a transaction (a test, an atomic request) another connection would not see its
uncommitted rows: then the reads run one after the other on the caller's connection.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection, connections

WORKERS = 4


def _in_thread(task: Callable[[], Any]) -> Any:
    try:
        return task()
    finally:
        # Each worker thread opened its own connection: close it, nobody reuses it.
        connections.close_all()


def run_all(tasks: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    if connection.in_atomic_block or len(tasks) < 2:
        return {name: task() for name, task in tasks.items()}
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(tasks)), thread_name_prefix="report") as pool:
        futures = {name: pool.submit(_in_thread, task) for name, task in tasks.items()}
        return {name: future.result() for name, future in futures.items()}
