"""The whole e-mail round trip on real servers: a report arrives in the bureau's mailbox
(dovecot), is registered (P2.7, P2.5), the acknowledgement goes out through Django's mail
machinery to an SMTP server (aiosmtpd, tousu.notify), and the reporter's answer to that
acknowledgement, as a mail client writes it, joins the same case."""

from __future__ import annotations

from email.header import Header
from email.mime.text import MIMEText
from typing import Any

import pytest
from django.core.management import call_command

from tests.notify.helpers import drain
from tests.servers import SmtpServer
from tousu.cases.models import Complaint, Event
from tousu.channels.mailthread import OUTGOING
from tousu.channels.models import InboundMail, MailOutcome

from .conftest import eml
from .dovecot import Dovecot

pytestmark = pytest.mark.django_db


def test_the_reporter_answers_the_acknowledgement_and_the_answer_joins_the_case(
    dovecot: Dovecot, smtp: SmtpServer, settings: Any, setup_data: None
) -> None:
    settings.TOUSU_MAILBOXES = [dovecot.mailbox("ts-mailbox", "special-equipment")]
    dovecot.deliver("ts-mailbox", eml("outlook_gb2312_base64.eml"))
    call_command("mail", "collect", "--force")
    case = Complaint.objects.get()

    drain()  # the runner delivers the acknowledgement

    [ack] = [m for m in smtp.messages if m["To"] == "wang.rong@example.cn"]
    assert case.number in str(ack["Subject"])
    # Its Message-ID names the case, so even a reply with another subject finds it.
    assert OUTGOING.match(str(ack["Message-ID"])).group(1) == case.number  # type: ignore[union-attr]
    # The reporter's client answers it: In-Reply-To and References name our Message-ID.
    answer = MIMEText("收到，谢谢。另外3号楼电梯今天又停了一次。", "plain", "utf-8")
    answer["From"] = "wang.rong@example.cn"
    answer["To"] = str(ack["From"])
    answer["Subject"] = Header("Re: " + str(ack["Subject"]).strip(), "utf-8")
    answer["Message-ID"] = "<answer-to-ack@example.cn>"
    answer["In-Reply-To"] = answer["References"] = str(ack["Message-ID"])
    dovecot.deliver("ts-mailbox", answer.as_bytes())

    call_command("mail", "collect", "--force")

    mail = InboundMail.objects.get(message_id="<answer-to-ack@example.cn>")
    assert (mail.outcome, mail.complaint) == (MailOutcome.REPLY, case)
    note = Event.objects.get(complaint=case, seq=mail.event_seq)
    assert note.note == "收到，谢谢。另外3号楼电梯今天又停了一次。" and note.actor_kind == "complainant"
    assert Complaint.objects.count() == 1
