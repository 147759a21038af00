"""Small helpers for lifecycle tests: local times, clocks by name."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


def end_of(year: int, month: int, day: int) -> dt.datetime:
    return local(year, month, day, 23, 59, 59)


def parse(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(SHANGHAI)


def clock(detail: dict[str, Any], name: str, cycle: int | None = None) -> dict[str, Any]:
    """The latest (or the given) cycle of a named clock of a case."""
    cycles = [c for c in detail["clocks"] if c["name"] == name]
    assert cycles, f"no clock {name!r} in {[c['name'] for c in detail['clocks']]}"
    if cycle is not None:
        return next(c for c in cycles if c["cycle"] == cycle)
    return max(cycles, key=lambda c: c["cycle"])


def due(detail: dict[str, Any], name: str, cycle: int | None = None) -> dt.datetime:
    return parse(clock(detail, name, cycle)["due_at"])
