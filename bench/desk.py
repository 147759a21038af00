"""The staff desk's pages under the benchmark: the worklist, a case page and the
registration form, read by a signed-in staff member of a busy department over the real
server (server time from Server-Timing), plus the SQL statements per page in-process.

Top-level imports stay free of Django (see bench/run.py).
"""

from __future__ import annotations

import random
import re
import time
from typing import Any

import requests

from bench.load import ReadResult

TARGET_DESK_P95_MS = 100.0
DESK_READS = ("desk worklist", "desk case page", "desk registration form")
# A handler of the busiest property-office department: the seed makes every bench staff
# member the first receiver of about 1/80 of all cases, so "mine" is large too.
DESK_USERNAME = "bench_wy_engineering_1"
DESK_PASSWORD = "bench-desk-pw-2026"  # noqa: S105 - benchmark database only


def prepare_desk_user(numbers: list[str]) -> list[str]:
    """Give the seeded staff member a password (in-process, before the server starts) and
    return the sampled tracking numbers that are theirs to open (tousu.cases.scope)."""
    from django.contrib.auth import get_user_model

    from tousu.cases.scope import visible_cases

    user = get_user_model().objects.get(username=DESK_USERNAME)
    user.set_password(DESK_PASSWORD)
    user.save(update_fields=["password"])
    theirs = visible_cases(user).filter(number__in=numbers).values_list("number", flat=True)
    return sorted(theirs) or list(visible_cases(user).order_by("-id").values_list("number", flat=True)[:100])


def _server_ms(response: requests.Response) -> float | None:
    match = re.search(r"app;dur=([0-9.]+)", response.headers.get("Server-Timing", ""))
    return float(match.group(1)) if match else None


def _login(base: str) -> requests.Session:
    session = requests.Session()
    session.headers["Accept-Language"] = "zh-hans"
    session.get(f"{base}/accounts/login/", timeout=60)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": DESK_USERNAME,
            "password": DESK_PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "next": "/desk/",
        },
        timeout=60,
    )
    if not response.url.rstrip("/").endswith("/desk"):
        raise RuntimeError(f"desk login failed: {response.status_code} {response.url}")
    return session


def run_desk_reads(base: str, *, numbers: list[str], requests_each: int, seed: int = 11) -> list[ReadResult]:
    """One client, sequential, the three pages interleaved round-robin."""
    rng = random.Random(seed)
    session = _login(base)
    paths = {
        "desk worklist": lambda: "/desk/",
        "desk case page": lambda: f"/desk/cases/{rng.choice(numbers)}/",
        "desk registration form": lambda: "/desk/register/",
    }
    results = {name: ReadResult(name) for name in DESK_READS}
    for name in results:  # warm each worker's caches
        for _ in range(10):
            session.get(base + paths[name](), timeout=60)
    for _ in range(requests_each):
        for name, result in results.items():
            t0 = time.perf_counter()
            response = session.get(base + paths[name](), timeout=60)
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200:
                result.errors += 1
                continue
            result.client_ms.append(elapsed)
            value = _server_ms(response)
            if value is not None:
                result.server_ms.append(value)
            result.items.append(response.text.count("<tr"))
    return list(results.values())


def desk_query_counts(numbers: list[str]) -> dict[str, int]:
    """SQL statements per desk page, in-process (Django test client, same user)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(get_user_model().objects.get(username=DESK_USERNAME))
    out: dict[str, int] = {}
    for name, path in (
        ("desk worklist", "/desk/"),
        ("desk case page", f"/desk/cases/{numbers[0]}/"),
        ("desk registration form", "/desk/register/"),
    ):
        client.get(path)  # warm the per-process caches first
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        out[name] = len(captured)
    return out


def report_rows(results: list[ReadResult], queries: dict[str, int]) -> list[list[Any]]:
    rows = []
    for result in results:
        s = result.stats()
        rows.append(
            [
                s["name"],
                s["requests"],
                f"{s['server_p50_ms']:.2f}",
                f"{s['server_p95_ms']:.2f}",
                f"{s['server_max_ms']:.2f}",
                f"{s['client_p95_ms']:.2f}",
                queries.get(s["name"], "—"),
                s["errors"],
            ]
        )
    return rows
