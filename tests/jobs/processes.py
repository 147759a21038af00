"""Runners as separate processes on the test's database: embedded workers and Celery."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tousu.core.liveserver import current_database_url


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": current_database_url(), "TOUSU_LOG_LEVEL": "WARNING", **extra}
    env.pop("TOUSU_TEST_SQLITE_NAME", None)
    return env


@contextmanager
def process(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with open(log, "ab") as out:
        child = subprocess.Popen(args, env=_env(env), stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            yield child
        finally:
            child.terminate()
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


@contextmanager
def embedded_workers(count: int, env: dict[str, str], logs: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`tousu worker` × count, polling every 0.2 s."""
    with ExitStack() as stack:
        children = [
            stack.enter_context(
                process(
                    [sys.executable, "-m", "tousu", "worker", "--poll", "0.2"],
                    env,
                    logs / f"worker-{i}.log",
                )
            )
            for i in range(count)
        ]
        yield children


def celery(args: list[str], env: dict[str, str], log: Path) -> ExitStack:
    stack = ExitStack()
    stack.enter_context(process([sys.executable, "-m", "celery", "-A", "tousu.jobs.celery_app", *args], env, log))
    return stack
