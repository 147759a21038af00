"""Five-field cron schedules, evaluated in Asia/Shanghai (the periodic jobs' clock)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tousu.jobs.cron import Cron, CronError

SH = ZoneInfo("Asia/Shanghai")


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=SH)


@pytest.mark.parametrize(
    ("expression", "now", "latest"),
    [
        # P2.7: the mailbox is collected every Monday; 2026-11-29 is a Sunday.
        ("0 9 * * 1", at(2026, 11, 29, 8, 0), at(2026, 11, 23, 9, 0)),
        ("0 9 * * 1", at(2026, 11, 30, 9, 0), at(2026, 11, 30, 9, 0)),
        ("0 9 * * 1", at(2026, 11, 30, 8, 59), at(2026, 11, 23, 9, 0)),
        # Month and quarter ends (P4.8 monthly statistics, quarterly summary).
        ("5 0 1 * *", at(2026, 11, 29, 8, 0), at(2026, 11, 1, 0, 5)),
        ("10 0 1 1,4,7,10 *", at(2026, 11, 29, 8, 0), at(2026, 10, 1, 0, 10)),
        ("10 0 1 1,4,7,10 *", at(2027, 1, 1, 0, 9), at(2026, 10, 1, 0, 10)),
        ("*/15 * * * *", at(2026, 11, 29, 8, 44, 59), at(2026, 11, 29, 8, 30)),
        ("0 8-18/2 * * 1-5", at(2026, 11, 27, 19, 0), at(2026, 11, 27, 18, 0)),
        ("30 3 * * 0", at(2026, 11, 29, 8, 0), at(2026, 11, 29, 3, 30)),  # Sunday as 0
        ("30 3 * * 7", at(2026, 11, 29, 8, 0), at(2026, 11, 29, 3, 30)),  # and as 7
    ],
)
def test_latest_slot(expression, now, latest):
    assert Cron.parse(expression).latest_at_or_before(now) == latest


@pytest.mark.parametrize("expression", ["0 9 * *", "60 * * * *", "* 24 * * *", "0 9 * * mon", "*/0 * * * *"])
def test_bad_expressions_are_refused(expression):
    with pytest.raises(CronError):
        Cron.parse(expression)


def test_celery_gets_the_same_fields():
    assert Cron.parse("0 9 * * 1").celery_fields() == {
        "minute": "0",
        "hour": "9",
        "day_of_month": "*",
        "month_of_year": "*",
        "day_of_week": "1",
    }
