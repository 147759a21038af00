"""Deadline colours on the desk: breached red, due today orange, later green."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import translation

from tousu.web.present import countdown

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 10, 9, 10, 0, tzinfo=SHANGHAI)


def test_levels_and_texts():
    with translation.override("zh-hans"):
        assert countdown(NOW - dt.timedelta(hours=5), NOW) == {"text": "已超时 5 小时", "level": "breached"}
        assert countdown(dt.datetime(2026, 10, 9, 23, 59, 59, tzinfo=SHANGHAI), NOW)["level"] == "today"
        assert countdown(NOW + dt.timedelta(days=3), NOW) == {"text": "剩余 3 天", "level": "later"}
        assert countdown(NOW + dt.timedelta(minutes=30), NOW)["text"] == "剩余 30 分钟"
    with translation.override("en"):
        assert countdown(NOW - dt.timedelta(days=2, hours=3), NOW)["text"] == "overdue by 2 days"


def test_stopped_clocks_and_cases_without_a_deadline_show_nothing():
    assert countdown(None, NOW)["level"] == "none"
    assert countdown(NOW - dt.timedelta(days=1), NOW, running=False)["level"] == "none"


def test_today_follows_the_local_calendar_day_not_utc():
    late_evening = dt.datetime(2026, 10, 9, 23, 0, tzinfo=SHANGHAI)  # 15:00 UTC
    assert countdown(dt.datetime(2026, 10, 10, 1, 0, tzinfo=SHANGHAI), late_evening)["level"] == "later"
