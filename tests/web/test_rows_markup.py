"""The worklist's rows are rendered in Python for speed: every value is still escaped."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from tousu.web.present import case_row
from tousu.web.templatetags.desk_rows import case_rows


def test_values_are_escaped_and_the_row_is_complete(setup_data):
    now = timezone.now()
    row = case_row(
        {
            "id": 1,
            "number": "WY20261009-0001",
            "policy_name": "property-office",
            "kind": "complaint",
            "channel": "phone",
            "state": "registered",
            "received_at": now,
            "category": "elevator",
            "urgent": True,
            "severity": "serious",
            "next_due_at": now - dt.timedelta(hours=2),
            "is_open": True,
            "complainant_name": '<script>alert("x")</script>',
            "confidential": False,
            "content": "电梯 & <b>困人</b>",
            "department__name": "工程部",
            "assignee__staff__display_name": "李强",
            "received_by_id": 7,
            "assignee_id": None,
        },
        now,
        SimpleNamespace(pk=7),  # the receiver sees the name unmasked (tousu.cases.personal)
    )
    html = str(case_rows([row]))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;困人&lt;/b&gt;" in html and "&amp;" in html
    assert 'class="due-breached"' in html
    assert 'href="/desk/cases/WY20261009-0001/"' in html
    assert "工程部" in html and "李强" in html
