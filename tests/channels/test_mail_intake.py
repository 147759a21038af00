"""E-mail intake against a real IMAP server (dovecot on loopback): the bureau's published
complaint mailbox (P2.7) becomes registered cases (P2.5), replies join their case, and
mail that cannot become a case is kept for a person."""

from __future__ import annotations

import datetime as dt
import io
import threading
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tousu.cases.models import Attachment, Complaint, Event
from tousu.channels.collect import collect_all
from tousu.channels.mailintake import take
from tousu.channels.models import InboundMail, MailboxState, MailOutcome
from tousu.jobs import registry

from .conftest import eml
from .dovecot import Dovecot
from .mails.build import NUMBER_PLACEHOLDER, PHOTO

SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORTS = ["outlook_gb2312_base64.eml", "foxmail_gbk_qp.eml", "iphone_utf8.eml", "webmail_html_gb18030.eml"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def ts_mailbox(dovecot: Dovecot, settings: Any, setup_data: None) -> Dovecot:
    settings.TOUSU_MAILBOXES = [dovecot.mailbox("ts-mailbox", "special-equipment")]
    return dovecot


def collect(**kwargs: Any) -> str:
    out = io.StringIO()
    call_command("mail", "collect", "--force", stdout=out, **kwargs)
    return out.getvalue()


def case_from(message_id: str) -> Complaint:
    mail = InboundMail.objects.get(message_id=message_id)
    assert mail.complaint is not None, (mail.outcome, mail.problem, mail.details)
    return mail.complaint


def test_each_mail_in_the_mailbox_becomes_a_registered_case(ts_mailbox: Dovecot) -> None:
    """P2.7: the mailbox is collected and each mail registered (P2.5) with the sender as
    the reporter, the text as the content and the attachments kept."""
    for name in [*REPORTS, "broken_charset.eml"]:
        ts_mailbox.deliver("ts-mailbox", eml(name))

    output = collect()

    assert "4 registered" in output and "1 held" in output
    outlook = case_from("<000001db4a2f$8c3e1a40$a4ba4ec0$@example.cn>")
    assert outlook.channel == "email" and outlook.policy_name == "special-equipment"
    # GB2312 declared, GBK written (镕, 堃 are not in GB2312): read as GB18030.
    assert outlook.complainant_name == "王镕"
    assert outlook.complainant_email == "wang.rong@example.cn"
    assert outlook.complainant_phone == "13812345678"
    assert outlook.location == "金堃花园3号楼2单元"
    assert outlook.content.startswith("举报：电梯困人，维保单位不到场\n\n您好：")
    assert (outlook.category, outlook.equipment_type, outlook.department.code) == ("elevator", "elevator", "ts_special")
    photo = Attachment.objects.get(complaint=outlook)
    # The sample's bytes only claim to be a JPEG: a type is read from the content, never
    # taken from the sender (issue 6), so it is kept as opaque bytes.
    assert photo.name == "电梯现场照片.jpg" and photo.content_type == "application/octet-stream"
    assert photo.file.read() == PHOTO

    foxmail = case_from("<202612012103101234567@example.com>")
    assert (foxmail.complainant_name, foxmail.complainant_phone) == ("李四", "0754-88123456")
    assert foxmail.subject_org == "城东燃气有限公司充装站"
    assert (foxmail.category, foxmail.equipment_type) == ("gas_cylinder", "pressure_vessel")
    assert [a.name for a in foxmail.attachments.all()] == ["过期钢瓶清单.pdf"]  # RFC 2231, GBK

    iphone = case_from("<7D1A2C3E-9F41-4B2A-8C6D-2E5F1A0B9C7D@icloud.example>")
    assert iphone.complainant_name == "赵敏" and "安全带扣不紧" in iphone.content
    assert iphone.equipment_type == "amusement_facility"
    assert [a.name for a in iphone.attachments.all()] == ["安全带.jpg"]

    webmail = case_from("<tencent_5A1B2C3D4E5F@qq.example>")  # HTML only, GB18030
    assert "锅炉房夜间 无人值守，门也没锁。" in webmail.content
    assert "<div>" not in webmail.content and "track()" not in webmail.content and "color:red" not in webmail.content
    assert webmail.complainant_name == "陈静" and webmail.equipment_type == "boiler"

    register = Event.objects.get(complaint=webmail, action="register")
    assert (register.actor_kind, register.data["channel"]) == ("complainant", "email")
    # Taken mail is marked read on the server; nothing was deleted.
    assert len(ts_mailbox.flags("ts-mailbox")) == 5
    assert all("\\Seen" in flags for flags in ts_mailbox.flags("ts-mailbox"))


def test_a_mail_that_cannot_be_read_is_kept_and_listed_for_a_person(ts_mailbox: Dovecot) -> None:
    raw = eml("broken_charset.eml")
    ts_mailbox.deliver("ts-mailbox", raw)

    collect()

    held = InboundMail.objects.get(message_id="<broken-1@broken.example>")
    assert (held.outcome, held.problem, held.complaint) == (MailOutcome.HELD, "undecodable", None)
    assert bytes(held.raw).replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")
    assert Complaint.objects.count() == 0
    listing = io.StringIO()
    call_command("mail", "failed", stdout=listing)
    assert f"{held.pk:>6}" in listing.getvalue() and "undecodable" in listing.getvalue()
    assert "someone@broken.example" in listing.getvalue()
    dump = io.StringIO()
    call_command("mail", "show", str(held.pk), stdout=dump)
    assert "unreadable (undecodable)" in dump.getvalue()


def test_collecting_again_registers_nothing_twice(ts_mailbox: Dovecot) -> None:
    for name in REPORTS:
        ts_mailbox.deliver("ts-mailbox", eml(name))
    collect()
    # As after a crash or a renumbered folder: the position is lost, every mail is read again.
    MailboxState.objects.update(last_uid=0, uidvalidity=0)

    output = collect()

    assert "4 duplicate" in output
    assert Complaint.objects.count() == 4 and InboundMail.objects.count() == 4


def test_a_reply_naming_the_report_in_its_headers_joins_that_case(ts_mailbox: Dovecot) -> None:
    ts_mailbox.deliver("ts-mailbox", eml("outlook_gb2312_base64.eml"))
    collect()
    case = case_from("<000001db4a2f$8c3e1a40$a4ba4ec0$@example.cn>")

    ts_mailbox.deliver("ts-mailbox", eml("reply_with_headers.eml"))
    output = collect()

    assert "1 reply" in output and Complaint.objects.count() == 1
    reply = InboundMail.objects.get(message_id="<000101db4a80$1b2c3d4e$5f6a7b8c$@example.cn>")
    assert (reply.outcome, reply.complaint) == (MailOutcome.REPLY, case)
    note = Event.objects.get(complaint=case, seq=reply.event_seq)
    assert (note.action, note.actor_kind, note.actor) == ("note", "complainant", None)
    assert note.note == "补充：下午维保人员来了，说是门机故障，但没有给出书面记录。"  # without the quote


def test_a_reply_without_headers_is_matched_by_the_tracking_number_in_its_subject(ts_mailbox: Dovecot) -> None:
    ts_mailbox.deliver("ts-mailbox", eml("foxmail_gbk_qp.eml"))
    collect()
    case = case_from("<202612012103101234567@example.com>")
    assert len(case.number) == len(NUMBER_PLACEHOLDER)

    ts_mailbox.deliver(
        "ts-mailbox", eml("reply_by_subject.eml").replace(NUMBER_PLACEHOLDER.encode(), case.number.encode())
    )
    collect()

    assert Complaint.objects.count() == 1
    note = Event.objects.filter(complaint=case, action="note").get()
    assert note.note == "充装站今天还在给过期钢瓶充气，附上照片。"
    assert sorted(a.name for a in case.attachments.all()) == ["IMG_0412.jpg", "过期钢瓶清单.pdf"]


def test_the_bureau_mailbox_is_collected_on_mondays_others_continuously(
    dovecot: Dovecot, settings: Any, setup_data: None
) -> None:
    """P2.7: the web administrator collects the complaint mailbox every Monday; the
    property office (continuous) takes mail in as it comes."""
    settings.TOUSU_MAILBOXES = [
        dovecot.mailbox("ts-mailbox", "special-equipment"),
        dovecot.mailbox("wy-mailbox", "property-office"),
    ]
    monday = dt.datetime(2026, 11, 30, 9, 30, tzinfo=SHANGHAI)
    first = {r.policy: r for r in collect_all(now=monday)}
    assert not first["special-equipment"].skipped and not first["property-office"].skipped

    dovecot.deliver("ts-mailbox", eml("iphone_utf8.eml"))
    dovecot.deliver("wy-mailbox", eml("property_owner_plain.eml"))
    tuesday = {r.policy: r for r in collect_all(now=monday + dt.timedelta(days=1))}
    assert tuesday["special-equipment"].skipped and not tuesday["property-office"].skipped
    assert not InboundMail.objects.filter(mailbox__startswith="ts-mailbox").exists()

    before_nine = {r.policy: r for r in collect_all(now=dt.datetime(2026, 12, 7, 8, 59, tzinfo=SHANGHAI))}
    assert before_nine["special-equipment"].skipped
    next_monday = {r.policy: r for r in collect_all(now=dt.datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI))}
    assert next_monday["special-equipment"].counts["registered"] == 1


