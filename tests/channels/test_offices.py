"""One property company runs its complaint procedure (P4) in two offices, each with its
own customer-service desk and departments. What comes in by Open311 or by e-mail must
land in the right office: an app names the office (attribute[office]) unless its key's
holder works for only one; each office's mailbox names its office; a reply joins a case
only of the mailbox's own organisation."""

from __future__ import annotations

import dataclasses
import io
from email.message import EmailMessage
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tousu.cases.models import Complaint, Event
from tousu.channels import checks
from tousu.channels.mailboxes import office_problem, parse_mailbox
from tousu.channels.models import InboundMail, MailboxState, MailOutcome
from tousu.env import SettingError
from tousu.org.models import Position, Unit

from .conftest import api_key, eml
from .dovecot import Dovecot
from .mails.build import NUMBER_PLACEHOLDER

pytestmark = pytest.mark.django_db
OPEN311 = "/open311/v2"
OWNER_COMPLAINT = {
    "complainant_name": "黄晓",
    "complainant_phone": "13800138001",
    "complainant_unit": "1栋2单元301",
    "category": "cleaning",
    "content": "1栋楼道垃圾三天没人清理。",
}


def file(key: str, **extra: str) -> Any:
    form = {
        "jurisdiction_id": "property-office",
        "api_key": key,
        "service_code": "elevator",
        "address_string": "春华园7栋电梯厅",
        "description": "7栋电梯困人，按警铃无人应答。",
        "first_name": "晓",
        "last_name": "黄",
        "phone": "13800138001",
        "attribute[complainant_unit]": "7栋1单元901",
        **extra,
    }
    return Client().post(f"{OPEN311}/requests.json", form)


def test_open311_names_the_office_of_a_policy_that_runs_in_two(second_office: str, staff: Any) -> None:
    definition = Client().get(f"{OPEN311}/services/elevator.json", {"jurisdiction_id": "property-office"}).json()
    office = next(a for a in definition["attributes"] if a["code"] == "office")
    assert office["required"] is True and office["datatype"] == "singlevaluelist"
    assert [v["key"] for v in office["values"]] == ["ch_office", "property-office"]

    # The company's call centre works for both offices: it must say which.
    centre = staff("receptionist", "wy_customer_service")
    Position.objects.create(
        user_id=Position.objects.get(user__username=centre.username).user_id,
        role="receptionist",
        unit=Unit.objects.get(code="ch_customer_service"),
    )
    refused = file(api_key(centre))
    assert refused.status_code == 400
    [problem] = refused.json()
    assert problem["code"] == 400 and "attribute[office]" in problem["description"]
    assert "ch_office" in problem["description"] and Complaint.objects.count() == 0

    filed = file(api_key(centre), **{"attribute[office]": second_office})
    assert filed.status_code == 201, filed.content.decode()
    case = Complaint.objects.get(number=filed.json()[0]["service_request_id"])
    # P4.3: in the second office, with that office's engineering department.
    assert (case.home.code, case.department.code) == ("ch_office", "ch_engineering")

    # An app whose key's holder works in one office files there without naming it.
    desk = staff("receptionist", "ch_customer_service")
    answer = file(api_key(desk))
    assert answer.status_code == 201, answer.content.decode()
    assert Complaint.objects.get(number=answer.json()[0]["service_request_id"]).home.code == "ch_office"
    # It cannot file into an office it does not work for.
    first_office_only = staff("receptionist", "wy_customer_service")
    assert file(api_key(first_office_only), **{"attribute[office]": second_office}).status_code == 403


def test_each_office_reads_its_own_requests_in_full(second_office: str, staff: Any) -> None:
    """P4.5.2: each office's customer service sees every complaint of its office, and
    with its key reads them in full; the other office's requests only as the public does."""
    desk_b = staff("receptionist", "ch_customer_service")
    desk_a = staff("receptionist", "wy_customer_service")
    in_b = file(api_key(desk_b)).json()[0]["service_request_id"]
    in_a = file(api_key(desk_a), address_string="1栋大堂", description="1栋门禁坏了。").json()[0]["service_request_id"]
    colleague_b = staff("handler", "ch_customer_service")

    rows = (
        Client()
        .get(f"{OPEN311}/requests.json", {"jurisdiction_id": "property-office", "api_key": api_key(colleague_b)})
        .json()
    )
    read = {row["service_request_id"]: row["description"] for row in rows}
    assert read == {in_b: "7栋电梯困人，按警铃无人应答。", in_a: None}


@pytest.fixture
def mailboxes(dovecot: Dovecot, second_office: str) -> Dovecot:
    """The property company's mailbox server, the company running P4 in two offices."""
    return dovecot


def owner_mail(message_id: str) -> bytes:
    mail = EmailMessage()
    mail["From"] = "黄晓 <huang@example.net>"
    mail["To"] = "wy-mailbox@example.cn"
    mail["Subject"] = "电梯又坏了"
    mail["Message-ID"] = message_id
    mail.set_content("7栋电梯停了一上午，没人来修。\n房号：7栋1单元901\n电话：13800138001\n")
    return bytes(mail)


