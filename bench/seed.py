"""Seeding a realistic data set fast: batched direct INSERTs, not the HTTP API.

The data set only has to look like a year of work (policies, departments, states, due
times, timelines, clocks) so that reads are measured against realistic tables and
indexes. The measured intake goes through the HTTP API (bench.load).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter as Tally
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from bench.fake import REQUESTS, content, person, phone, unit
from tousu.cases import rules
from tousu.cases.models import Clock, Complaint, Counter, Event
from tousu.cases.vocab import ClockState, State
from tousu.org.models import Position, Staff, Unit
from tousu.policies.models import Policy
from tousu.policies.registry import spec_of_version

BATCH = 5000
OPEN_SHARE = 0.30

# Event paths to each final state; filler steps (note/reply/follow_up) pad them to 3–8 events.
PATHS: dict[str, list[tuple[str, str]]] = {
    State.REGISTERED: [("register", State.REGISTERED)],
    State.ACCEPTED: [("register", State.REGISTERED), ("screen", State.ACCEPTED)],
    State.ASSIGNED: [("register", State.REGISTERED), ("screen", State.ACCEPTED), ("assign", State.ASSIGNED)],
    State.IN_PROGRESS: [
        ("register", State.REGISTERED),
        ("assign", State.ASSIGNED),
        ("plan", State.IN_PROGRESS),
    ],
    State.RESOLVED: [
        ("register", State.REGISTERED),
        ("assign", State.ASSIGNED),
        ("plan", State.IN_PROGRESS),
        ("resolve", State.RESOLVED),
    ],
    State.TO_BE_IMPROVED: [
        ("register", State.REGISTERED),
        ("assign", State.ASSIGNED),
        ("set_aside", State.TO_BE_IMPROVED),
    ],
    State.CLOSED: [
        ("register", State.REGISTERED),
        ("assign", State.ASSIGNED),
        ("resolve", State.RESOLVED),
        ("callback", State.RESOLVED),
        ("close", State.CLOSED),
    ],
    State.WITHDRAWN: [("register", State.REGISTERED), ("withdraw", State.WITHDRAWN)],
    State.INVALID: [("register", State.REGISTERED), ("verify", State.INVALID)],
    State.REFERRED: [("register", State.REGISTERED), ("screen", State.REFERRED)],
}
OPEN_STATE_WEIGHTS = [
    (State.REGISTERED, 10),
    (State.ACCEPTED, 15),
    (State.ASSIGNED, 25),
    (State.IN_PROGRESS, 30),
    (State.RESOLVED, 12),
    (State.TO_BE_IMPROVED, 8),
]
ENDED_STATE_WEIGHTS = [(State.CLOSED, 85), (State.WITHDRAWN, 5), (State.INVALID, 5), (State.REFERRED, 5)]
FILLERS = ["note", "reply", "follow_up"]
UNIT_SPAN = {
    "hours": dt.timedelta(hours=1),
    "calendar_days": dt.timedelta(days=1),
    "working_days": dt.timedelta(days=1.4),
    "same_day": dt.timedelta(0),
}


@dataclass
class PolicyInfo:
    name: str
    version_id: int
    spec: Any
    prefix: str
    categories: list[str]
    departments: list[int]
    clocks: list[tuple[str, int, str]]  # name, amount, unit
    organisation_id: int | None = None
    home_id: int | None = None  # where it runs (the organisation's root for a preset)


@dataclass
class SeedResult:
    cases: int = 0
    events: int = 0
    clocks: int = 0
    seconds: float = 0.0
    open_cases: int = 0
    overdue_cases: int = 0
    departments: dict[str, int] = field(default_factory=dict)  # code -> open cases


def _policies() -> list[PolicyInfo]:
    codes = dict(Unit.objects.values_list("code", "id"))
    out = []
    for policy in Policy.objects.select_related("current").order_by("name"):
        spec = spec_of_version(policy.current_id)
        clocks = []
        for clock in spec.clocks:
            duration = clock.duration or clock.durations.get("default") or next(iter(clock.durations.values()))
            clocks.append((clock.name, duration.amount, duration.unit))
        out.append(
            PolicyInfo(
                name=spec.name,
                version_id=policy.current_id,
                spec=spec,
                prefix=spec.tracking_prefix,
                categories=spec.category_codes(),
                departments=[codes[d.code] for d in spec.departments],
                clocks=clocks,
                organisation_id=policy.organisation_id,
                home_id=policy.homes.order_by("pk").values_list("pk", flat=True).first(),
            )
        )
    return out


def _staff(per_department: int = 3) -> dict[int, list[int]]:
    """A few handlers per department, created in bulk (no password hashing per user)."""
    User = get_user_model()
    unusable = make_password(None)
    users = []
    departments = list(Unit.objects.exclude(kind="organisation").values_list("id", "code"))
    for _dept_id, code in departments:
        for i in range(per_department):
            users.append(User(username=f"bench_{code}_{i}", password=unusable))
    User.objects.bulk_create(users)
    by_name = dict(User.objects.filter(username__startswith="bench_").values_list("username", "id"))
    staff, positions = [], []
    out: dict[int, list[int]] = {}
    for dept_id, code in departments:
        for i in range(per_department):
            user_id = by_name[f"bench_{code}_{i}"]
            role = "department_head" if i == 0 else "handler"
            staff.append(Staff(user_id=user_id, display_name=f"{code} {i}"))
            positions.append(Position(user_id=user_id, role=role, unit_id=dept_id))
            out.setdefault(dept_id, []).append(user_id)
    Staff.objects.bulk_create(staff)
    Position.objects.bulk_create(positions)
    return out


def _weighted(rng: random.Random, weights: list[tuple[str, int]]) -> str:
    return rng.choices([s for s, _ in weights], [w for _, w in weights])[0]


Row = dict[str, Any]


class Writer:
    """Batched INSERTs of plain dicts (attname -> value) through the Django connection.

    Defaults, auto_now_add and the database adaptation of dates and JSON come from the
    model's fields, so rows look exactly as if the ORM had written them; skipping model
    instances makes seeding several times faster than bulk_create.
    """

    def __init__(self, model: Any, now: dt.datetime, *, with_id: bool = False):
        self.fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.defaults: dict[str, Any] = {}
        self.adapt: dict[str, Any] = {}
        for f in self.fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                self.defaults[f.attname] = now
            elif not f.primary_key:
                self.defaults[f.attname] = f.get_default()
            if f.get_internal_type() in ("DateTimeField", "DateField", "JSONField"):
                self.adapt[f.attname] = f
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - model names

    def insert(self, rows: list[Row]) -> None:
        db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the thread-local proxy
        params = []
        for row in rows:
            values = []
            for f in self.fields:
                value = row.get(f.attname, self.defaults.get(f.attname))
                if value is not None and f.attname in self.adapt:
                    value = self.adapt[f.attname].get_db_prep_save(value, db)
                values.append(value)
            params.append(values)
        with connection.cursor() as cursor:
            for start in range(0, len(params), BATCH):
                cursor.executemany(self.sql, params[start : start + BATCH])


def _case(
    rng: random.Random,
    info: PolicyInfo,
    now: dt.datetime,
    dept_ids: dict[str, int],
    handlers: dict[int, list[int]],
    receptionists: list[int],
) -> tuple[Row, list[tuple[str, str]]]:
    """One case's fields (without id and number) and its event path."""
    is_open = rng.random() < OPEN_SHARE
    if is_open:
        state = _weighted(rng, OPEN_STATE_WEIGHTS)
        received = now - dt.timedelta(seconds=rng.uniform(600, 45 * 86400))
    else:
        state = _weighted(rng, ENDED_STATE_WEIGHTS)
        received = now - dt.timedelta(seconds=rng.uniform(3 * 86400, 365 * 86400))
    spec = info.spec
    category = rng.choice(info.categories)
    channel = rng.choice(spec.channels)
    routed = rules.route(spec, {"category": category, "kind": spec.kinds[0], "channel": channel})
    # Most cases stay where the policy routes them; some were transferred elsewhere.
    department_id = dept_ids[routed] if routed and rng.random() < 0.7 else rng.choice(info.departments)
    path = PATHS[state]
    assigned = any(action == "assign" for action, _ in path)
    anonymous = rng.random() < 0.03
    c: Row = {
        "verification_code": f"{rng.randrange(10**6):06d}",
        "policy_version_id": info.version_id,
        "policy_name": info.name,
        "kind": rng.choice(spec.kinds),
        "channel": channel,
        "state": state,
        "is_open": is_open,
        "received_at": received,
        "received_by_id": None if channel in ("web", "api") else rng.choice(receptionists),
        "organisation_id": info.organisation_id,
        "home_id": info.home_id,
        "received_in_id": info.home_id,
        "complainant_name": "" if anonymous else person(rng),
        "complainant_phone": "" if anonymous else phone(rng),
        "complainant_unit": unit(rng),
        "contact_person": person(rng) if rng.random() < 0.2 else "",
        "anonymous": anonymous,
        "category": category,
        "content": content(rng),
        "request": rng.choice(REQUESTS),
        "urgent": rules.is_urgent_category(spec, category),
        "severity": rng.choices(["general", "serious", "major"], [90, 9, 1])[0],
        "department_id": department_id,
        "assignee_id": rng.choice(handlers[department_id]) if assigned else None,
        "next_due_at": None,
        "closed_at": None,
    }
    if info.name == "special-equipment":
        c["equipment_type"] = rng.choice(["elevator", "boiler", "pressure_vessel", "lifting_machinery"])
        c["equipment_stage"] = rng.choice(["use", "inspection", "repair"])
    if info.name == "after-sales":
        c["region"] = rng.choice(["same_province", "other_province", "remote"])
    return c, path


