"""Start the real server (`tousu serve`, gunicorn) in a subprocess, for tests and benchmarks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_process_group(process: subprocess.Popen[bytes], grace: float = 40) -> None:
    """Stops a process started with `start_new_session=True` and every process it started,
    and returns only when they are gone. Stopping the leader alone can orphan a child (the
    job runner beside gunicorn) that keeps a database transaction open after the test."""
    group = process.pid
    try:
        os.killpg(group, signal.SIGTERM)
        process.wait(timeout=grace)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        pass
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(group, signal.SIGKILL)  # whatever outlived its leader
        except ProcessLookupError:
            break
        process.poll()  # reap the leader, or the group never empties
        time.sleep(0.05)
    process.wait()


@contextmanager
def running_server(
    database_url: str,
    *,
    workers: int = 2,
    env: dict[str, str] | None = None,
    log: Path | None = None,
    ready_within: float = 120,
    job_runner: bool = True,
) -> Iterator[str]:
    """Yields the base URL of a gunicorn server on `database_url`; stops it on exit.
    Without `job_runner` the embedded job runner is not started (`serve --no-worker`)."""
    port = free_port()
    full_env = {**os.environ, "DATABASE_URL": database_url, "TOUSU_WORKERS": str(workers), **(env or {})}
    out = open(log, "ab") if log else subprocess.DEVNULL
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "tousu", "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        + ([] if job_runner else ["--no-worker"]),
        env=full_env,
        stdout=out,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stopping it takes workers and job runner
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_within
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode} before answering")
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=10).close()  # noqa: S310 - loopback
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not answer within {ready_within:g} s") from None
                time.sleep(0.2)
        yield base
    finally:
        stop_process_group(process)
        if log and out is not subprocess.DEVNULL:
            out.close()  # type: ignore[union-attr]


def current_database_url() -> str:
    """The URL of the database this process uses now (the test database inside pytest)."""
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
