"""Working-day calendar and deadline arithmetic for mainland China.

Pure: no Django, no database. `tousu.workcal.store` builds a `WorkCalendar` from the DB.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

_ONE_DAY = timedelta(days=1)
END_OF_DAY = time(23, 59, 59)


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    HOURS = "hours"
    SAME_DAY = "same_day"


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date]
    workdays: frozenset[date]
    years: frozenset[int]

    def covers(self, d: date) -> bool:
        return d.year in self.years

    def is_workday(self, d: date) -> bool:
        # Adjusted workdays win: a notice never lists a day as both, but if data
        # ever did, "come to work" is the safer reading for a deadline.
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def next_workday(self, d: date) -> date:
        d += _ONE_DAY
        while not self.is_workday(d):
            d += _ONE_DAY
        return d

    def add_working_days(self, start: date, n: int) -> tuple[date, bool]:
        """The n-th working day after `start` (start not counted), and `estimated`.

        n == 0 means "today if today is a working day, else the next working day".
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            end = start if self.is_workday(start) else self.next_workday(start)
            return end, not self._covers_range(start, end)
        d = start
        for _ in range(n):
            d = self.next_workday(d)
        # Only days after start were examined: a Dec 31 start is not "estimated" unless
        # the count really runs into an uncovered year.
        return d, not self._covers_range(start + _ONE_DAY, d)

    def legal_period_end(self, start: date, days: int) -> tuple[date, bool]:
        """Civil Code art. 201-203: start day not counted; a last day that falls on a
        statutory holiday or rest day moves to the next working day."""
        if days < 0:
            raise ValueError("days must be >= 0")
        last = start + timedelta(days=days)
        end = last if self.is_workday(last) else self.next_workday(last)
        return end, not self._covers_range(last, end)

    def _covers_range(self, first: date, last: date) -> bool:
        return all(y in self.years for y in range(first.year, last.year + 1))


@dataclass(frozen=True)
class Due:
    at: datetime
    estimated: bool


def end_of_day(d: date, tz: tzinfo) -> datetime:
    return datetime.combine(d, END_OF_DAY, tzinfo=tz)


def compute_due(
    start: datetime,
    amount: int,
    unit: Unit | str,
    calendar: WorkCalendar,
    *,
    tz: tzinfo,
    legal_counting: bool = True,
) -> Due:
    """Deadline for something received at `start` (aware), aware in `tz`."""
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("start must be an aware datetime")
    if amount < 0:
        raise ValueError("amount must be >= 0")
    unit = Unit(unit)
    if unit is Unit.HOURS:
        # Via UTC so that elapsed hours stay exact even across a DST change in `tz`.
        return Due((start.astimezone(UTC) + timedelta(hours=amount)).astimezone(tz), False)
    local_day = start.astimezone(tz).date()
    if unit is Unit.SAME_DAY:
        return Due(end_of_day(local_day, tz), False)
    if unit is Unit.CALENDAR_DAYS:
        if not legal_counting:
            return Due(end_of_day(local_day + timedelta(days=amount), tz), False)
        day, estimated = calendar.legal_period_end(local_day, amount)
        return Due(end_of_day(day, tz), estimated)
    day, estimated = calendar.add_working_days(local_day, amount)
    return Due(end_of_day(day, tz), estimated)