def test_a_mail_missing_what_the_policy_requires_is_completed_by_a_person(
    dovecot: Dovecot, settings: Any, staff: Any
) -> None:
    """P5.1 / P4.5.1: the property office's form needs the unit number, which the owner
    did not write; the mail waits, a receptionist adds it, the case is registered."""
    settings.TOUSU_MAILBOXES = [dovecot.mailbox("wy-mailbox", "property-office")]
    dovecot.deliver("wy-mailbox", eml("property_owner_plain.eml"))
    collect()
    held = InboundMail.objects.get(message_id="<owner-1@example.net>")
    assert (held.outcome, held.problem) == (MailOutcome.HELD, "invalid_input")
    assert list(held.details["fields"]) == ["complainant_unit"]

    receptionist = staff("receptionist", "wy_customer_service")
    with pytest.raises(CommandError, match="complainant_unit"):
        call_command("mail", "register", str(held.pk), "--as", receptionist.username)
    out = io.StringIO()
    call_command(
        "mail",
        "register",
        str(held.pk),
        "--field",
        "complainant_unit=5栋1单元302",
        "--as",
        receptionist.username,
        stdout=out,
    )

    held.refresh_from_db()
    case = held.complaint
    assert held.outcome == MailOutcome.REGISTERED and case is not None and case.number in out.getvalue()
    assert (case.complainant_unit, case.complainant_phone, case.category) == (
        "5栋1单元302",
        "13900001111",
        "maintenance",
    )
    assert case.received_by is not None and case.received_by.username == receptionist.username
    assert held.handled_by == receptionist.username


