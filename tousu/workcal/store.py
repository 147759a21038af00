"""Loading the working-day calendar from the database and filling it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import chinese_calendar
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tousu.workcal.arithmetic import WorkCalendar
from tousu.workcal.models import CalendarDay, CalendarYear
from tousu.workcal.notice import CalendarImportError, DayEntry, parse_notice

__all__ = [
    "PACKAGE_SOURCE",
    "CalendarImportError",
    "get_calendar",
    "import_notice",
    "invalidate",
    "package_years",
    "seed_from_package",
]

# Other processes only learn about an import through this expiry; a minute of stale
# calendar data is harmless for deadlines counted in days.
CACHE_SECONDS = 60.0
PACKAGE_SOURCE = f"chinese_calendar {chinese_calendar.__version__}"

_lock = threading.Lock()
_cached: tuple[float, WorkCalendar] | None = None


def get_calendar() -> WorkCalendar:
    global _cached
    cached = _cached
    now = time.monotonic()
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    with _lock:
        cal = _load()
        _cached = (time.monotonic(), cal)
    return cal


def invalidate() -> None:
    global _cached
    _cached = None


def _load() -> WorkCalendar:
    holidays: set[date] = set()
    workdays: set[date] = set()
    for day, is_workday in CalendarDay.objects.values_list("date", "is_workday"):
        (workdays if is_workday else holidays).add(day)
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    return WorkCalendar(frozenset(holidays), frozenset(workdays), years)


def package_years() -> range:
    """Years the installed chinese_calendar package has official data for."""
    keys = list(chinese_calendar.holidays) + list(chinese_calendar.workdays)
    return range(min(keys).year, max(keys).year + 1)


def _package_days(year: int) -> list[DayEntry]:
    names = {h.value: h.chinese for h in chinese_calendar.Holiday}
    days = {d for d in chinese_calendar.holidays if d.year == year}
    days |= {d for d in chinese_calendar.workdays if d.year == year}
    entries = []
    for d in sorted(days):
        _on_holiday, name = chinese_calendar.get_holiday_detail(d)
        is_workday = bool(chinese_calendar.is_workday(d))
        label = names.get(name, name or "")
        entries.append(DayEntry(d, is_workday, f"{label}调休" if is_workday else label))
    return entries


def seed_from_package(years: range | None = None, *, overwrite_notices: bool = False) -> list[int]:
    """Fill the DB from the chinese_calendar package; returns the years written.

    Idempotent. Years imported from a State Council notice file are kept unless
    `overwrite_notices`, because an administrator's import is the newer source.
    """
    available = package_years()
    wanted = available if years is None else years
    missing = [y for y in wanted if y not in available]
    if missing:
        raise CalendarImportError(
            f"chinese_calendar {chinese_calendar.__version__} has no data for "
            f"{', '.join(map(str, missing))} "
            f"(it covers {available.start}-{available.stop - 1}); "
            "import the State Council notice instead"
        )
    notice_years = set(
        CalendarYear.objects.exclude(source__startswith="chinese_calendar ").values_list("year", flat=True)
    )
    written = [y for y in wanted if overwrite_notices or y not in notice_years]
    with transaction.atomic():
        for year in written:
            _replace_year(year, PACKAGE_SOURCE, _package_days(year))
    return written


def import_notice(path: str | Path) -> int:
    """Import one year from a notice file (see docs/calendar.md); returns the year."""
    notice = parse_notice(Path(path))
    with transaction.atomic():
        _replace_year(notice.year, notice.source, notice.days)
    return notice.year


def _replace_year(year: int, source: str, days: Iterable[DayEntry]) -> None:
    days = list(days)
    # Deleting by date as well lets a notice take over late-December days of the
    # previous year, and vice versa, without a primary-key clash.
    CalendarDay.objects.filter(Q(year=year) | Q(date__in=[d.date for d in days])).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=d.date, year=year, is_workday=d.is_workday, name=d.name) for d in days
    )
    CalendarYear.objects.update_or_create(year=year, defaults={"source": source, "imported_at": timezone.now()})
    invalidate()
    # Again after commit: another thread may have cached pre-commit data meanwhile.
    transaction.on_commit(invalidate)
