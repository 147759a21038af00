"""Firing HTTP requests at a live server from several OS processes at once.

The test process describes the work as plain data (`Call`s grouped into lanes, lanes
grouped into processes). Each process is started with the "spawn" context, so it
inherits neither Django nor the test database connection: it only imports this module
and `requests`. Every lane (one thread with its own `requests.Session`) first warms up
with one cheap request, then waits on a barrier shared by all lanes of all processes, so the
real requests leave together.
"""

from __future__ import annotations

import multiprocessing as mp
import queue as queue_module
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

import requests

# Cheap and authenticated: checks the token and opens the worker's database connection.
WARM_UP_PATH = "/api/v1/complaints?limit=1"


@dataclass(frozen=True)
class Call:
    """One HTTP request; `path` is relative to the server's base URL."""

    method: str
    path: str
    token: str
    json: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    tag: str = ""


@dataclass(frozen=True)
class Answer:
    process: int
    lane: int
    index: int  # position of the call in its lane
    tag: str
    status: int
    body: Any  # parsed JSON, or the text when the answer is not JSON
    sent: float  # time.time() just before sending
    received: float  # time.time() just after the answer


def _send(session: requests.Session, base: str, call: Call) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {call.token}", "Accept-Language": "zh-hans", **call.headers}
    response = session.request(call.method, base + call.path, json=call.json, headers=headers, timeout=60)
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    return response.status_code, body


def _process_main(
    base: str, process: int, lanes: list[tuple[int, list[Call]]], barrier: Any, results: Any, wait: float
) -> None:
    answers: list[Answer] = []
    failures: list[str] = []
    lock = threading.Lock()

    def run_lane(lane: int, calls: list[Call]) -> None:
        try:
            with requests.Session() as session:
                status, body = _send(session, base, Call("GET", WARM_UP_PATH, calls[0].token))
                if status != 200:
                    raise AssertionError(f"warm-up answered {status}: {body}")
                barrier.wait(timeout=wait)
                for index, call in enumerate(calls):
                    sent = time.time()
                    status, body = _send(session, base, call)
                    answer = Answer(process, lane, index, call.tag, status, body, sent, time.time())
                    with lock:
                        answers.append(answer)
        except BaseException:
            with lock:
                failures.append(f"process {process} lane {lane}:\n{traceback.format_exc()}")
            barrier.abort()  # release the others rather than letting them wait out the timeout

    threads = [threading.Thread(target=run_lane, args=lane) for lane in lanes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((process, answers, failures))


def swarm(base: str, processes: list[list[list[Call]]], *, timeout: float = 60.0) -> list[Answer]:
    """Runs `processes[p][l]` (the calls of lane l of process p, in order) in OS process p,
    all lanes starting together behind one barrier. Returns every answer, ordered by
    (process, lane, index); raises if any process or lane failed to get its answers."""
    ctx = mp.get_context("spawn")
    lane_count = sum(len(lanes) for lanes in processes)
    barrier = ctx.Barrier(lane_count)
    results = ctx.Queue()
    workers = []
    lane_id = 0
    for number, lanes in enumerate(processes):
        numbered = []
        for calls in lanes:
            numbered.append((lane_id, calls))
            lane_id += 1
        workers.append(
            ctx.Process(target=_process_main, args=(base, number, numbered, barrier, results, timeout), daemon=True)
        )
    for worker in workers:
        worker.start()
    answers: list[Answer] = []
    failures: list[str] = []
    deadline = time.monotonic() + timeout
    try:
        for _ in workers:
            try:
                _, got, failed = results.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue_module.Empty:
                codes = [w.exitcode for w in workers]
                raise AssertionError(
                    f"the client processes did not report within {timeout} s (exit codes {codes})"
                ) from None
            answers.extend(got)
            failures.extend(failed)
    finally:
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.kill()
                worker.join()
    assert not failures, "client lanes failed:\n" + "\n".join(failures)
    expected = sum(len(calls) for lanes in processes for calls in lanes)
    assert len(answers) == expected, f"{len(answers)} answers for {expected} calls"
    return sorted(answers, key=lambda a: (a.process, a.lane, a.index))


def peak_in_flight(answers: list[Answer]) -> int:
    """The largest number of requests that were on the wire at the same moment."""
    edges = sorted([(a.sent, 1) for a in answers] + [(a.received, -1) for a in answers], key=lambda e: (e[0], e[1]))
    peak = current = 0
    for _, step in edges:
        current += step
        peak = max(peak, current)
    return peak
