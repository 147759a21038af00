"""Parsing and validating a State Council holiday notice file (docs/calendar.md).

No database access, so that a file can be checked without touching data.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

NAME_MAX = 50
SOURCE_MAX = 200
_TOP_KEYS = {"year", "source", "holidays", "workdays"}
_HOLIDAY_KEYS = {"name", "from", "to"}
_WORKDAY_KEYS = {"date", "name"}
# No holiday block has come close to this; a longer one is almost surely a typo'd date.
_MAX_BLOCK_DAYS = 14


class CalendarImportError(Exception):
    pass


@dataclass(frozen=True)
class DayEntry:
    date: date
    is_workday: bool
    name: str


@dataclass(frozen=True)
class Notice:
    year: int
    source: str
    days: list[DayEntry]


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, field: str, message: str) -> CalendarImportError:
        return CalendarImportError(f"{self.path}: {field}: {message}")

    def mapping(self, value: Any, field: str, keys: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(field, "expected a mapping with keys " + ", ".join(sorted(keys)))
        missing = sorted(keys - value.keys())
        if missing:
            raise self.fail(self.sub(field, missing[0]), "missing")
        unknown = sorted(map(str, value.keys() - keys))
        if unknown:
            raise self.fail(self.sub(field, unknown[0]), "unknown key")
        return value

    @staticmethod
    def sub(field: str, key: str) -> str:
        return f"{field}.{key}" if field else key

    def text(self, value: Any, field: str, max_length: int) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "expected non-empty text")
        if len(value.strip()) > max_length:
            raise self.fail(field, f"longer than {max_length} characters")
        return value.strip()

    def day(self, value: Any, field: str, year: int) -> date:
        if isinstance(value, str):
            # Quoted dates arrive as text; unquoted ones were already parsed by YAML.
            with contextlib.suppress(ValueError):
                value = date.fromisoformat(value)
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self.fail(field, f"expected a date YYYY-MM-DD, got {value!r}")
        day: date = value
        # A notice for year Y may start the New Year's Day block in December of Y-1.
        if day.year != year and not (day.year == year - 1 and day.month == 12):
            raise self.fail(field, f"{day.isoformat()} is not in year {year}")
        return day

    def items(self, value: Any, field: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(field, "expected a list (use [] for none)")
        return value


def parse_notice(path: Path) -> Notice:
    check = _Checker(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CalendarImportError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CalendarImportError(f"{path}: not valid YAML: {exc}") from exc
    top = check.mapping(raw, "", _TOP_KEYS)
    year = top["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise check.fail("year", f"expected a year between 2000 and 2100, got {year!r}")
    source = check.text(top["source"], "source", SOURCE_MAX)

    days: dict[date, tuple[str, DayEntry]] = {}

    def add(entry: DayEntry, field: str) -> None:
        if entry.date in days:
            other_field, other = days[entry.date]
            iso = entry.date.isoformat()
            if other.is_workday != entry.is_workday:
                raise check.fail(field, f"{iso} is both a holiday and a workday ({other_field})")
            raise check.fail(field, f"{iso} is listed twice (also in {other_field})")
        days[entry.date] = (field, entry)

    holidays = check.items(top["holidays"], "holidays")
    if not holidays:
        raise check.fail("holidays", "no holidays listed")
    for i, item in enumerate(holidays):
        field = f"holidays[{i}]"
        block = check.mapping(item, field, _HOLIDAY_KEYS)
        name = check.text(block["name"], f"{field}.name", NAME_MAX)
        first = check.day(block["from"], f"{field}.from", year)
        last = check.day(block["to"], f"{field}.to", year)
        if first > last:
            raise check.fail(f"{field}.to", f"{last.isoformat()} is before from {first.isoformat()}")
        if (last - first).days >= _MAX_BLOCK_DAYS:
            raise check.fail(f"{field}.to", f"block longer than {_MAX_BLOCK_DAYS} days")
        d = first
        while d <= last:
            add(DayEntry(d, False, name), field)
            d += timedelta(days=1)

    for i, item in enumerate(check.items(top["workdays"], "workdays")):
        field = f"workdays[{i}]"
        entry = check.mapping(item, field, _WORKDAY_KEYS)
        name = check.text(entry["name"], f"{field}.name", NAME_MAX)
        d = check.day(entry["date"], f"{field}.date", year)
        if d.weekday() < 5:
            raise check.fail(
                f"{field}.date",
                f"{d.isoformat()} is a {d.strftime('%A')}; adjusted workdays are weekend days",
            )
        add(DayEntry(d, True, name), f"{field}.date")

    return Notice(year, source, [entry for _f, entry in sorted(days.values(), key=_by_date)])


def _by_date(item: tuple[str, DayEntry]) -> date:
    return item[1].date
