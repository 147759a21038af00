"""Report periods: a month, a quarter or any range of days, in the organisation's time zone.

A period is a half-open range of local days [first, after); its bounds as aware datetimes
select cases by `received_at` with one index range scan (complaint_received,
complaint_policy).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
QUARTER = re.compile(r"^(\d{4})[-]?[Qq]([1-4])$")


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, range
    first: dt.date
    after: dt.date  # the day after the last day

    @property
    def last(self) -> dt.date:
        return self.after - dt.timedelta(days=1)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.after, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def code(self) -> str:
        """Stable text: 2026-10, 2026Q4 or 2026-10-01..2026-10-15 (file names, URLs, rows)."""
        if self.kind == "month":
            return f"{self.first:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.first.year}Q{(self.first.month - 1) // 3 + 1}"
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("%(year)d-%(month)02d") % {"year": self.first.year, "month": self.first.month}
        if self.kind == "quarter":
            return _("Q%(quarter)d %(year)d") % {"quarter": (self.first.month - 1) // 3 + 1, "year": self.first.year}
        return f"{self.first.isoformat()} – {self.last.isoformat()}"

    def previous(self) -> Period:
        if self.kind == "month":
            return month(*_minus_months(self.first, 1))
        if self.kind == "quarter":
            return quarter_of(_add_months(self.first, -3))
        length = self.after - self.first
        return Period("range", self.first - length, self.first)

    def months(self) -> list[Period]:
        """The calendar months inside the period (a quarter's three)."""
        out = []
        day = self.first.replace(day=1)
        while day < self.after:
            out.append(month(day.year, day.month))
            day = _add_months(day, 1)
        return out


def _add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _minus_months(day: dt.date, n: int) -> tuple[int, int]:
    d = _add_months(day, -n)
    return d.year, d.month


def month(year: int, number: int) -> Period:
    first = dt.date(year, number, 1)
    return Period("month", first, _add_months(first, 1))


def quarter_of(day: dt.date) -> Period:
    first = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return Period("quarter", first, _add_months(first, 3))


def trailing_months(period: Period, count: int) -> list[Period]:
    """`count` months ending with the period's last month, oldest first (trend charts)."""
    last = dt.date(period.last.year, period.last.month, 1)
    return [month(*_minus_months(last, n)) for n in range(count - 1, -1, -1)]


def parse_month(text: str) -> Period:
    found = MONTH.match(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise BadPeriod(_("A month is written like 2026-10."))
    return month(int(found.group(1)), int(found.group(2)))


def parse_quarter(text: str) -> Period:
    found = QUARTER.match(text.strip())
    if not found:
        raise BadPeriod(_("A quarter is written like 2026Q4."))
    return quarter_of(dt.date(int(found.group(1)), (int(found.group(2)) - 1) * 3 + 1, 1))


def parse_range(first: str, last: str) -> Period:
    try:
        a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    except ValueError:
        raise BadPeriod(_("Dates are written like 2026-10-01.")) from None
    if b < a:
        raise BadPeriod(_("The period ends before it starts."))
    return Period("range", a, b + dt.timedelta(days=1))


def parse(text: str) -> Period:
    """A month (2026-10), a quarter (2026Q4) or a range (2026-10-01..2026-10-15)."""
    if ".." in text:
        first, last = text.split("..", 1)
        return parse_range(first, last)
    if QUARTER.match(text.strip()):
        return parse_quarter(text)
    return parse_month(text)
