"""A five-field cron expression (minute hour day-of-month month day-of-week), pure.

Used for periodic jobs by both runners: the embedded one computes the latest slot itself;
the Celery one hands the same fields to `celery.schedules.crontab`. As in Celery (and
unlike classic cron), a restricted day-of-month AND a restricted day-of-week must both
match. Day-of-week: 0 or 7 = Sunday, 1 = Monday ... 6 = Saturday.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day_of_month", 1, 31), ("month_of_year", 1, 12), ("day_of_week", 0, 7))


class CronError(ValueError):
    pass


def _parse_field(text: str, low: int, high: int) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"bad step {step_text!r}")
            step = int(step_text)
        if part == "*":
            start, end = low, high
        elif "-" in part:
            first, last = part.split("-", 1)
            if not (first.isdigit() and last.isdigit()):
                raise CronError(f"bad range {part!r}")
            start, end = int(first), int(last)
        elif part.isdigit():
            start = int(part)
            end = high if step > 1 else start
        else:
            raise CronError(f"bad value {part!r}")
        if start < low or end > high or start > end:
            raise CronError(f"{part!r} is outside {low}-{high}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


@dataclass(frozen=True)
class Cron:
    expression: str
    minute: frozenset[int]
    hour: frozenset[int]
    day_of_month: frozenset[int]
    month_of_year: frozenset[int]
    day_of_week: frozenset[int]  # 0 = Sunday (7 is folded into 0)

    @classmethod
    def parse(cls, expression: str) -> Cron:
        parts = expression.split()
        if len(parts) != 5:
            raise CronError(f"{expression!r}: a cron expression has five fields (minute hour day month weekday)")
        parsed = [_parse_field(text, low, high) for text, (_, low, high) in zip(parts, FIELDS, strict=True)]
        dow = frozenset(d % 7 for d in parsed[4])
        return cls(expression, parsed[0], parsed[1], parsed[2], parsed[3], dow)

    def celery_fields(self) -> dict[str, str]:
        """The same schedule as `celery.schedules.crontab` keyword arguments."""
        return dict(zip([name for name, _, _ in FIELDS], self.expression.split(), strict=True))

    def day_matches(self, day: dt.date) -> bool:
        cron_weekday = (day.weekday() + 1) % 7  # Python: Monday = 0; cron: Sunday = 0
        return day.month in self.month_of_year and day.day in self.day_of_month and cron_weekday in self.day_of_week

    def latest_at_or_before(self, moment: dt.datetime) -> dt.datetime | None:
        """The latest scheduled minute at or before `moment` (aware, in its own zone),
        looking back at most a year; None if there is none."""
        moment = moment.replace(second=0, microsecond=0)
        day = moment.date()
        for back in range(367):
            candidate_day = day - dt.timedelta(days=back)
            if not self.day_matches(candidate_day):
                continue
            for hour in sorted(self.hour, reverse=True):
                for minute in sorted(self.minute, reverse=True):
                    if back == 0 and (hour, minute) > (moment.hour, moment.minute):
                        continue
                    return dt.datetime.combine(candidate_day, dt.time(hour, minute), tzinfo=moment.tzinfo)
        return None
