"""Questionnaires (P3.e1), visit feedback (P3.f1) and the customer information summary
(P3.g1) over the API: the manufacturer's administrator defines a product quality
questionnaire; it goes to chosen customers by e-mail through the notification outbox (a
real SMTP server on loopback); each answers once on the public page with the signed link;
the answers are summarised; visit feedback is recorded and classified into the summary."""

import re

import time_machine

from tests.lifecycle.helpers import local
from tests.notify.helpers import drain

QUESTIONS = [
    {"id": "quality", "text": "您对产品质量是否满意？", "type": "rating"},
    {"id": "delivery", "text": "交货是否及时？", "type": "choice", "options": ["及时", "一般", "不及时"]},
    {"id": "remarks", "text": "其他意见", "type": "text"},
]
CUSTOMER = {
    "policy": "after-sales",
    "channel": "phone",
    "complainant_name": "林晓东",
    "complainant_phone": "13711112222",
    "complainant_email": "lin@example.com",
    "category": "leakage",
    "content": "灌装机密封圈漏液",
}


def test_questionnaire_sent_answered_and_summarised_p3_e1_p3_g1(staff, smtp):
    admin = staff("administrator", "after-sales")
    sales = staff("handler", "sh_sales")
    with time_machine.travel(local(2026, 5, 6, 9, 0), tick=False):
        customer = sales.post("/complaints", CUSTOMER)
        assert customer.status_code == 201, customer.content.decode()
        number = customer.json()["number"]
        secret = sales.post("/complaints", {**CUSTOMER, "confidential": True}).json()["number"]
        drain()

        assert sales.post("/improve/surveys", {"title": "x", "questions": QUESTIONS}).status_code == 403
        bad = admin.post("/improve/surveys", {"title": "x", "questions": [{"id": "a", "text": "x", "type": "choice"}]})
        assert bad.status_code == 422
        made = admin.post(
            "/improve/surveys", {"title": "2026年产品质量征询单", "kind": "product", "questions": QUESTIONS}
        )
        assert made.status_code == 201, made.content.decode()
        survey = made.json()

        sent = sales.post(f"/improve/surveys/{survey['id']}/send", {"cases": [number, secret]}).json()
        assert sent == {"invited": [number], "skipped": {secret: "confidential"}}  # P2.11: never surveyed
        again = sales.post(f"/improve/surveys/{survey['id']}/send", {"cases": [number]}).json()
        assert again["skipped"] == {number: "already_invited"}
        drain()

    mails = [m for m in smtp.messages if "产品质量征询单" in str(m["Subject"])]
    assert [m["To"] for m in mails] == ["lin@example.com"]
    body = mails[0].get_body().get_content()
    link = re.search(r"https?://\S+(/p/survey/\S+/)", body).group(1)

    from django.test import Client

    with time_machine.travel(local(2026, 5, 7, 9, 0), tick=False):
        public = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        page = public.get(link)
        assert page.status_code == 200 and "您对产品质量是否满意？" in page.content.decode()
        assert public.get(link.replace("/p/survey/", "/p/survey/x")).status_code == 404
        missing = public.post(link, {"quality": "9", "delivery": "及时"})
        assert missing.status_code == 422
        assert "请选择1到5分。" in missing.content.decode()
        done = public.post(link, {"quality": "4", "delivery": "一般", "remarks": "希望缩短交货期"})
        assert done.status_code == 200 and 'id="survey-done"' in done.content.decode()
        assert public.post(link, {"quality": "1", "delivery": "及时"}).status_code == 200  # once only
    summary = admin.get(f"/improve/surveys/{survey['id']}").json()["summary"]
    assert summary["invited"] == 1 and summary["answered"] == 1
    quality, delivery, remarks = summary["questions"]
    assert quality["mean"] == 4.0 and quality["counts"]["4"] == 1
    assert delivery["counts"] == {"及时": 0, "一般": 1, "不及时": 0}
    assert remarks["texts"] == ["希望缩短交货期"]

    with time_machine.travel(local(2026, 5, 20, 9, 0), tick=False):
        fb = sales.post(
            "/improve/feedback",
            {
                "customer": "华信食品厂",
                "visited_on": "2026-05-20",
                "topic": "quality",
                "rating": 3,
                "opinion": "密封圈寿命短",
            },
        )
        assert fb.status_code == 201
        assert (
            sales.post(
                "/improve/feedback", {"customer": "x", "visited_on": "2026-05-20", "topic": "x", "opinion": "x"}
            ).status_code
            == 422
        )
    info = sales.get("/improve/customer-summary", start="2026-05-01", end="2026-05-31").json()
    assert info["feedback"] == 1 and info["questionnaires_answered"] == 1
    quality_row = next(t for t in info["topics"] if t["topic"] == "quality")
    assert quality_row["mean_rating"] == 3.0 and quality_row["opinions"] == ["密封圈寿命短"]
