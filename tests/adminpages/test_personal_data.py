"""The admin pages never show a complainant without break-glass (issue 14, P2.11): the
notification log shows recipients' phones and e-mails masked and the messages' texts
with the complainant masked and the verification code hidden; a confidential reporter
leaves no trace at all; the case pages are empty without break-glass and masked with it;
seeing anything in full takes break-glass and a reason, written to the access log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.notify.helpers import drain
from tousu.audit import breakglass
from tousu.audit.models import AccessEntry
from tousu.cases.models import Complaint
from tousu.notify.models import Delivery, InAppNotification, QuietHours

NAME, PHONE, EMAIL = "欧阳秀英", "13912345678", "ouyang.xiuying@example.org"
MASKED_PHONE, MASKED_NAME = "139****5678", "欧***"

# P4: a resident's complaint, acknowledged by SMS and e-mail with the tracking number and
# the verification code that opens its public status page.
COMPLAINT: dict[str, Any] = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": NAME,
    "complainant_phone": PHONE,
    "complainant_email": EMAIL,
    "complainant_unit": "9栋2单元1101",
    "category": "cleaning",
    "content": "九号楼楼道垃圾堆积无人清理已经三天",
}
# P2: a report, confidential by default; the reporter must leave no trace (P2.11).
REPORTER, REPORTER_PHONE, REPORTER_EMAIL = "司马青云", "13698765432", "sima.qingyun@example.org"
REPORT: dict[str, Any] = {
    "policy": "special-equipment",
    "channel": "hotline",
    "kind": "report",
    "complainant_name": REPORTER,
    "complainant_phone": REPORTER_PHONE,
    "complainant_email": REPORTER_EMAIL,
    "equipment_type": "elevator",
    "content": "锦绣大厦3号电梯检验合格证过期仍在运行，举报人司马青云，电话13698765432",
}


@pytest.fixture
def cases(staff: Any, settings: Any, tmp_path: Any) -> dict[str, dict[str, Any]]:
    settings.TOUSU_SMS_BACKEND = "file"
    settings.TOUSU_SMS_FILE = str(tmp_path / "sms.log")
    # SMS go out at any hour here, so that every message is rendered as it was sent.
    QuietHours.objects.create(start=dt.time(21, 0), end=dt.time(8, 0), active=False)
    staff("department_head", "ts_special")  # told of every report routed to his section (P2.4)
    office = staff("receptionist", "wy_customer_service").post("/complaints", COMPLAINT)
    regulator = staff("receptionist", "ts_12365").post("/complaints", REPORT)
    assert office.status_code == regulator.status_code == 201, regulator.content.decode()
    drain()
    return {"complaint": office.json(), "report": regulator.json()}


@pytest.fixture
def root(admin_client_zh: Client) -> Any:
    return get_user_model().objects.get(username="root")


def deliveries_to_complainant(number: str) -> list[Delivery]:
    return list(Delivery.objects.filter(complaint__number=number, user=None).order_by("pk"))


def test_the_notification_log_shows_the_complainant_masked_and_no_verification_code(
    admin_client_zh: Client, cases: dict[str, dict[str, Any]]
) -> None:
    complaint = cases["complaint"]
    sent = deliveries_to_complainant(complaint["number"])
    assert {d.channel for d in sent} == {"sms", "email"}
    assert all(complaint["verification_code"] in d.body for d in sent)  # what was really sent
    listing = admin_client_zh.get("/admin/notify/delivery/").content.decode()
    assert PHONE not in listing and EMAIL not in listing
    assert MASKED_PHONE in listing and "o***@example.org" in listing
    for delivery in sent:
        page = admin_client_zh.get(f"/admin/notify/delivery/{delivery.pk}/change/").content.decode()
        assert PHONE not in page and EMAIL not in page and NAME not in page
        assert complaint["verification_code"] not in page
        assert complaint["number"] in page  # the case it is about stays findable


def test_a_confidential_reporters_messages_leave_no_trace_of_them(
    admin_client_zh: Client, cases: dict[str, dict[str, Any]]
) -> None:
    report = cases["report"]
    sent = Delivery.objects.filter(complaint__number=report["number"])
    assert sent.filter(user=None).exists()  # the reporter was acknowledged
    pages = [admin_client_zh.get("/admin/notify/delivery/").content.decode()]
    pages += [admin_client_zh.get(f"/admin/notify/delivery/{d.pk}/change/").content.decode() for d in sent]
    notices = InAppNotification.objects.filter(complaint__number=report["number"])
    assert notices.exists()  # the staff were told of it, in the bell
    pages.append(admin_client_zh.get("/admin/notify/inappnotification/").content.decode())
    pages += [admin_client_zh.get(f"/admin/notify/inappnotification/{n.pk}/change/").content.decode() for n in notices]
    for page in pages:
        for trace in (REPORTER, REPORTER_PHONE, REPORTER_EMAIL, "136****5432", "司*", "s***@example.org"):
            assert trace not in page, trace
        assert report["verification_code"] not in page
    reporter_page = pages[1 + list(sent).index(sent.filter(user=None).first())]  # type: ignore[arg-type]
    assert "本件为保密举报" in reporter_page


def test_searching_messages_by_phone_needs_break_glass_and_never_finds_a_confidential_reporter(
    admin_client_zh: Client, root: Any, cases: dict[str, dict[str, Any]]
) -> None:
    def found(term: str) -> str:
        return admin_client_zh.get("/admin/notify/delivery/", {"q": term}).content.decode()

    sms = Delivery.objects.get(complaint__number=cases["complaint"]["number"], user=None, channel="sms")
    reporter_sms = Delivery.objects.get(complaint__number=cases["report"]["number"], user=None, channel="sms")
    row, reporter_row = (f"/admin/notify/delivery/{d.pk}/change/" for d in (sms, reporter_sms))
    assert row not in found(PHONE)
    assert row in found(cases["complaint"]["number"])  # by tracking number, always
    breakglass.open_access(root, "排查短信发送失败问题 #4521")
    assert row in found(PHONE) and MASKED_PHONE in found(PHONE)
    assert reporter_row not in found(REPORTER_PHONE)


def test_a_reveal_needs_break_glass_and_a_reason_and_is_logged(
    admin_client_zh: Client, root: Any, cases: dict[str, dict[str, Any]]
) -> None:
    complaint = cases["complaint"]
    sms = Delivery.objects.get(complaint__number=complaint["number"], user=None, channel="sms")
    url = f"/admin/notify/delivery/{sms.pk}/reveal/"
    # Without break-glass: back to the masked page, nothing shown, nothing revealed.
    refused = admin_client_zh.post(url, {"reason": "核对短信是否发到正确号码"}, follow=True)
    body = refused.content.decode()
    assert PHONE not in body and "tousu audit break-glass --user root" in body
    assert not AccessEntry.objects.filter(action="reveal").exists()

    breakglass.open_access(root, "排查短信发送失败问题 #4521")
    page = admin_client_zh.get(f"/admin/notify/delivery/{sms.pk}/change/").content.decode()
    assert f'action="{url}"' in page and PHONE not in page  # still masked until revealed
    too_short = admin_client_zh.post(url, {"reason": "看"}, follow=True).content.decode()
    assert PHONE not in too_short
    shown = admin_client_zh.post(url, {"reason": "核对短信是否发到正确号码"})
    assert shown.status_code == 200
    text = shown.content.decode()
    assert PHONE in text and complaint["verification_code"] in text
    [entry] = AccessEntry.objects.filter(action="reveal")
    assert (entry.username, entry.number, entry.reason) == ("root", complaint["number"], "核对短信是否发到正确号码")
    # For that one answer only: the page reads masked again.
    assert PHONE not in admin_client_zh.get(f"/admin/notify/delivery/{sms.pk}/change/").content.decode()


def test_the_case_pages_are_empty_without_break_glass_and_masked_with_it(
    admin_client_zh: Client, root: Any, cases: dict[str, dict[str, Any]]
) -> None:
    complaint, report = cases["complaint"], cases["report"]
    listing = admin_client_zh.get("/admin/cases/complaint/").content.decode()
    assert complaint["number"] not in listing and report["number"] not in listing
    office_case = Complaint.objects.get(number=complaint["number"])
    assert admin_client_zh.get(f"/admin/cases/complaint/{office_case.pk}/change/").status_code in (302, 404)

    breakglass.open_access(root, "排查工单数据异常问题 #4522")
    listing = admin_client_zh.get("/admin/cases/complaint/").content.decode()
    assert complaint["number"] in listing and report["number"] in listing
    page = admin_client_zh.get(f"/admin/cases/complaint/{office_case.pk}/change/").content.decode()
    assert PHONE not in page and NAME not in page and EMAIL not in page
    assert MASKED_PHONE in page and MASKED_NAME in page
    assert complaint["verification_code"] not in page

    confidential = Complaint.objects.get(number=report["number"])
    page = admin_client_zh.get(f"/admin/cases/complaint/{confidential.pk}/change/").content.decode()
    for trace in (REPORTER, REPORTER_PHONE, REPORTER_EMAIL, "136****5432", "司*"):
        assert trace not in page, trace
    assert "锦绣大厦3号电梯检验合格证过期仍在运行" in page and "〔已隐去〕" in page

    shown = admin_client_zh.post(
        f"/admin/cases/complaint/{confidential.pk}/reveal/", {"reason": "核对举报人身份以发放奖励"}
    )
    assert shown.status_code == 200 and REPORTER_PHONE in shown.content.decode()
    [entry] = AccessEntry.objects.filter(action="reveal")
    assert (entry.number, entry.reason) == (report["number"], "核对举报人身份以发放奖励")
