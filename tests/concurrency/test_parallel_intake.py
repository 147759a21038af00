"""Parallel intake and parallel actions against the real server (gunicorn, 4 workers),
from several OS processes at once; on SQLite and on PostgreSQL.

- Tracking numbers (tousu/cases/numbers.py): prefix + date + a per-day sequence that is
  unique and gapless under concurrent intake on both databases.
- Optimistic lock (tousu/cases/actions.py `perform`): a client that sends the `version`
  it saw is refused with 409 "conflict" when someone else changed the case first; a
  client that sends no version never loses a change to a concurrent one.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import requests
from django.utils import timezone

from tousu.cases.models import Complaint, Event
from tousu.cases.models import Counter as NumberCounter

from .support import PROPERTY_CASE, Server, token_of
from .swarm import Call, peak_in_flight, swarm

PROCESSES = 4
REGISTRATIONS_PER_PROCESS = 25
RACERS = 8

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def register(server: Server, api: Any, **changes: Any) -> dict[str, Any]:
    response = requests.post(
        f"{server.url}/api/v1/complaints",
        json={**PROPERTY_CASE, **changes},
        headers={"Authorization": f"Bearer {token_of(api)}"},
        timeout=30,
    )
    assert response.status_code == 201, (response.status_code, response.text, server.tail())
    return response.json()  # type: ignore[no-any-return]


def split(number: str) -> tuple[str, int]:
    prefix, sequence = number.rsplit("-", 1)
    return prefix, int(sequence)


def test_parallel_registrations_get_unique_gapless_tracking_numbers(staff: Any, server: Server) -> None:
    """Tracking numbers under concurrent intake (numbers.py: "Unique under concurrent intake
    on both databases: one atomic upsert per number"; registration P2.5, P4.5.1, P5.1).

    4 processes × 25 registrations of the same day, all started together: 100 answers
    201, 100 distinct numbers WY<today>-NNNN whose sequences are exactly 1..100, and
    exactly 100 cases, 100 "register" events and a day counter at 100 in the database.
    """
    receptionists = [staff("receptionist", "wy_customer_service") for _ in range(PROCESSES)]
    day_before = timezone.localdate()
    plan = [
        [
            [
                Call(
                    "POST",
                    "/api/v1/complaints",
                    token_of(receptionist),
                    {**PROPERTY_CASE, "content": f"电梯故障（进程{p}，第{i}件）"},
                    tag=f"{p}/{i}",
                )
                for i in range(REGISTRATIONS_PER_PROCESS)
            ]
        ]
        for p, receptionist in enumerate(receptionists)
    ]
    answers = swarm(server.url, plan)
    day_after = timezone.localdate()
    total = PROCESSES * REGISTRATIONS_PER_PROCESS

    statuses = Counter(a.status for a in answers)
    failed = [(a.status, a.body) for a in answers if a.status != 201][:3]
    assert statuses == {201: total}, (statuses, failed, server.tail())
    assert peak_in_flight(answers) >= 2, "the registrations did not overlap"

    numbers = [a.body["number"] for a in answers]
    assert len(set(numbers)) == total, Counter(numbers).most_common(3)
    prefixes = {split(n)[0] for n in numbers}
    assert len(prefixes) == 1, prefixes
    (prefix,) = prefixes
    assert prefix in {f"WY{day:%Y%m%d}" for day in (day_before, day_after)}
    assert sorted(split(n)[1] for n in numbers) == list(range(1, total + 1))
    # Each client sent its registrations one after the other: its numbers only go up.
    for p in range(PROCESSES):
        mine = [split(a.body["number"])[1] for a in answers if a.process == p]
        assert mine == sorted(mine), (p, mine)

    assert Complaint.objects.count() == total
    assert set(Complaint.objects.values_list("number", flat=True)) == set(numbers)
    registered = Event.objects.filter(action="register")
    assert registered.count() == total
    assert registered.values("complaint").distinct().count() == total
    assert not registered.exclude(seq=1).exists()
    assert NumberCounter.objects.get(key=prefix).value == total
    # Every registration's content is in exactly one case: nothing swapped or lost.
    contents = Counter(Complaint.objects.values_list("content", flat=True))
    assert len(contents) == total and set(contents.values()) == {1}


@pytest.mark.parametrize("action", ["note", "assign"])
def test_same_version_racing_one_wins_the_others_conflict(staff: Any, server: Server, action: str) -> None:
    """Optimistic lock (actions.py `perform`; ActionInput.version: "a stale one is refused
    as a conflict"; assign is P2.9 / P4.5.3).

    8 processes post the same action with the version they all read, at once: exactly one
    200, seven 409 with code "conflict"; the case's version goes up by exactly one and
    exactly one new event is written (the winner's).
    """
    receptionist = staff("receptionist", "wy_customer_service")
    head = staff("department_head", "wy_engineering")
    handler = staff("handler", "wy_engineering")
    number = register(server, receptionist)["number"]
    case = Complaint.objects.get(number=number)
    version = case.version
    events_before = list(Event.objects.filter(complaint=case).values_list("seq", flat=True))
    assert events_before == list(range(1, version + 1))

    if action == "note":
        actor, body = receptionist, {}
    else:
        actor, body = head, {"assignee": handler.username}
    plan = [
        [
            [
                Call(
                    "POST",
                    f"/api/v1/complaints/{number}/{action}",
                    token_of(actor),
                    {**body, "version": version, "note": f"racer {i}"},
                    tag=str(i),
                )
            ]
        ]
        for i in range(RACERS)
    ]
    answers = swarm(server.url, plan)

    statuses = Counter(a.status for a in answers)
    assert statuses == {200: 1, 409: RACERS - 1}, (statuses, [a.body for a in answers], server.tail())
    assert peak_in_flight(answers) >= 2, "the actions did not overlap"
    losers = [a for a in answers if a.status == 409]
    assert {a.body["code"] for a in losers} == {"conflict"}, [a.body for a in losers]
    (winner,) = [a for a in answers if a.status == 200]
    assert winner.body["complaint"]["version"] == version + 1
    assert [e["seq"] for e in winner.body["events"]] == [version + 1]

    case.refresh_from_db()
    assert case.version == version + 1
    new_events = list(Event.objects.filter(complaint=case, seq__gt=version))
    assert len(new_events) == 1
    assert Event.objects.filter(complaint=case).count() == version + 1
    (event,) = new_events
    assert (event.seq, event.action, event.note) == (version + 1, action, f"racer {winner.tag}")
    if action == "assign":
        assert case.state == "assigned"
        assert case.assignee is not None and case.assignee.username == handler.username


def test_racing_actions_without_version_are_all_applied(staff: Any, server: Server) -> None:
    """Optimistic lock without a client version (actions.py `perform`: the version is only
    checked when the client sends the one it saw).

    8 processes post a note each, without `version`, at once: all 8 succeed (they are
    applied one after the other), the version goes up by exactly 8 and the 8 notes are 8
    events with consecutive seq — nothing is lost or refused.
    """
    receptionist = staff("receptionist", "wy_customer_service")
    number = register(server, receptionist)["number"]
    case = Complaint.objects.get(number=number)
    version = case.version
    plan = [
        [[Call("POST", f"/api/v1/complaints/{number}/note", token_of(receptionist), {"note": f"note {i}"}, tag=str(i))]]
        for i in range(RACERS)
    ]
    answers = swarm(server.url, plan)

    statuses = Counter(a.status for a in answers)
    assert statuses == {200: RACERS}, (statuses, [a.body for a in answers if a.status != 200], server.tail())
    assert peak_in_flight(answers) >= 2, "the actions did not overlap"
    case.refresh_from_db()
    assert case.version == version + RACERS
    events = list(Event.objects.filter(complaint=case, seq__gt=version).order_by("seq"))
    assert [e.seq for e in events] == list(range(version + 1, version + RACERS + 1))
    assert {e.action for e in events} == {"note"}
    assert sorted(e.note for e in events) == sorted(f"note {i}" for i in range(RACERS))
    assert sorted(e["seq"] for a in answers for e in a.body["events"]) == [e.seq for e in events]
