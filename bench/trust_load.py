"""Load for issue 6: 50 concurrent clients register and act on cases for 60 s against the
real server (`tousu serve`) on PostgreSQL; zero errors, zero lost or duplicated cases.

    python -m bench.trust_load [--clients 50] [--seconds 60] [--database postgres://...]

Each client loops: register a case (with its own Idempotency-Key), then add a note to it.
Afterwards every answered tracking number must exist exactly once, and the database must
hold exactly the answered cases.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import psycopg

from tousu.core.liveserver import running_server

CASE = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": "王芳",
    "complainant_phone": "13800001234",
    "complainant_unit": "3栋1单元502",
    "category": "elevator",
    "content": "电梯停在8楼不动，里面有老人被困。",
}


def tousu(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([sys.executable, "-m", "tousu", *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


def fresh_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def call(base: str, token: str, path: str, body: dict, key: str | None = None) -> tuple[int, dict, float]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(f"{base}{path}", data=json.dumps(body).encode(), headers=headers, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, {}, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/tousu_trust_load")
    args = parser.parse_args()

    fresh_database(args.database)
    tousu(args.database, "setup")
    tousu(args.database, "user", "add", "loadclerk", "--role", "receptionist", "--department", "wy_customer_service")
    token = tousu(args.database, "token", "create", "loadclerk").split()[-1]

    numbers: list[str] = []
    errors: list[str] = []
    register_times: list[float] = []
    note_times: list[float] = []
    lock = threading.Lock()

    def client(index: int, base: str, until: float) -> None:
        n = 0
        while time.monotonic() < until:
            n += 1
            key = f"load-{index}-{n}"
            status, body, took = call(base, token, "/api/v1/complaints", {**CASE, "content": f"{key} 电梯困人"}, key)
            if status != 201:
                with lock:
                    errors.append(f"register {status}")
                continue
            status2, _, took2 = call(
                base, token, f"/api/v1/complaints/{body['number']}/note", {"note": "已电话联系业主"}
            )
            with lock:
                numbers.append(body["number"])
                register_times.append(took)
                note_times.append(took2)
                if status2 != 200:
                    errors.append(f"note {status2}")

    env = {"TOUSU_PUBLIC_PER_ADDRESS": "1000000"}
    with running_server(args.database, workers=args.workers, env=env) as base:
        until = time.monotonic() + args.seconds
        threads = [threading.Thread(target=client, args=(i, base, until)) for i in range(args.clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

    with psycopg.connect(args.database) as conn:
        stored = conn.execute("SELECT count(*), count(DISTINCT content) FROM cases_complaint").fetchone()
        found = conn.execute("SELECT count(*) FROM cases_complaint WHERE number = ANY(%s)", [numbers]).fetchone()[0]
    assert stored is not None
    lost = len(numbers) - found
    duplicated = stored[0] - stored[1]
    unanswered = stored[0] - len(numbers)
    p50 = statistics.median(register_times) * 1000 if register_times else 0
    p95 = statistics.quantiles(register_times, n=20)[-1] * 1000 if len(register_times) > 20 else 0
    print(f"clients {args.clients}, {elapsed:.0f} s, gunicorn workers {args.workers}, PostgreSQL")
    print(f"cases registered and noted: {len(numbers)} ({len(numbers) / elapsed:.1f}/s, two requests each)")
    print(f"register p50 {p50:.0f} ms, p95 {p95:.0f} ms; note p50 {statistics.median(note_times) * 1000:.0f} ms")
    print(f"errors {len(errors)}, lost {lost}, duplicated {duplicated}, stored without an answer {unanswered}")
    if errors or lost or duplicated or unanswered:
        print("FAILED:", sorted(set(errors))[:5])
        sys.exit(1)


if __name__ == "__main__":
    main()
