from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar  # type: ignore[import-untyped]
import pytest

from tousu.workcal.arithmetic import Unit, WorkCalendar, compute_due

SH = ZoneInfo("Asia/Shanghai")
D = date.fromisoformat


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


def test_2026_package_data_is_what_the_cases_assume() -> None:
    def days(first: str, last: str) -> set[date]:
        return {D(first) + timedelta(days=i) for i in range((D(last) - D(first)).days + 1)}

    holidays = {d for d in chinese_calendar.holidays if d.year == 2026}
    assert holidays == (
        days("2026-01-01", "2026-01-03")
        | days("2026-02-15", "2026-02-23")
        | days("2026-04-04", "2026-04-06")
        | days("2026-05-01", "2026-05-05")
        | days("2026-06-19", "2026-06-21")
        | days("2026-09-25", "2026-09-27")
        | days("2026-10-01", "2026-10-07")
    )
    workdays = {d for d in chinese_calendar.workdays if d.year == 2026}
    assert workdays == {
        D("2026-01-04"),
        D("2026-02-14"),
        D("2026-02-28"),
        D("2026-05-09"),
        D("2026-09-20"),
        D("2026-10-10"),
    }
    assert [D(s).weekday() for s in ("2026-02-14", "2026-02-28", "2026-09-20", "2026-10-10")] == [
        5,
        5,
        6,
        5,
    ]


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Spring Festival 2026: Sat Feb 14 (W), Feb 15-23 off, Sat Feb 28 (W).
        ("2026-02-13", 0, "2026-02-13"),
        ("2026-02-13", 1, "2026-02-14"),  # adjusted working Saturday counts
        ("2026-02-13", 2, "2026-02-24"),  # Friday + 2 jumps the whole holiday
        (
            "2026-02-14",
            1,
            "2026-02-24",
        ),  # eve of the holiday, itself an adjusted workday
        ("2026-02-14", 5, "2026-02-28"),
        ("2026-02-14", 6, "2026-03-02"),
        ("2026-02-28", 1, "2026-03-02"),  # start on an adjusted workday
        ("2026-02-15", 0, "2026-02-24"),  # 0 days from inside the holiday
        ("2026-02-17", 1, "2026-02-24"),
        # Mid-Autumn Sep 25-27, National Day Oct 1-7; Sun Sep 20 and Sat Oct 10 (W).
        ("2026-09-19", 1, "2026-09-20"),
        ("2026-09-20", 1, "2026-09-21"),
        ("2026-09-24", 1, "2026-09-28"),
        ("2026-09-30", 1, "2026-10-08"),  # eve of National Day
        ("2026-09-30", 3, "2026-10-10"),
        ("2026-09-30", 4, "2026-10-12"),
        ("2025-12-31", 1, "2026-01-04"),  # Jan 1-3 off, then Sun Jan 4 (W)
        ("2025-12-31", 2, "2026-01-05"),
    ],
)
def test_add_working_days(package_calendar: WorkCalendar, start: str, n: int, expected: str) -> None:
    assert package_calendar.add_working_days(D(start), n) == (D(expected), False)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2026-02-05", 10, "2026-02-24"),  # ends on Sun Feb 15, inside the holiday
        ("2026-02-10", 10, "2026-02-24"),  # ends on Fri Feb 20, a statutory holiday
        ("2026-02-04", 10, "2026-02-14"),  # ends on an adjusted working Saturday: stays
        ("2026-02-17", 7, "2026-02-24"),
        ("2026-03-04", 10, "2026-03-16"),  # ordinary Saturday -> Monday
        ("2026-09-21", 10, "2026-10-08"),  # ends on Oct 1
        ("2026-09-01", 10, "2026-09-11"),
    ],
)
def test_legal_period_end(package_calendar: WorkCalendar, start: str, days: int, expected: str) -> None:
    assert package_calendar.legal_period_end(D(start), days) == (D(expected), False)


@pytest.mark.parametrize(
    ("start", "amount", "unit", "legal", "expected", "estimated"),
    [
        ("2026-02-13T10:00", 2, Unit.WORKING_DAYS, True, "2026-02-24T23:59:59", False),
        (
            "2026-02-05T09:30",
            10,
            Unit.CALENDAR_DAYS,
            True,
            "2026-02-24T23:59:59",
            False,
        ),
        (
            "2026-02-05T09:30",
            10,
            Unit.CALENDAR_DAYS,
            False,
            "2026-02-15T23:59:59",
            False,
        ),
        ("2026-02-14T08:00", 0, Unit.SAME_DAY, True, "2026-02-14T23:59:59", False),
        ("2026-02-14T20:00", 24, Unit.HOURS, True, "2026-02-15T20:00:00", False),
        ("2026-02-15T11:00", 0, Unit.WORKING_DAYS, True, "2026-02-24T23:59:59", False),
        # 2027 has no package data: weekdays only, flagged.
        ("2027-03-01T10:00", 5, Unit.WORKING_DAYS, True, "2027-03-08T23:59:59", True),
        ("2027-03-01T10:00", 5, Unit.CALENDAR_DAYS, True, "2027-03-08T23:59:59", True),
        ("2027-03-01T10:00", 6, Unit.HOURS, True, "2027-03-01T16:00:00", False),
        ("2026-12-30T10:00", 1, Unit.WORKING_DAYS, True, "2026-12-31T23:59:59", False),
        # Jan 1 2027 counts as a working day in the fallback: hence "estimated".
        ("2026-12-30T10:00", 3, Unit.WORKING_DAYS, True, "2027-01-04T23:59:59", True),
        ("2026-12-25T10:00", 10, Unit.CALENDAR_DAYS, True, "2027-01-04T23:59:59", True),
    ],
)
def test_compute_due(
    package_calendar: WorkCalendar,
    start: str,
    amount: int,
    unit: Unit,
    legal: bool,
    expected: str,
    estimated: bool,
) -> None:
    due = compute_due(at(start), amount, unit, package_calendar, tz=SH, legal_counting=legal)
    assert due.at == at(expected)
    assert due.at.utcoffset() == timedelta(hours=8)
    assert due.estimated is estimated


def test_local_date_decides_the_day(package_calendar: WorkCalendar) -> None:
    # 21:00 UTC on Feb 13 is already Saturday Feb 14 in Shanghai.
    start = datetime(2026, 2, 13, 21, 0, tzinfo=UTC)
    same_day = compute_due(start, 0, Unit.SAME_DAY, package_calendar, tz=SH)
    assert same_day.at == at("2026-02-14T23:59:59")
    one = compute_due(start, 1, "working_days", package_calendar, tz=SH)
    assert one.at == at("2026-02-24T23:59:59")


def test_rejects_bad_input(package_calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        compute_due(at("2026-02-13T10:00"), -1, Unit.WORKING_DAYS, package_calendar, tz=SH)
    with pytest.raises(ValueError):
        naive = at("2026-02-13T10:00").replace(tzinfo=None)
        compute_due(naive, 1, Unit.WORKING_DAYS, package_calendar, tz=SH)
    with pytest.raises(ValueError):
        compute_due(at("2026-02-13T10:00"), 1, "weeks", package_calendar, tz=SH)


def test_weekday_fallback_without_data() -> None:
    empty = WorkCalendar(frozenset(), frozenset(), frozenset())
    assert not empty.covers(D("2026-02-16"))
    assert empty.is_workday(D("2026-02-16"))  # a Monday, holiday unknown
    assert empty.next_workday(D("2026-02-13")) == D("2026-02-16")
    assert empty.add_working_days(D("2026-02-13"), 2) == (D("2026-02-17"), True)
