"""Review finding 1: a repeat complainant / repeat location means the same in the reports
as at intake — the normalised phone and place of the search index (tousu.search.repeats),
so spacing, dashes and a +86 do not split one caller or one unit in two (P1.5, P4.8)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from tousu.cases import intake
from tousu.org.management.commands.user import add_user
from tousu.reports.period import month
from tousu.reports.repeats import repeats
from tousu.reports.scope import Scope
from tousu.search.repeats import repeat_callers, repeat_places


def test_reports_and_search_count_the_same_repeats(setup_data):
    add_user("kefu", "receptionist", "wy_customer_service", "客服", "pw-kefu-123456")
    receptionist = User.objects.get(username="kefu")
    base = {"policy": "property-office", "channel": "phone", "complainant_name": "业主", "category": "elevator"}
    for phone, unit in [
        ("138 0000 0001", "3号楼-2单元 502"),
        ("+86 13800000001", "3号楼2单元502"),
        ("13900000002", "5-505"),
    ]:
        intake.register(
            {**base, "complainant_phone": phone, "complainant_unit": unit, "content": "电梯停了"}, actor=receptionist
        )
    now = timezone.now()
    report = repeats(Scope(period=month(now.year, now.month), policy="property-office"))
    assert (report.complainants, report.complainant_cases) == (1, 2)
    assert [(r.key, r.cases) for r in report.top_complainants] == [("138****0001", 2)]
    assert (report.units, report.unit_cases) == (1, 2)
    assert [(r.key, r.cases) for r in report.top_units] == [("3号楼-2单元 502", 2)]

    since, until = now - dt.timedelta(days=1), now + dt.timedelta(days=1)
    assert [(r.key, r.cases) for r in repeat_callers(receptionist, since, until)] == [("13800000001", 2)]
    assert [(r.key, r.cases) for r in repeat_places(receptionist, since, until)] == [("3号楼2单元502", 2)]
