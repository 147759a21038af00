"""Opt-in SQL statement timing inside the server (TOUSU_BENCH_TRACE=1, `bench.run --trace`).

Each server process adds a wrapper to its database connections that sums time and count
per kind of statement, and a thread writes the totals to <TOUSU_VAR_DIR>/trace/<pid>.json twice a
second. The benchmark reads the files before and after a phase: the difference
shows where the server time of a request goes, e.g. waiting for SQLite's write lock in
BEGIN IMMEDIATE or for PostgreSQL's row lock on the tracking-number counter.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings

_totals: dict[str, list[float]] = {}  # kind -> [count, seconds, max seconds]
_lock = threading.Lock()
_flusher_pid = 0  # the process whose flusher thread runs (threads do not survive gunicorn's fork)
_TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?([a-z_]+)"?', re.IGNORECASE)


def kind_of(sql: str) -> str:
    words = sql.lstrip().split(None, 2)
    verb = " ".join(words[:2]).upper() if words[:1] == ["BEGIN"] else (words[0].upper() if words else "?")
    found = _TABLE.search(sql)
    return f"{verb} {found.group(1)}" if found and verb != "BEGIN IMMEDIATE" else verb


def _write() -> None:
    folder = Path(settings.VAR_DIR) / "trace"
    folder.mkdir(exist_ok=True)
    tmp = folder / f".{os.getpid()}.tmp"
    tmp.write_text(json.dumps(_totals))
    tmp.replace(folder / f"{os.getpid()}.json")


def _flush_forever() -> None:
    while True:
        time.sleep(0.5)
        with _lock:
            _write()


def _ensure_flusher() -> None:
    global _flusher_pid
    if _flusher_pid != os.getpid():
        _flusher_pid = os.getpid()
        threading.Thread(target=_flush_forever, name="bench-trace", daemon=True).start()


def _add(key: str, took: float) -> None:
    with _lock:
        entry = _totals.setdefault(key, [0, 0.0, 0.0])
        entry[0] += 1
        entry[1] += took
        entry[2] = max(entry[2], took)


# Pseudo-statements: how long locks are held, from the statement that takes them to COMMIT.
HELD_WRITE_LOCK = "(held: SQLite write lock, BEGIN IMMEDIATE → COMMIT)"
HELD_COUNTER = "(held: counter row, upsert → COMMIT)"


def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    _ensure_flusher()
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        ended = time.perf_counter()
        key = kind_of(sql)
        _add(key, ended - started)
        connection = context.get("connection")
        if connection is not None:
            if key == "BEGIN IMMEDIATE":
                connection.bench_lock_taken = ended
            elif key == "INSERT cases_counter":
                connection.bench_counter_taken = ended


def _wrap_commit(connection: Any) -> None:
    original = connection._commit

    def _commit() -> Any:
        started = time.perf_counter()
        try:
            return original()
        finally:
            ended = time.perf_counter()
            _add("COMMIT", ended - started)
            for attr, key in (("bench_lock_taken", HELD_WRITE_LOCK), ("bench_counter_taken", HELD_COUNTER)):
                taken = getattr(connection, attr, None)
                if taken is not None:
                    _add(key, ended - taken)
                    setattr(connection, attr, None)

    connection._commit = _commit


def install() -> None:
    from django.db.backends.signals import connection_created

    def add(sender: Any, connection: Any, **kwargs: Any) -> None:
        if wrapper not in connection.execute_wrappers:
            connection.execute_wrappers.append(wrapper)
            _wrap_commit(connection)

    connection_created.connect(add, weak=False)