def _timeline(
    rng: random.Random, c: Row, path: list[tuple[str, str]], now: dt.datetime, actors: list[int]
) -> list[Row]:
    n = max(len(path), rng.randint(3, 8))
    steps = list(path)
    while len(steps) < n:
        # Filler steps keep the state they are taken in; insert them before the last step.
        at = rng.randint(1, max(1, len(steps) - 1)) if len(steps) > 1 else 1
        steps.insert(at, (rng.choice(FILLERS), steps[at - 1][1]))
    received = c["received_at"]
    end = now if c["is_open"] else received + dt.timedelta(days=rng.uniform(1, 20))
    offsets = sorted(rng.uniform(0, (end - received).total_seconds()) for _ in range(len(steps) - 1))
    events = []
    before = ""
    for seq, (action, after) in enumerate(steps, start=1):
        events.append(
            {
                "complaint_id": c["id"],
                "seq": seq,
                "action": action,
                "actor_id": c["received_by_id"] if seq == 1 else rng.choice(actors),
                "actor_kind": "staff",
                "at": received if seq == 1 else received + dt.timedelta(seconds=offsets[seq - 2]),
                "state_before": before,
                "state_after": after,
                "data": {"channel": c["channel"]} if action == "register" else {},
                "note": "已电话联系业主，约定上门时间。" if action == "note" else "",
                "public": action in ("register", "reply", "resolve", "close"),
            }
        )
        before = after
    return events


