"""Reports on schedule (P4.8 monthly statistics and quarterly summary, P4.11 R02/R03): the
first day of a month sends last month's documents, the first day of a quarter also last
quarter's summary, to the people the policy names; never twice."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail

from tests.notify.helpers import drain
from tousu.jobs.models import Job, JobState, ReportPeriod
from tousu.jobs.runner import PeriodicFirer
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


def test_the_job_runner_closes_the_month_and_mails_its_reports(october, smtp):
    """Issue 5 on schedule: the embedded runner's monthly hook (tousu.jobs.periods) queues
    `reports.generate`, which produces last month's documents and sends them through a
    real SMTP server; the runner seeing the same slot again sends nothing twice."""
    # The runner was up on 1 October: the third quarter is closed already.
    ReportPeriod.objects.create(kind="quarter", start=dt.date(2026, 7, 1), end=dt.date(2026, 10, 1))
    firer = PeriodicFirer()
    first_of_november = dt.datetime(2026, 11, 1, 0, 6, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(first_of_november, tick=False):
        drain(firer=firer)
        generate = Job.objects.get(name="reports.generate")
        assert generate.state == JobState.DONE
        assert generate.kwargs == {"kind": "month", "start": "2026-10-01", "end": "2026-11-01"}
        drain(firer=PeriodicFirer())  # a second worker, or a restart, in the same slot
    assert Job.objects.filter(name="reports.generate").count() == 1
    sent = sorted((s.document, s.period) for s in SentReport.objects.all())
    assert sent == [
        ("monthly_analysis.pdf", "2026-10"),
        ("monthly_deck.pptx", "2026-10"),
        ("monthly_statistics.xlsx", "2026-10"),
    ]
    reports = [m for m in smtp.messages if m["To"] == "m_office@example.org"]
    attached = sorted(part.get_filename() for m in reports for part in m.iter_attachments())
    assert attached == [
        "monthly_analysis-property-office-2026-10.pdf",
        "monthly_deck-property-office-2026-10.pptx",
        "monthly_statistics-property-office-2026-10.xlsx",
    ]
    workbook = next(p for m in reports for p in m.iter_attachments() if p.get_filename().endswith(".xlsx"))
    assert workbook.get_content().startswith(b"PK")


def test_a_new_installation_does_not_report_on_the_months_before_its_first_case(setup_data, smtp):
    """The runner's first pass closes the latest month; with no case before its end there
    is nothing to report, and nothing is generated (a fresh install, a restart is cheap)."""
    first_of_november = dt.datetime(2026, 11, 1, 0, 6, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(first_of_november, tick=False):
        drain(firer=PeriodicFirer())
    assert Job.objects.get(name="reports.generate", kwargs__kind="month").state == JobState.DONE
    assert not SentReport.objects.exists() and smtp.messages == []


def test_a_policy_s_reports_go_only_to_people_of_its_own_organisation(october):
    """Issue 14: the property office's reports are not mailed to the complaint manager of
    another company, though the role is the one the policy names."""
    from django.contrib.auth import get_user_model

    from tousu.org.management.commands.user import add_user

    add_user("m_p5", "complaint_manager", "property-rules", "王经理", "pw-m_p5-123456")
    get_user_model().objects.filter(username="m_p5").update(email="m_p5@example.org")
    generate_due_reports(dt.date(2026, 11, 1))
    office = [m for m in mail.outbox if "monthly_statistics-property-office" in m.attachments[0][0]]
    assert [m.to for m in office] == [["m_office@example.org"]]