def test_the_periodic_job_collects_and_fails_visibly_when_the_server_refuses(
    dovecot: Dovecot, settings: Any, setup_data: None
) -> None:
    schedule = registry.SCHEDULES["channels.collect_mail"]
    assert schedule.every == dt.timedelta(minutes=1)
    job = registry.JOBS["channels.collect_mail"].func
    settings.TOUSU_MAILBOXES = [dovecot.mailbox("wy-mailbox", "property-office")]
    dovecot.deliver("wy-mailbox", eml("property_owner_plain.eml"))
    job()
    assert InboundMail.objects.count() == 1

    wrong = dovecot.mailbox("wy-mailbox", "property-office")
    settings.TOUSU_MAILBOXES = [type(wrong)(**{**wrong.__dict__, "password": "not-the-password"})]
    with pytest.raises(Exception, match="wy-mailbox"):
        job()
    assert MailboxState.objects.get(name=wrong.name).last_error


def test_a_reply_to_our_acknowledgement_joins_the_case_it_was_about(ts_mailbox: Dovecot) -> None:
    """The acknowledgement we send carries the case's number in its Message-ID
    (tousu.notify); a reply quoting it in In-Reply-To joins that case, whatever its subject."""
    ts_mailbox.deliver("ts-mailbox", eml("iphone_utf8.eml"))
    collect()
    case = case_from("<7D1A2C3E-9F41-4B2A-8C6D-2E5F1A0B9C7D@icloud.example>")
    acknowledgement = f"<tousu.{case.number}.42@bureau.example>".encode()
    reply = eml("reply_with_headers.eml").replace(b"<000001db4a2f$8c3e1a40$a4ba4ec0$@example.cn>", acknowledgement)

    ts_mailbox.deliver("ts-mailbox", reply)
    collect()

    assert Complaint.objects.count() == 1
    assert InboundMail.objects.get(message_id="<000101db4a80$1b2c3d4e$5f6a7b8c$@example.cn>").complaint == case


