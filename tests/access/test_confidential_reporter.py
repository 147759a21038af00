"""P2.11: a confidential reporter is never shown — not masked, absent — to the department
or the person complained about. Every output that department can reach is searched for
the reporter's name and phone: pages, API JSON, printed forms, XLSX/DOCX/PDF/CSV
documents, notification texts, webhook calls, search results, Open311 and the public
status page."""

from __future__ import annotations

import io
import zipfile

import time_machine

from tests.access.conftest import B_CASE, register
from tests.lifecycle.helpers import local
from tests.notify.helpers import drain
from tousu.cases.models import Complaint
from tousu.notify.models import Delivery, WebhookEndpoint

NAME, PHONE = "上官婉清", "13698765432"
REPORTER = {
    **B_CASE,
    "category": "elevator",  # routed to the engineering department (P4.3) ...
    "content": "电梯维保记录造假，维修工从未上门，举报人要求保密",
    "complainant_name": NAME,
    "complainant_phone": PHONE,
    "confidential": True,
    "subject_department": "工程部",  # ... which is the department complained about
    "subject_person": "赵工",
}


def _texts(blob: bytes) -> str:
    """The text of a response, of every part of a zipped document (XLSX, DOCX, PPTX)."""
    if blob[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return blob.decode("utf-8", "replace")


def _absent(where: str, blob: bytes) -> None:
    text = _texts(blob)
    for secret in (NAME, PHONE, NAME[:1] + "*", PHONE[:3] + "****" + PHONE[-4:]):
        assert secret not in text, (where, secret)


@time_machine.travel(local(2026, 11, 10, 10), tick=False)
def test_the_department_complained_about_never_sees_the_confidential_reporter(person, http_sink):
    # An outside system (the 12345 platform, the head office) takes every case event.
    WebhookEndpoint.objects.create(name="12345热线平台", url=f"{http_sink.url}/hook", secret="s", actions=[])
    desk = person("receptionist", "wy_customer_service")
    head = person("department_head", "wy_engineering")
    zhao = person("handler", "wy_engineering", display_name="赵工")
    case = register(desk, **REPORTER)
    number = case["number"]
    head.api.act(number, "assign", assignee=zhao.username)
    zhao.api.act(number, "note", note="已联系维保单位")
    drain()

    for who in (head, zhao):
        detail = who.api.get(f"/complaints/{number}")
        assert detail.status_code == 200  # the case itself is theirs to handle
        assert detail.json()["personal_data"] == "absent"
        _absent("api detail", detail.content)
        _absent("api list", who.api.get("/complaints").content)
        for q in (NAME, PHONE, "维保记录造假"):
            found = who.api.get("/complaints", q=q)
            _absent(f"api search {q}", found.content)
        assert who.api.get("/complaints", q=NAME).json()["items"] == []
        assert who.api.get("/complaints", q=PHONE).json()["items"] == []
        refused = who.api.post(f"/complaints/{number}/reveal", {"reason": "想知道是谁举报的"})
        assert refused.status_code == 403
        for path in (f"/desk/cases/{number}/", "/desk/", f"/desk/print/{number}/record/", "/desk/oversight/"):
            _absent(path, who.desk.get(path).content)
        _absent("desk search", who.desk.get("/desk/", {"q": NAME}).content)
        _absent("desk caller", who.desk.get("/desk/register/caller/", {"complainant_unit": "9栋2单元1101"}).content)
        for path in (f"requests/{number}.json", "requests.xml"):
            open311 = who.desk.get(f"/open311/v2/{path}", {"jurisdiction_id": "property-office", "api_key": who.token})
            assert open311.status_code == 200 and number in open311.content.decode()
            _absent(f"open311 {path}", open311.content)

    # The head reads reports: every statistics format; the documents that list people need
    # the export permission, which a department head does not have.
    for report, fmt in [
        ("monthly_statistics", "xlsx"),
        ("monthly_analysis", "docx"),
        ("monthly_analysis", "pdf"),
    ]:
        made = head.api.get(f"/reports/documents/{report}/{fmt}", period="2026-11")
        assert made.status_code == 200, (report, fmt, made.content[:200])
        _absent(f"{report}.{fmt}", made.content)
    for report, fmt in [("case_register", "xlsx"), ("case_register", "csv"), ("customer_summary", "xlsx")]:
        assert head.api.get(f"/reports/documents/{report}/{fmt}", period="2026-11").status_code == 403

    # Notification texts to the department (in-app, e-mail, SMS alike).
    sent = Delivery.objects.filter(user__staff__department__code="wy_engineering")
    assert sent.exists()
    for delivery in sent:
        _absent(f"notification {delivery.kind}", f"{delivery.subject}\n{delivery.body}".encode())

    # Webhook calls carry no personal data of any complainant.
    assert len(http_sink.requests) >= 3  # register, assign, note
    for call in http_sink.requests:
        _absent("webhook", call.body)

    # The public status page shows nothing personal to anyone.
    code = Complaint.objects.get(number=number).verification_code
    _absent("public status", head.api.get("/public/status", number=number, code=code).content)

    # The receptionist who took it in still sees the reporter in full (首问负责, P4.4.4).
    assert desk.api.get(f"/complaints/{number}").json()["complainant_phone"] == PHONE
