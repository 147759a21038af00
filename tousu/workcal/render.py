"""Plain-text year grid for `manage.py calendar show`."""

from __future__ import annotations

import calendar as stdcal
import unicodedata
from collections.abc import Iterable

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tousu.workcal.notice import DayEntry

_CELL = 4


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _rjust(text: str, width: int) -> str:
    # Translated weekday names may be CJK (two columns each): str.rjust misaligns.
    return " " * max(width - _width(text), 0) + text


def _weekday_header() -> str:
    names = [
        pgettext("weekday abbreviation", "Mo"),
        pgettext("weekday abbreviation", "Tu"),
        pgettext("weekday abbreviation", "We"),
        pgettext("weekday abbreviation", "Th"),
        pgettext("weekday abbreviation", "Fr"),
        pgettext("weekday abbreviation", "Sa"),
        pgettext("weekday abbreviation", "Su"),
    ]
    return "".join(_rjust(n, _CELL - 1) + " " for n in names).rstrip()


def render_year(year: int, days: Iterable[DayEntry], source: str | None) -> str:
    """`days`: stored exceptions dated in `year`; `source`: None without data."""
    by_date = {d.date: d for d in days}
    lines: list[str] = []
    if source is None:
        lines.append(
            _("%(year)d: no official calendar data: weekdays only — deadlines in this year are estimated.")
            % {"year": year}
        )
    else:
        message = _("%(year)d: official calendar data from %(source)s.")
        lines.append(message % {"year": year, "source": source})
    lines.append(_("H = statutory holiday, W = adjusted working day (调休)."))
    header = _weekday_header()
    for month in range(1, 13):
        lines += [
            "",
            _("%(month)s %(year)d") % {"month": MONTHS[month], "year": year},
            header,
        ]
        for week in stdcal.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for d in week:
                entry = by_date.get(d) if d.month == month else None
                mark = "" if entry is None else ("W" if entry.is_workday else "H")
                in_month = d.month == month
                cells.append(f"{d.day:>{_CELL - 1}}{mark or ' '}" if in_month else " " * _CELL)
            lines.append("".join(cells).rstrip())
        for d in sorted(e for e in by_date if e.month == month):
            entry = by_date[d]
            lines.append(f"  {'W' if entry.is_workday else 'H'} {d.isoformat()} {entry.name}")
    return "\n".join(lines) + "\n"
