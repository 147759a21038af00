"""Crash test (issue 6, proof): the real server (`tousu serve`, gunicorn) is killed with
SIGKILL in the middle of 1,000 parallel registrations through the API. After a restart,
every registration that was answered with a tracking number exists exactly once and
complete (its register event, its clocks), and the database passes its integrity check."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection

from tests.web.conftest import PROPERTY_CASE as CASE
from tousu.cases.models import Clock, Complaint, Event
from tousu.core.liveserver import current_database_url, free_port, running_server

TOTAL = 1000
KILL_AFTER = 200  # answers received before the kill


def _wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, "the server exited before answering"
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=5).close()  # noqa: S310 - loopback
            return
        except OSError:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_sigkill_during_1000_registrations_loses_and_duplicates_nothing(staff: Any) -> None:
    token = staff("receptionist", "wy_customer_service").headers["HTTP_AUTHORIZATION"]
    env = {**os.environ, "DATABASE_URL": current_database_url(), "TOUSU_PUBLIC_PER_ADDRESS": "1000000"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "tousu", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes master and workers
    )
    answered: dict[str, str] = {}  # idempotency key -> tracking number
    lock, killed = threading.Lock(), threading.Event()

    def submit(n: int) -> None:
        key = f"crash-{n}"
        request = urllib.request.Request(  # noqa: S310 - loopback
            f"{base}/api/v1/complaints",
            data=json.dumps({**CASE, "content": f"{CASE['content']} #{n}"}).encode(),
            headers={"Authorization": token, "Content-Type": "application/json", "Idempotency-Key": key},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                number = json.load(response)["number"]
        except (OSError, http.client.HTTPException, ValueError):
            # no whole answer (the kill can cut one mid-body): the client does not know,
            # and may retry with its key
            return
        with lock:
            answered[key] = number
            if len(answered) >= KILL_AFTER and not killed.is_set():
                killed.set()
                os.killpg(server.pid, signal.SIGKILL)

    try:
        _wait_ready(base, server)
        with ThreadPoolExecutor(32) as pool:
            list(pool.map(submit, range(TOTAL)))
    finally:
        if not killed.is_set():
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    assert killed.is_set() and KILL_AFTER <= len(answered) < TOTAL

    # Restart: the server comes up on the same database and serves an answered case.
    with running_server(current_database_url(), workers=1, env={"TOUSU_PUBLIC_PER_ADDRESS": "1000000"}) as again:
        some = next(iter(answered.values()))
        request = urllib.request.Request(f"{again}/api/v1/complaints/{some}", headers={"Authorization": token})  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            assert json.load(response)["number"] == some

    numbers = list(answered.values())
    cases = Complaint.objects.filter(number__in=numbers)
    assert cases.count() == len(set(numbers)) == len(numbers)  # every answer exists, once
    for case in cases:
        assert Event.objects.filter(complaint=case, seq=1, action="register").count() == 1
        assert Clock.objects.filter(complaint=case).exists()
    # Nothing registered twice under one key, answered or not.
    contents = list(Complaint.objects.values_list("content", flat=True))
    assert len(contents) == len(set(contents))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchone()[0] == "ok"
        else:
            cursor.execute(
                "SELECT count(*) FROM cases_event e LEFT JOIN cases_complaint c ON c.id = e.complaint_id"
                " WHERE c.id IS NULL"
            )
            assert cursor.fetchone()[0] == 0
