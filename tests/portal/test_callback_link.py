"""The complainant's callback link (P4.9, P4.10): a personal, signed link that records
the callback on the case as the complainant, one answer per round of handling."""

from __future__ import annotations

from django.test import Client

from tousu.cases.callback_links import callback_path, callback_token
from tousu.cases.models import Event


def answer(path: str, **form: str) -> tuple[int, str]:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = client.get(path)
    assert page.status_code == 200
    version = page.context["form"]["version"].value()
    response = client.post(path, {"version": version, **form}, follow=True)
    return response.status_code, response.content.decode()


def test_unsatisfied_answer_records_the_callback_and_the_case_is_handled_again(office):
    complaint = office.resolved()
    path = callback_path(complaint)
    assert path.startswith("/p/callback/")
    # The number and code are not readable in the link (signed, not guessable from the case).
    assert complaint.number not in path and complaint.verification_code not in path

    page = Client().get(path)
    assert "不满意" in page.content.decode()  # the three answers of Satisfaction

    status, body = answer(path, satisfaction="unsatisfied", comments="电梯昨天又停了一次")
    assert status == 200
    assert "已记录您的回答" in body

    event = Event.objects.filter(complaint=complaint, action="callback").get()
    assert event.actor_kind == "complainant" and event.actor is None
    assert event.data["satisfaction"] == "unsatisfied"
    assert event.data["channel"] == "web" and event.data["reached"] is True
    assert event.data["comments"] == "电梯昨天又停了一次"
    assert event.public is True
    complaint.refresh_from_db()
    assert complaint.satisfaction == "unsatisfied"

    # P4.10: not satisfied, so the case may not close; customer service reopens it.
    refused = office.cs_head.post(f"/complaints/{complaint.number}/close", {})
    assert refused.status_code == 409 and refused.json()["code"] == "closure_rule"
    office.receptionist.act(complaint.number, "reopen", reason="业主不满意（P4.10）")

    # The old link belonged to the first round: it cannot answer the second.
    office.handler.act(complaint.number, "resolve", outcome="repair", summary="更换曳引机编码器。")
    complaint.refresh_from_db()
    stale = Client().get(path)
    assert stale.status_code == 200 and stale.context["link"].status == "stale"
    assert stale.context["form"] is None
    assert Client().post(path, {"version": complaint.version, "satisfaction": "satisfied"}).status_code == 200
    assert Event.objects.filter(complaint=complaint, action="callback").count() == 1

    new_path = callback_path(complaint)
    assert new_path != path
    status, body = answer(new_path, satisfaction="satisfied", comments="修好了，谢谢")
    complaint.refresh_from_db()
    assert complaint.satisfaction == "satisfied"
    office.head.act(complaint.number, "sign_off", opinion="同意")
    office.cs_head.act(complaint.number, "close")

    # Once the case is closed the link takes no answer at all.
    closed = Client().get(new_path)
    assert closed.context["link"].status == "ended"
    assert closed.context["form"] is None
    assert "已结案" in closed.content.decode()


def test_one_answer_per_round_even_when_the_form_is_sent_twice(office):
    complaint = office.resolved()
    path = callback_path(complaint)
    client = Client()
    version = client.get(path).context["form"]["version"].value()
    first = client.post(path, {"version": version, "satisfaction": "satisfied"})
    second = client.post(path, {"version": version, "satisfaction": "unsatisfied", "comments": "改主意"})
    assert first.status_code == 302
    assert second.status_code == 200 and second.context["link"].status == "answered"
    assert Event.objects.filter(complaint=complaint, action="callback").count() == 1
    complaint.refresh_from_db()
    assert complaint.satisfaction == "satisfied"


def test_unsatisfied_without_a_reason_is_asked_for_one(office):
    complaint = office.resolved()
    path = callback_path(complaint)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    version = client.get(path).context["form"]["version"].value()
    response = client.post(path, {"version": version, "satisfaction": "unsatisfied"})
    assert response.status_code == 200
    assert response.context["form"].errors["comments"]
    assert not Event.objects.filter(complaint=complaint, action="callback").exists()


def test_link_before_the_case_is_resolved_waits(office):
    complaint = office.register()
    response = Client().get(callback_path(complaint))
    assert response.context["link"].status == "not_ready"
    assert response.context["form"] is None


def test_tampered_or_foreign_links_are_refused(office):
    complaint = office.resolved()
    token = callback_token(complaint)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert Client().get(f"/p/callback/{tampered}/").status_code == 404
    # A token signed under another salt (e.g. another feature's) does not open the page.
    from django.core import signing

    foreign = signing.dumps([complaint.pk, 0], salt="something-else", compress=False)
    assert Client().get(f"/p/callback/{foreign}/").status_code == 404
    assert not Event.objects.filter(complaint=complaint, action="callback").exists()


def test_a_case_changed_while_the_page_was_open_asks_to_send_the_answer_again(office):
    complaint = office.resolved()
    path = callback_path(complaint)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    version = client.get(path).context["form"]["version"].value()
    # Customer service adds an internal note while the complainant is still typing.
    office.receptionist.act(complaint.number, "note", note="已电话通知业主查看回访链接")
    response = client.post(path, {"version": version, "satisfaction": "satisfied", "comments": "很好"})
    assert response.status_code == 200
    assert "请核对后重新提交" in response.content.decode()
    assert response.context["form"]["comments"].value() == "很好"  # nothing typed is lost
    assert not Event.objects.filter(complaint=complaint, action="callback").exists()
    fresh = response.context["form"]["version"].value()
    assert client.post(path, {"version": fresh, "satisfaction": "satisfied"}).status_code == 302
    assert Event.objects.filter(complaint=complaint, action="callback").count() == 1