@pytest.mark.django_db(transaction=True)
def test_two_collectors_taking_the_same_mail_at_once_make_one_case(setup_data: None) -> None:
    """The job and a person's `tousu mail collect` may read the same message together: the
    Message-ID row, written in the registration's transaction, lets one of them win."""
    raw = eml("iphone_utf8.eml")
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def collector() -> None:
        try:
            barrier.wait()
            taken = take(raw, mailbox="ts-mailbox@test", policy="special-equipment")
            outcomes.append("duplicate" if taken.duplicate else str(taken.mail and taken.mail.outcome))
        finally:
            connection.close()

    threads = [threading.Thread(target=collector) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["duplicate"] * 3 + ["registered"]
    assert Complaint.objects.count() == 1 and InboundMail.objects.count() == 1


def test_a_person_dismisses_a_mail_that_is_no_complaint_and_the_admin_shows_it_raw(
    ts_mailbox: Dovecot, staff: Any, admin_client: Any
) -> None:
    raw = eml("broken_charset.eml")
    ts_mailbox.deliver("ts-mailbox", raw)
    collect()
    held = InboundMail.objects.get(outcome=MailOutcome.HELD)

    listing = admin_client.get("/admin/channels/inboundmail/", {"outcome__exact": "held"})
    assert listing.status_code == 200 and "someone@broken.example" in listing.content.decode()
    download = admin_client.get(f"/admin/channels/inboundmail/{held.pk}/raw/")
    assert download["Content-Type"] == "message/rfc822"
    assert download.content.replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")

    reception = staff("receptionist", "ts_supervision")
    call_command("mail", "dismiss", str(held.pk), "--reason", "乱码广告", "--as", reception.username)
    held.refresh_from_db()
    assert (held.outcome, held.details["dismissed"], held.handled_by) == (
        MailOutcome.DISMISSED,
        "乱码广告",
        reception.username,
    )
    listing = io.StringIO()
    call_command("mail", "failed", stdout=listing)
    assert listing.getvalue().strip() == "no mail is held"


def test_an_auto_reply_is_kept_but_never_answered(setup_data: None) -> None:
    """An out-of-office answer to our acknowledgement must not become a case (which would
    be acknowledged, and answered again: a mail loop) nor a message on the case."""
    raw = (
        "From: wang.rong@example.cn\r\nAuto-Submitted: auto-replied\r\n"
        "Subject: =?utf-8?b?6Ieq5Yqo5Zue5aSN?=\r\nMessage-ID: <ooo-1@example.cn>\r\n\r\n我正在休假，12月7日回来。\r\n"
    ).encode()

    taken = take(raw, mailbox="ts-mailbox@test", policy="special-equipment")

    assert taken.mail is not None and (taken.mail.outcome, taken.mail.problem) == (MailOutcome.HELD, "automatic")
    assert taken.mail.subject == "自动回复" and Complaint.objects.count() == 0