def collect() -> str:
    out = io.StringIO()
    call_command("mail", "collect", "--force", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_mailbox_of_a_policy_in_two_offices_must_name_its_office(mailboxes: Dovecot, settings: Any) -> None:
    unnamed = mailboxes.mailbox("wy-mailbox", "property-office")
    settings.TOUSU_MAILBOXES = [unnamed]
    mailboxes.deliver("wy-mailbox", owner_mail("<b-1@example.net>"))

    # At start-up (a system check: `tousu serve` and the worker refuse to start) ...
    [error] = checks.mailboxes_name_their_office(None)
    assert error.id == "tousu.E101" and "property-office runs in several offices" in error.msg
    assert "ch_office" in error.msg and "property-office/OFFICE=URL" in error.msg
    # ... and at collection, where nothing is taken until the office is named.
    with pytest.raises(CommandError):
        collect()
    assert InboundMail.objects.count() == 0
    assert "several offices" in MailboxState.objects.get(name=unnamed.name).last_error

    settings.TOUSU_MAILBOXES = [dataclasses.replace(unnamed, unit="ch_office")]
    assert checks.mailboxes_name_their_office(None) == []
    assert "1 registered" in collect()
    case = InboundMail.objects.get(message_id="<b-1@example.net>").complaint
    assert case is not None and (case.home.code, case.received_in.code) == ("ch_office", "ch_office")
    assert (case.department.code, case.complainant_unit) == ("ch_engineering", "7栋1单元901")


def test_a_held_mail_is_registered_in_the_office_whose_mailbox_it_came_to(
    mailboxes: Dovecot, settings: Any, staff: Any
) -> None:
    """P5.1-style: the owner did not write the unit number; a receptionist of that office
    completes it, and the case is that office's."""
    settings.TOUSU_MAILBOXES = [
        dataclasses.replace(mailboxes.mailbox("wy-mailbox", "property-office"), unit="ch_office")
    ]
    mailboxes.deliver("wy-mailbox", eml("property_owner_plain.eml"))
    collect()
    held = InboundMail.objects.get(message_id="<owner-1@example.net>")
    assert (held.outcome, held.unit) == (MailOutcome.HELD, "ch_office")

    receptionist = staff("receptionist", "ch_customer_service")
    call_command(
        "mail", "register", str(held.pk), "--field", "complainant_unit=5栋1单元302", "--as", receptionist.username
    )
    held.refresh_from_db()
    assert held.complaint is not None and held.complaint.home.code == "ch_office"


def test_a_reply_joins_only_a_case_of_the_mailbox_s_own_organisation(
    mailboxes: Dovecot, settings: Any, staff: Any
) -> None:
    """A mail to the property office naming the regulator's case (another organisation)
    is not a note on that case: nothing crosses an organisation's boundary unasked."""
    settings.TOUSU_MAILBOXES = [
        dataclasses.replace(mailboxes.mailbox("wy-mailbox", "property-office"), unit="ch_office")
    ]
    report = staff("receptionist", "ts_supervision").post(
        "/complaints",
        {
            "policy": "special-equipment",
            "channel": "hotline",
            "complainant_name": "陈先生",
            "complainant_phone": "13700001111",
            "category": "elevator",
            "equipment_type": "elevator",
            "content": "商场扶梯检验标志过期。",
            "location": "龙湖区某商场",
        },
    )
    assert report.status_code == 201, report.content.decode()
    number = report.json()["number"]
    reply = eml("reply_by_subject.eml").replace(NUMBER_PLACEHOLDER.encode(), number.encode())
    mailboxes.deliver("wy-mailbox", reply)
    collect()

    case = Complaint.objects.get(number=number)
    assert not Event.objects.filter(complaint=case, action="note").exists()
    [mail] = InboundMail.objects.all()
    assert mail.outcome != MailOutcome.REPLY and mail.complaint != case

    # Within the organisation a reply joins its case, whichever office's mailbox it reached.
    complaint = {**OWNER_COMPLAINT, "policy": "property-office", "channel": "phone"}
    first = staff("receptionist", "wy_customer_service").post("/complaints", complaint).json()["number"]
    again = reply.replace(number.encode(), first.encode()).replace(b"reply-by-subject-1@", b"reply-by-subject-2@")
    mailboxes.deliver("wy-mailbox", again)
    collect()
    assert InboundMail.objects.get(message_id="<reply-by-subject-2@example.com>").outcome == MailOutcome.REPLY
    assert Event.objects.filter(complaint__number=first, action="note").exists()


def test_the_mailbox_setting_names_an_office_after_the_policy() -> None:
    parsed = parse_mailbox("property-office/ch_office=imaps://ch%40estate.example:pw@mail.estate.example/INBOX")
    assert (parsed.policy, parsed.unit, parsed.user, parsed.folder) == (
        "property-office",
        "ch_office",
        "ch@estate.example",
        "INBOX",
    )
    assert parse_mailbox("special-equipment=imaps://u:p@h/INBOX").unit == ""
    with pytest.raises(SettingError, match="POLICY/UNIT=URL"):
        parse_mailbox("property-office/ch office=imaps://u:p@h/INBOX")


def test_a_mailbox_naming_a_unit_the_policy_does_not_run_in_is_refused(second_office: str) -> None:
    mailbox = parse_mailbox("property-office/ts_supervision=imap://u:p@127.0.0.1/INBOX")
    assert "does not run in a unit 'ts_supervision'" in office_problem(mailbox)
    assert office_problem(dataclasses.replace(mailbox, unit="ch_engineering")) == ""
