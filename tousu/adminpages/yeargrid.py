"""A year of the working-day calendar as twelve month grids (Monday first), each day
marked as a working day, a weekend, a statutory holiday or an adjusted working day (调休)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from tousu.workcal.models import CalendarDay, CalendarYear


@dataclass(frozen=True)
class Cell:
    day: date | None  # None: padding before the 1st or after the last day of the month
    kind: str = ""  # "workday", "weekend", "holiday" or "adjusted"
    name: str = ""  # the holiday's name, e.g. 春节


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[Cell]]


@dataclass(frozen=True)
class YearGrid:
    year: int
    months: list[Month]
    official: bool  # False: no notice loaded, deadlines this year are estimated on weekdays
    source: str
    holidays: list[tuple[date, str]]
    adjusted: list[tuple[date, str]]


def year_grid(year: int) -> YearGrid:
    loaded = CalendarYear.objects.filter(year=year).first()
    marks = {d.date: d for d in CalendarDay.objects.filter(date__year=year)}
    months = []
    for number in range(1, 13):
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, number):
            weeks.append([_cell(d, marks.get(d)) if d.month == number else Cell(None) for d in week])
        months.append(Month(number, weeks))
    ordered = sorted(marks.values(), key=lambda d: d.date)
    return YearGrid(
        year=year,
        months=months,
        official=loaded is not None,
        source=loaded.source if loaded else "",
        holidays=[(d.date, d.name) for d in ordered if not d.is_workday],
        adjusted=[(d.date, d.name) for d in ordered if d.is_workday],
    )


def _cell(day: date, mark: CalendarDay | None) -> Cell:
    if mark is not None:
        return Cell(day, "adjusted" if mark.is_workday else "holiday", mark.name)
    return Cell(day, "weekend" if day.weekday() >= 5 else "workday")
