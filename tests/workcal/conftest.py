from collections.abc import Iterator
from datetime import date

import chinese_calendar  # type: ignore[import-untyped]
import pytest

from tousu.workcal import store
from tousu.workcal.arithmetic import WorkCalendar


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    # The in-process cache outlives each test's rolled-back transaction.
    store.invalidate()
    yield
    store.invalidate()


@pytest.fixture(scope="session")
def package_calendar() -> WorkCalendar:
    """The installed chinese_calendar data (2004-2026), without the database."""
    holidays: frozenset[date] = frozenset(chinese_calendar.holidays)
    workdays: frozenset[date] = frozenset(chinese_calendar.workdays)
    return WorkCalendar(holidays, workdays, frozenset(range(2004, 2027)))
