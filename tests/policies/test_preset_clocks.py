"""The presets' clocks run through the real clock engine and the official calendar."""

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tousu.cases.clocks import apply_event
from tousu.cases.models import Clock, Complaint
from tousu.policies.loader import PRESETS_DIR, parse_file
from tousu.policies.schema import Policy as PolicySpec
from tousu.workcal.store import seed_from_package

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
# Monday 28 September 2026, 10:00: three days later is 1 October, National Day.
MONDAY = dt.datetime(2026, 9, 28, 10, 0, tzinfo=TZ)
# The day before the Mid-Autumn holiday (25-27 September 2026).
THURSDAY = dt.datetime(2026, 9, 24, 16, 0, tzinfo=TZ)
JUNE_8 = dt.datetime(2026, 6, 8, 10, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _calendar() -> Iterator[None]:
    seed_from_package(range(2026, 2027))
    yield


def spec(name: str) -> PolicySpec:
    return parse_file(PRESETS_DIR / f"{name}.yaml")[0]


def case(**fields: Any) -> Complaint:
    # Unsaved: the engine only reads the case's fields.
    return Complaint(**{"kind": "complaint", "channel": "phone", "content": "…", **fields})


def started(
    policy: PolicySpec,
    complaint: Complaint,
    action: str,
    data: dict[str, Any],
    at: dt.datetime,
    existing: list[Clock] | None = None,
) -> dict[str, dt.datetime]:
    changes = apply_event(complaint, policy, action, data, at, existing or [])
    return {c.name: c.due_at.astimezone(TZ) for c in changes.created}


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=TZ)


def test_p2_hotline_case_starts_all_three_clocks() -> None:
    due = started(
        spec("special-equipment"), case(kind="report", channel="hotline"), "register", {"channel": "hotline"}, MONDAY
    )
    assert due == {
        "same_day_transfer": end_of(dt.date(2026, 9, 28)),  # P2.6 当日内移交
        # P2.9: the 3-day period ends on 1 October, a holiday: the next working day.
        "handling_plan": end_of(dt.date(2026, 10, 8)),
        "result": end_of(dt.date(2026, 10, 13)),
    }


def test_p2_visit_needs_no_same_day_transfer() -> None:
    due = started(spec("special-equipment"), case(channel="visit"), "register", {"channel": "visit"}, MONDAY)
    assert set(due) == {"handling_plan", "result"}


def test_p2_result_clock_stops_only_on_the_result_reply() -> None:
    policy = spec("special-equipment")
    complaint = case(channel="visit")
    clocks = apply_event(complaint, policy, "register", {}, MONDAY, []).created
    later = MONDAY + dt.timedelta(days=2)
    first = apply_event(complaint, policy, "reply", {"reply_kind": "first"}, later, clocks)
    assert first.updated == []
    result = apply_event(complaint, policy, "reply", {"reply_kind": "result"}, later, clocks)
    assert [(c.name, c.state) for c in result.updated] == [("result", "met")]


@pytest.mark.parametrize(
    ("region", "due_day"),
    [("same_province", 11), ("other_province", 15), ("remote", 18), ("", 18)],
)
def test_p3_site_visit_deadline_by_region(region: str, due_day: int) -> None:
    # P3.e: 3 days in the province, a week elsewhere, 10 in remote areas; no region yet
    # means the longest. Assigned on Monday 8 June 2026, no holiday in between.
    due = started(spec("after-sales"), case(quality="quality", region=region), "assign", {}, JUNE_8)
    assert due == {"site_arrival": end_of(dt.date(2026, 6, due_day))}


def test_p3_quality_complaint_must_reach_the_quality_department_the_same_day() -> None:
    policy = spec("after-sales")
    assert "to_quality_department" in started(policy, case(quality="quality"), "register", {}, MONDAY)
    assert started(policy, case(quality="non_quality"), "register", {}, MONDAY) == {}


def test_p5_verification_same_day_for_calls_one_working_day_for_letters() -> None:
    policy = spec("property-rules")
    assert started(policy, case(channel="phone"), "register", {}, THURSDAY) == {
        "verification": end_of(dt.date(2026, 9, 24))
    }
    # 25-27 September 2026 is the Mid-Autumn holiday: the next working day is Monday.
    assert started(policy, case(channel="letter"), "register", {}, THURSDAY) == {
        "verification": end_of(dt.date(2026, 9, 28))
    }
    # Saturday 10 October 2026 is an adjusted working day (调休).
    friday = dt.datetime(2026, 10, 9, 16, 0, tzinfo=TZ)
    assert started(policy, case(channel="email"), "register", {}, friday) == {
        "verification": end_of(dt.date(2026, 10, 10))
    }


def test_p1_filing_solution_reply_counts_working_days() -> None:
    due = started(spec("rental-complaints"), case(kind="filing", channel="front_line"), "register", {}, THURSDAY)
    assert due["solution_reply"] == end_of(dt.date(2026, 9, 28))
    assert "first_contact" not in due  # a filing is answered with a solution (P1.2)
    assert due["handling"] == end_of(dt.date(2026, 10, 8))  # 7 days end in the National Day holiday


def test_p3_same_day_clock_does_not_restart_on_a_later_classification() -> None:
    policy = spec("after-sales")
    complaint = case(quality="quality")
    clocks = apply_event(complaint, policy, "register", {}, MONDAY, []).created
    assign = apply_event(complaint, policy, "assign", {}, MONDAY, clocks)
    clocks = [*clocks, *assign.created]
    # Days later the case is classified as major (P3.h1): it is long with the quality department.
    later = apply_event(
        complaint, policy, "classify", {"after": {"severity": "major"}}, MONDAY + dt.timedelta(days=2), clocks
    )
    assert [c.name for c in later.created] == []


def test_p5_reopened_case_is_handled_told_and_called_back_again() -> None:
    # P4.10-style reopening under P5: each clock that must run again says `again`.
    policy = spec("property-rules")
    complaint = case(channel="visit")
    clocks: list[Clock] = []
    day = THURSDAY
    steps: list[tuple[str, dict[str, Any]]] = [
        ("register", {}),
        ("verify", {"decision": "valid"}),
        ("resolve", {}),
        ("reply", {"reply_kind": "result"}),
        ("callback", {"reached": True, "satisfaction": "unsatisfied"}),
        ("reopen", {}),
    ]
    for action, data in steps:
        clocks += apply_event(complaint, policy, action, data, day, clocks).created
    running = {c.name for c in clocks if c.state == "running"}
    assert running == {"handling"}
    assert [c.cycle for c in clocks if c.name == "handling"] == [1, 2]
    again: list[tuple[str, dict[str, Any]]] = [("resolve", {}), ("reply", {"reply_kind": "result"})]
    for action, data in again:
        clocks += apply_event(complaint, policy, action, data, day, clocks).created
    assert {c.name for c in clocks if c.state == "running"} == {"callback"}
    assert max(c.cycle for c in clocks if c.name == "callback") == 2
    # Verification happens once: it is not restarted by the reopening.
    assert [c.cycle for c in clocks if c.name == "verification"] == [1]
