"""Reports on schedule (P4.8 monthly statistics and quarterly summary, P4.11 R02/R03): the
first day of a month sends last month's documents, the first day of a quarter also last
quarter's summary, to the people the policy names; never twice."""

import datetime as dt

from django.core import mail

from tousu.reports.models import SentReport
from tousu.reports.schedule import generate_due_reports


def test_first_day_of_the_month_sends_last_months_reports_once(october):
    assert generate_due_reports(dt.date(2026, 11, 2)) == []  # not a first day
    sent = generate_due_reports(dt.date(2026, 11, 1))
    # property-office lists R02 xlsx, R03 pdf and the deck; its quarterly summary waits for 1 January.
    assert sorted((s.document, s.period) for s in sent) == [
        ("monthly_analysis.pdf", "2026-10"),
        ("monthly_deck.pptx", "2026-10"),
        ("monthly_statistics.xlsx", "2026-10"),
    ]
    # Recipients: the policy's roles (complaint manager, executive) with an e-mail address.
    assert [m.to for m in mail.outbox] == [["m_office@example.org"]] * 3
    names = sorted(a[0] for m in mail.outbox for a in m.attachments)
    assert names == [
        "monthly_analysis-property-office-2026-10.pdf",
        "monthly_deck-property-office-2026-10.pptx",
        "monthly_statistics-property-office-2026-10.xlsx",
    ]
    assert SentReport.objects.get(document="monthly_statistics.xlsx").file.read().startswith(b"PK")
    # A second run on the same day (or a second runner) sends nothing again.
    assert generate_due_reports(dt.date(2026, 11, 1)) == []
    assert len(mail.outbox) == 3


def test_first_day_of_the_quarter_sends_the_quarterly_summary(october):
    sent = generate_due_reports(dt.date(2026, 10, 1))
    assert ("quarterly_summary.docx", "2026Q3") in {(s.document, s.period) for s in sent}
    assert ("monthly_statistics.xlsx", "2026-09") in {(s.document, s.period) for s in sent}
