"""HTTP load against the real server: client processes, latency and Server-Timing.

Nothing here imports Django, so client processes start with `spawn` and stay small.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import re
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from bench.fake import intake_payload

SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")
WARMUP_SECONDS = 1.0


def server_ms(response: requests.Response) -> float | None:
    found = SERVER_TIMING.search(response.headers.get("Server-Timing", ""))
    return float(found.group(1)) if found else None


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass
class Phase:
    """One measured phase: requests completed inside the window."""

    name: str
    clients: int
    seconds: float
    client_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    cpu_busy: float = float("nan")  # share of all cores busy during the window (everything on the machine)

    @property
    def ok(self) -> int:
        return len(self.client_ms)

    @property
    def rps(self) -> float:
        return self.ok / self.seconds

    def stats(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "clients": self.clients,
            "seconds": self.seconds,
            "requests": self.ok,
            "errors": self.errors,
            "rps": round(self.rps, 1),
            "client_p50_ms": round(percentile(self.client_ms, 50), 2),
            "client_p95_ms": round(percentile(self.client_ms, 95), 2),
            "server_p50_ms": round(percentile(self.server_ms, 50), 2),
            "server_p95_ms": round(percentile(self.server_ms, 95), 2),
            "cpu_busy": round(self.cpu_busy, 3),
        }


def _request(session: requests.Session, kind: str, base: str, token: str, rng: random.Random, extra: Any) -> Any:
    if kind == "bare":
        return session.post(f"{base}/bench/bare/", json={"text": f"row {rng.randrange(10**9)}"}, timeout=60)
    if kind == "intake":
        headers = {"Authorization": f"Bearer {token}", "Accept-Language": "zh-hans"}
        return session.post(f"{base}/api/v1/complaints", json=intake_payload(rng, extra), headers=headers, timeout=60)
    raise ValueError(kind)


def _client(args: tuple[str, str, str, float, float, int, Any]) -> dict[str, Any]:
    """One client process: warm up until `start_at`, then measure until `stop_at` (wall clock)."""
    kind, base, token, start_at, stop_at, seed, extra = args
    rng = random.Random(seed)
    session = requests.Session()
    client_ms: list[float] = []
    srv_ms: list[float] = []
    errors: dict[str, int] = {}
    expected = 201
    while True:
        sent = time.time()
        if sent >= stop_at:
            break
        t0 = time.perf_counter()
        try:
            response = _request(session, kind, base, token, rng, extra)
            status = str(response.status_code)
            body = response.content
        except requests.RequestException as error:
            status, body = type(error).__name__, b""
            response = None
        elapsed = (time.perf_counter() - t0) * 1000
        done = time.time()
        if sent < start_at or done > stop_at:
            continue  # warm-up, or finished after the window closed
        if response is not None and response.status_code == expected:
            client_ms.append(elapsed)
            value = server_ms(response)
            if value is not None:
                srv_ms.append(value)
        else:
            key = status
            if not errors.get(key) and body:
                key = f"{status}: {body[:200].decode(errors='replace')}"
            errors[key] = errors.get(key, 0) + 1
    return {"client_ms": client_ms, "server_ms": srv_ms, "errors": errors}


def run_phase(
    kind: str, base: str, token: str, *, clients: int, seconds: float, extra: Any = None, seed: int = 0
) -> Phase:
    """`clients` processes, each sending requests back to back for `seconds` after a warm-up."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(clients) as pool:
        # Process start-up (spawn) takes a moment on 2 cores: start the window after it.
        start_at = time.time() + WARMUP_SECONDS + 0.25 * clients
        stop_at = start_at + seconds
        jobs = [(kind, base, token, start_at, stop_at, seed * 1000 + i, extra) for i in range(clients)]
        pending = pool.map_async(_client, jobs)
        busy = float("nan")
        try:
            time.sleep(max(0.0, start_at - time.time()))
            busy0, total0 = _cpu_times()
            time.sleep(max(0.0, stop_at - time.time()))
            busy1, total1 = _cpu_times()
            busy = (busy1 - busy0) / max(1, total1 - total0)
        except OSError:
            pass
        parts = pending.get()
    phase = Phase(kind, clients, seconds, cpu_busy=busy)
    for part in parts:
        phase.client_ms.extend(part["client_ms"])
        phase.server_ms.extend(part["server_ms"])
        for key, n in part["errors"].items():
            phase.errors[key] = phase.errors.get(key, 0) + n
    return phase


