"""Idempotent registration against the real server (gunicorn, 4 workers), from several
OS processes at once; on SQLite and on PostgreSQL.

POST /api/v1/complaints (tousu/api/complaints.py `create`): "Send an `Idempotency-Key`
header to make retries safe: the same key returns the first case and the first answer,
never a second case." Keys are per user (owner "user:<pk>", tousu/cases/intake.py).
"""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

import pytest
import requests
from django.contrib.auth import get_user_model

from tousu.cases.models import Complaint, Event, IdempotencyKey
from tousu.cases.models import Counter as NumberCounter

from .support import PROPERTY_CASE, Server, token_of
from .swarm import Call, peak_in_flight, swarm

PROCESSES = 4
THREADS_PER_PROCESS = 5

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def post(server: Server, api: Any, key: str | None, **changes: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {token_of(api)}", "Accept-Language": "zh-hans"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return requests.post(
        f"{server.url}/api/v1/complaints", json={**PROPERTY_CASE, **changes}, headers=headers, timeout=30
    )


def owner_of(api: Any) -> str:
    return f"user:{get_user_model().objects.get(username=api.username).pk}"


def new_key() -> str:
    return f"conc-{uuid.uuid4()}"


def test_same_key_twice_in_a_row_replays_the_first_answer(staff: Any, server: Server) -> None:
    """The same Idempotency-Key twice in a row: the same status (201 both times), the same
    JSON body, one case and one IdempotencyKey row."""
    receptionist = staff("receptionist", "wy_customer_service")
    key = new_key()
    first = post(server, receptionist, key)
    assert first.status_code == 201, (first.status_code, first.text, server.tail())
    second = post(server, receptionist, key)
    assert second.status_code == first.status_code, (second.status_code, second.text, server.tail())
    assert second.json() == first.json()

    assert Complaint.objects.count() == 1
    assert Complaint.objects.get().number == first.json()["number"]
    assert Event.objects.filter(action="register").count() == 1
    row = IdempotencyKey.objects.get()
    assert (row.owner, row.key, row.complaint.number) == (owner_of(receptionist), key, first.json()["number"])


def test_other_key_or_other_user_registers_a_new_case(staff: Any, server: Server) -> None:
    """A different key is a new case; the same key from another user is another case too
    (keys are per user: owner "user:<pk>")."""
    alice = staff("receptionist", "wy_customer_service")
    bob = staff("receptionist", "wy_customer_service")
    key = new_key()
    answers = {
        "alice, key": post(server, alice, key),
        "alice, other key": post(server, alice, new_key()),
        "bob, same key": post(server, bob, key),
        "alice, key again": post(server, alice, key),
        "bob, same key again": post(server, bob, key),
    }
    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 201), server.tail()
    bodies = {name: r.json() for name, r in answers.items()}
    assert bodies["alice, key again"] == bodies["alice, key"]
    assert bodies["bob, same key again"] == bodies["bob, same key"]
    numbers = {bodies[name]["number"] for name in ("alice, key", "alice, other key", "bob, same key")}
    assert len(numbers) == 3

    assert set(Complaint.objects.values_list("number", flat=True)) == numbers
    rows = {(row.owner, row.complaint.number) for row in IdempotencyKey.objects.select_related("complaint")}
    assert rows == {
        (owner_of(alice), bodies["alice, key"]["number"]),
        (owner_of(alice), bodies["alice, other key"]["number"]),
        (owner_of(bob), bodies["bob, same key"]["number"]),
    }


def test_same_key_twenty_times_at_once_makes_one_case(staff: Any, server: Server) -> None:
    """The same Idempotency-Key from the same user 20 times at once (4 processes × 5 threads,
    released by one barrier): all 20 answers identical (status and body), exactly one case,
    one register event and one IdempotencyKey row; the losers' rolled-back registrations
    give their sequence numbers back (numbers.py), so the case is number 1 of the day."""
    receptionist = staff("receptionist", "wy_customer_service")
    key = new_key()
    call = Call("POST", "/api/v1/complaints", token_of(receptionist), PROPERTY_CASE, {"Idempotency-Key": key})
    answers = swarm(server.url, [[[call] for _ in range(THREADS_PER_PROCESS)] for _ in range(PROCESSES)])

    total = PROCESSES * THREADS_PER_PROCESS
    assert len(answers) == total
    assert peak_in_flight(answers) >= 2, "the requests did not overlap"
    statuses = Counter(a.status for a in answers)
    assert statuses == {201: total}, (statuses, [a.body for a in answers if a.status != 201][:3], server.tail())
    first = answers[0].body
    different = [a.body for a in answers if a.body != first]
    assert not different, (first, different[:3])

    case = Complaint.objects.get()
    assert case.number == first["number"]
    assert case.number.endswith("-0001"), case.number
    assert NumberCounter.objects.get().value == 1
    assert Event.objects.filter(complaint=case).count() == case.version
    assert Event.objects.filter(action="register").count() == 1
    row = IdempotencyKey.objects.get()
    assert (row.owner, row.key, row.complaint_id) == (owner_of(receptionist), key, case.pk)