def _clocks(rng: random.Random, c: Row, info: PolicyInfo, last_at: dt.datetime) -> list[Row]:
    chosen = rng.sample(info.clocks, min(len(info.clocks), rng.randint(2, 4)))
    out = []
    for i, (name, amount, unit_name) in enumerate(chosen):
        started = c["received_at"]
        due = started + UNIT_SPAN[unit_name] * max(amount, 1)
        if c["is_open"] and c["next_due_at"] is not None and i == 0:
            # The running clock that gives the case its next_due_at.
            due, state, met = c["next_due_at"], ClockState.RUNNING, None
        else:
            met = min(last_at, started + dt.timedelta(seconds=rng.uniform(0, 1.2 * (due - started).total_seconds())))
            state = ClockState.MET if met <= due else ClockState.BREACHED
        out.append(
            {
                "complaint_id": c["id"],
                "name": name,
                "cycle": 1,
                "state": state,
                "started_at": started,
                "due_at": due,
                "met_at": met,
                "amount": amount,
                "unit": unit_name,
            }
        )
    return out


def seed(total: int, *, seed_value: int = 20250101, log: Any = print) -> SeedResult:
    """Insert `total` cases with 3–8 events and 2–4 clocks each, in transactions of BATCH cases."""
    rng = random.Random(seed_value)
    started = time.perf_counter()
    policies = _policies()
    handlers = _staff()
    receptionists = [u for users in handlers.values() for u in users]
    dept_ids = dict(Unit.objects.values_list("code", "id"))
    dept_codes = {v: k for k, v in dept_ids.items()}
    now = timezone.now()
    writers = {
        "cases": Writer(Complaint, now, with_id=True),
        "events": Writer(Event, now),
        "clocks": Writer(Clock, now),
    }
    next_id = (Complaint.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    counters: Tally[str] = Tally(dict(Counter.objects.values_list("key", "value")))
    result = SeedResult()
    open_by_dept: Tally[str] = Tally()

    done = 0
    while done < total:
        size = min(BATCH, total - done)
        cases: list[Row] = []
        events: list[Row] = []
        clocks: list[Row] = []
        for _ in range(size):
            info = rng.choice(policies)
            c, path = _case(rng, info, now, dept_ids, handlers, receptionists)
            c["id"] = next_id
            next_id += 1
            key = f"{info.prefix}{timezone.localtime(c['received_at']):%Y%m%d}"
            counters[key] += 1
            c["number"] = f"{key}-{counters[key]:04d}"
            if c["is_open"]:
                # Due times spread around now: about a quarter overdue, a few with no running clock.
                if rng.random() >= 0.03:
                    c["next_due_at"] = now + dt.timedelta(seconds=rng.uniform(-3 * 86400, 9 * 86400))
                    result.overdue_cases += c["next_due_at"] < now
                open_by_dept[dept_codes[c["department_id"]]] += 1
            timeline = _timeline(rng, c, path, now, handlers[c["department_id"]])
            c["version"] = len(timeline)
            if not c["is_open"]:
                c["closed_at"] = timeline[-1]["at"]
            cases.append(c)
            events.extend(timeline)
            clocks.extend(_clocks(rng, c, info, timeline[-1]["at"]))
        with transaction.atomic():
            writers["cases"].insert(cases)
            writers["events"].insert(events)
            writers["clocks"].insert(clocks)
        result.events += len(events)
        result.clocks += len(clocks)
        done += size
        log(f"  seeded {done:>7,} / {total:,} cases ({time.perf_counter() - started:5.1f} s)")
    with connection.cursor() as cursor:
        # Ids were given explicitly: move PostgreSQL's sequence past them.
        for statement in connection.ops.sequence_reset_sql(no_style(), [Complaint]):
            cursor.execute(statement)
    # Intake continues each day's sequence after the seeded numbers.
    Counter.objects.bulk_create(
        [Counter(key=k, value=v) for k, v in counters.items()],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["value"],
    )
    if connection.vendor == "postgresql":
        # A database that grew over a year would have been analysed by autovacuum.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result.cases = total
    result.open_cases = sum(open_by_dept.values())
    result.departments = dict(open_by_dept.most_common())
    result.seconds = time.perf_counter() - started
    return result