@dataclass
class ReadResult:
    name: str
    client_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    items: list[int] = field(default_factory=list)
    errors: int = 0

    def stats(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "requests": len(self.server_ms),
            "errors": self.errors,
            "items_mean": round(sum(self.items) / len(self.items), 1) if self.items else 0,
            "client_p50_ms": round(percentile(self.client_ms, 50), 2),
            "client_p95_ms": round(percentile(self.client_ms, 95), 2),
            "server_p50_ms": round(percentile(self.server_ms, 50), 2),
            "server_p95_ms": round(percentile(self.server_ms, 95), 2),
            "server_max_ms": round(max(self.server_ms), 2) if self.server_ms else float("nan"),
        }


def run_reads(
    base: str, token: str, *, departments: list[str], numbers: list[str], requests_each: int, seed: int = 7
) -> list[ReadResult]:
    """One client, sequential: worklist, overdue list and detail, interleaved round-robin."""
    rng = random.Random(seed)
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}", "Accept-Language": "zh-hans"})
    results = {name: ReadResult(name) for name in ("worklist", "overdue", "detail")}

    def url(name: str) -> str:
        if name == "worklist":
            return f"{base}/api/v1/complaints?department={rng.choice(departments)}&open=true&ordering=due&limit=50"
        if name == "overdue":
            return f"{base}/api/v1/complaints?overdue=true&ordering=due"
        return f"{base}/api/v1/complaints/{rng.choice(numbers)}"

    for name in results:  # warm each worker's caches (policy specs, calendar, connection)
        for _ in range(10):
            session.get(url(name), timeout=60)
    for _ in range(requests_each):
        for name, result in results.items():
            t0 = time.perf_counter()
            response = session.get(url(name), timeout=60)
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200:
                result.errors += 1
                continue
            result.client_ms.append(elapsed)
            value = server_ms(response)
            if value is not None:
                result.server_ms.append(value)
            body = json.loads(response.content)
            result.items.append(len(body["items"]) if "items" in body else len(body.get("timeline", [])))
    return list(results.values())


def server_workers_rss(base: str) -> list[int]:
    """VmRSS (KiB) of the gunicorn workers serving `base`, read from /proc (Linux only)."""
    bind = base.split("://", 1)[1]
    procs: dict[int, tuple[int, int]] = {}  # pid -> (ppid, rss KiB)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().decode(errors="replace")
            if bind not in cmdline or "serve" not in cmdline:
                continue
            status = {}
            with open(f"/proc/{entry}/status") as f:
                for line in f:
                    key, _, value = line.partition(":")
                    status[key] = value.strip()
            procs[int(entry)] = (int(status["PPid"]), int(status.get("VmRSS", "0 kB").split()[0]))
        except (OSError, KeyError, ValueError):
            continue
    return sorted(rss for ppid, rss in procs.values() if ppid in procs)


def _cpu_times() -> tuple[int, int]:
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def cpu_busy(seconds: float = 1.0) -> float:
    """Share of all cores busy over `seconds` (0..1), from /proc/stat; NaN where unavailable."""
    try:
        busy0, total0 = _cpu_times()
        time.sleep(seconds)
        busy1, total1 = _cpu_times()
    except OSError:
        return float("nan")
    return (busy1 - busy0) / max(1, total1 - total0)


def wait_quiet(limit_seconds: float, threshold: float = 0.25) -> float:
    """Wait (up to `limit_seconds`) for 3 s in a row below `threshold` CPU use; returns the last reading.

    The machine may be shared: measurements taken while other work runs are slower.
    """
    deadline = time.monotonic() + limit_seconds
    quiet = 0
    busy = cpu_busy(1.0)
    while time.monotonic() < deadline:
        quiet = quiet + 1 if busy < threshold else 0
        if quiet >= 3:
            break
        busy = cpu_busy(1.0)
    return busy
