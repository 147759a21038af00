"""Submitting a complaint on the public portal (channel web): the policy's public fields,
consent to the privacy notice, attachments, one case per submission, the receipt."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.portal.conftest import web_form
from tousu.cases.models import Attachment, Complaint, Event


def form_page(client: Client, policy: str) -> tuple[str, str]:
    page = client.get(f"/p/submit/{policy}/")
    assert page.status_code == 200
    key = page.context["form"]["submission"].value()
    return page.content.decode(), key


def test_several_published_policies_are_offered_to_choose_from(setup_data):
    page = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/p/submit/")
    body = page.content.decode()
    # All five presets take the web channel (P4.4.1 online, P2.7 website mailbox ...).
    for title in ["物业管理处客户投诉受理规程", "特种设备安全监察举报投诉受理制度", "消费者投诉受理制度"]:
        assert title in body
    assert "/p/submit/property-office/" in body


def test_the_form_offers_exactly_the_policys_public_fields(setup_data):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = client.get("/p/submit/property-office/")
    form = page.context["form"]
    # property-office public_fields, the confidentiality choice (P2.11), the portal's own fields.
    assert list(form.fields) == [
        "complainant_name",
        "complainant_phone",
        "complainant_unit",
        "category",
        "content",
        "request",
        "confidential",
        "attachments",
        "consent",
        "submission",
        "website",
    ]
    # P4.5.1 record: name, phone, unit, category and content are required by the policy.
    assert [n for n, f in form.fields.items() if f.required] == [
        "complainant_name",
        "complainant_phone",
        "complainant_unit",
        "category",
        "content",
        "consent",
        "submission",
    ]
    body = page.content.decode()
    assert "电梯" in body  # P4.4.2 categories with their Chinese labels
    assert "隐私声明" in body  # the privacy notice is linked next to the consent box

    special = client.get("/p/submit/special-equipment/").context["form"]
    assert "equipment_type" in special.fields and "complainant_unit" not in special.fields
    assert not special.fields["complainant_name"].required  # P2: a reporter may stay anonymous


def test_a_web_complaint_is_registered_with_its_attachment_and_a_receipt(setup_data):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    photo = SimpleUploadedFile("漏水.jpg", b"\xff\xd8\xff" + b"0" * 2000, content_type="image/jpeg")
    response = client.post("/p/submit/property-office/", web_form(client, request="尽快清运", attachments=[photo]))
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    body = receipt.content.decode()
    complaint = Complaint.objects.get()
    assert complaint.channel == "web"
    assert complaint.policy_name == "property-office"
    assert complaint.complainant_name == "李娜"
    assert complaint.department.code == "wy_cleaning"  # P4.3 routing by category
    assert complaint.received_by is None
    register = Event.objects.get(complaint=complaint, action="register")
    assert register.actor_kind == "complainant"
    attachment = Attachment.objects.get(complaint=complaint)
    assert attachment.name == "漏水.jpg" and attachment.uploaded_by is None
    # The receipt: tracking number and verification code.
    assert complaint.number in body and complaint.verification_code in body
    assert receipt["Cache-Control"].startswith("max-age=0")


def test_a_repeated_submission_creates_one_case(setup_data):
    client = Client()
    data = web_form(client)
    first = client.post("/p/submit/property-office/", data)
    # A double click, or the back button and "submit" again: the same form key.
    second = client.post("/p/submit/property-office/", data)
    assert first.status_code == second.status_code == 302
    assert Complaint.objects.count() == 1
    number = Complaint.objects.get().number
    assert number in client.get(second["Location"]).content.decode()
    # A fresh form is a new complaint.
    _, other_key = form_page(client, "property-office")
    client.post("/p/submit/property-office/", {**data, "submission": other_key})
    assert Complaint.objects.count() == 2


def test_without_consent_nothing_is_registered_and_nothing_typed_is_lost(setup_data):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    data = web_form(client, complainant_unit="", content="楼道垃圾三天没有清运。")
    del data["consent"]
    response = client.post("/p/submit/property-office/", data)
    assert response.status_code == 200
    assert Complaint.objects.count() == 0
    errors = response.context["form"].errors
    assert set(errors) == {"consent", "complainant_unit"}
    body = response.content.decode()
    assert "请接受隐私声明" in body
    assert "楼道垃圾三天没有清运。" in body  # what was typed is shown again


def test_an_oversized_attachment_is_refused_before_anything_is_saved(setup_data, settings):
    settings.TOUSU_ATTACHMENT_MAX_BYTES = 1000
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 2000, content_type="application/pdf")
    response = client.post("/p/submit/property-office/", web_form(client, attachments=[big]))
    assert response.status_code == 200
    assert "attachments" in response.context["form"].errors
    assert Complaint.objects.count() == 0


def test_a_reporter_may_stay_anonymous_under_the_special_equipment_policy(setup_data):
    client = Client()
    _, key = form_page(client, "special-equipment")
    response = client.post(
        "/p/submit/special-equipment/",
        {
            "equipment_type": "elevator",
            "location": "人民路88号商场",
            "content": "商场扶梯检验合格证过期半年仍在运行。",
            "confidential": "on",  # ticked as the form offers it for a report (P2.11)
            "consent": "on",
            "submission": key,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    complaint = Complaint.objects.get()
    assert complaint.kind == "report" and complaint.complainant_name == ""
    assert complaint.confidential
    assert re.match(r"^TS\d{8}-\d{4}$", complaint.number)


def test_an_unknown_policy_or_one_without_web_intake_is_not_found(setup_data):
    assert Client().get("/p/submit/no-such-policy/").status_code == 404


def test_an_expired_or_forged_receipt_shows_nothing(setup_data):
    response = Client().get("/p/receipt/forged:token/")
    assert response.status_code == 404
    assert response.context["complaint"] is None


def test_a_web_report_is_confidential_unless_the_reporter_unticks_it_p2_11(setup_data):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert client.get("/p/submit/special-equipment/").context["form"]["confidential"].value() is True
    assert client.get("/p/submit/property-office/").context["form"]["confidential"].value() is False
    report = {
        "complainant_name": "陈建国",
        "complainant_phone": "13622220000",
        "equipment_type": "elevator",
        "content": "商场扶梯检验合格证过期半年仍在运行。",
        "consent": "on",
    }
    for ticked in (True, False):
        _, key = form_page(client, "special-equipment")
        data = {**report, "submission": key, **({"confidential": "on"} if ticked else {})}
        assert client.post("/p/submit/special-equipment/", data).status_code == 302
    kept, waived = Complaint.objects.order_by("id")
    assert kept.confidential and not waived.confidential
    # Unticking is the reporter's own waiver, kept on the timeline (P2.11).
    assert Event.objects.get(complaint=waived, action="register").data["confidentiality_waived"] is True
    assert "confidentiality_waived" not in Event.objects.get(complaint=kept, action="register").data


def test_a_company_with_two_estates_asks_which_one(setup_data):
    from tests.web.conftest import second_office

    second_office()
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    field = client.get("/p/submit/property-office/").context["form"].fields["unit"]
    assert field.required and [code for code, _ in field.choices] == ["", "wy_estate_b", "property-office"]
    response = client.post("/p/submit/property-office/", web_form(client))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    response = client.post("/p/submit/property-office/", web_form(client, unit="wy_estate_b"))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.home.code == "wy_estate_b"
    assert complaint.department.code == "wy_estate_b_wy_cleaning"  # that estate's own (P4.3)
