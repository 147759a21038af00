"""The monthly analysis and improvement report (KH-07-R03, P4.11) lists the month's
corrective actions with their state (P3.i, P4.5.3) and the customer information summary
(P3.g1) in its section 6."""

import time_machine

from tests.improve.helpers import bureau
from tests.lifecycle.helpers import local
from tousu.improve import surveys
from tousu.reports.analysis import analysis_document, monthly_analysis
from tousu.reports.document import Paragraph, Table
from tousu.reports.period import Period
from tousu.reports.scope import Scope


def _section(document):
    blocks = document.blocks
    start = next(i for i, b in enumerate(blocks) if getattr(b, "text", "").startswith("六、"))
    end = next(i for i, b in enumerate(blocks) if getattr(b, "text", "").startswith("七、"))
    return blocks[start + 1 : end]


def test_section_6_lists_corrective_actions_and_customer_information(staff):
    b = bureau(staff)
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        made = b.manager.post("/improve/corrective-actions", {"department": "ts_special", "problem": "巡查漏项"}).json()
        surveys.record_feedback(
            {"customer": "甲厂", "visited_on": "2026-03-02", "topic": "quality", "rating": 4, "opinion": "满意"},
            b_user(b.manager),
        )
    with time_machine.travel(local(2026, 4, 2, 9, 0), tick=False):
        scope = Scope(Period("month", local(2026, 3, 1).date(), local(2026, 4, 1).date()))
        section = _section(analysis_document(monthly_analysis(scope)))
    texts = [b.text for b in section if isinstance(b, Paragraph)]
    assert "本月发出纠正措施通知单 1 份" in texts[0]
    assert "逾期 1 项" in texts[0]  # 5 working days from 2 March ran out on 9 March
    assert "产品质量 1 (4.0)" in texts[1]
    [table] = [b for b in section if isinstance(b, Table)]
    assert table.rows[0][0] == made["number"]
    assert table.rows[0][-1]  # marked overdue


def b_user(api):
    from django.contrib.auth.models import User

    return User.objects.select_related("staff").get(username=api.username)


def test_section_6_shows_only_the_organisation_s_own_actions_and_feedback(staff):
    """Issue 14: the R03 of the property office, scheduled or read by its manager, lists
    none of the regulator's corrective actions or customer information."""
    b = bureau(staff)
    neighbour = staff("complaint_manager", "property-office")
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        b.manager.post("/improve/corrective-actions", {"department": "ts_special", "problem": "巡查漏项"})
        surveys.record_feedback(
            {"customer": "甲厂", "visited_on": "2026-03-02", "topic": "quality", "rating": 4, "opinion": "满意"},
            b_user(b.manager),
        )
    march = Period("month", local(2026, 3, 1).date(), local(2026, 4, 1).date())
    with time_machine.travel(local(2026, 4, 2, 9, 0), tick=False):
        for scope in (
            Scope(march, "property-office"),  # as the schedule makes it
            Scope(march, viewer=b_user(neighbour)),  # as the office's manager reads it
        ):
            section = _section(analysis_document(monthly_analysis(scope)))
            texts = [b.text for b in section if isinstance(b, Paragraph)]
            assert "本月发出纠正措施通知单 0 份" in texts[0] and len(texts) == 1
            assert not [b for b in section if isinstance(b, Table)]
        own = _section(analysis_document(monthly_analysis(Scope(march, "special-equipment"))))
        assert [b for b in own if isinstance(b, Table)]
