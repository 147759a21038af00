"""Looking up a case by tracking number + verification code: state and the public
timeline, nothing personal (P2.11); the same domain function as the API."""

from __future__ import annotations

from django.test import Client

from tousu.cases.public_status import public_status


def test_the_complainant_sees_state_and_public_steps_but_nothing_personal(office):
    complaint = office.register(request="尽快修好")
    office.receptionist.act(complaint.number, "note", note="业主王芳情绪激动，内部备注")
    office.receptionist.act(complaint.number, "reply", reply_kind="first", channel="phone", text="已通知工程部。")
    office.head.act(complaint.number, "assign", assignee=office.handler.username)

    response = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").post(
        "/p/track/", {"number": complaint.number.lower(), "code": complaint.verification_code}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "已分派" in body  # the state, in Chinese
    status = response.context["status"]
    assert status["state"] == "assigned"
    # Only the steps the complainant may see: registration and the first reply (P4.6.1).
    assert [str(s["label"]) for s in status["steps"]] == ["登记", "答复"]
    for private in ["王芳", "13800001234", "3栋1单元502", "内部备注", "电梯停在8楼", "已通知工程部"]:
        assert private not in body
    # The portal and the API read the same domain function.
    assert [s.action for s in public_status(complaint).steps] == ["register", "reply"]
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_wrong_code_answers_like_an_unknown_number(office):
    complaint = office.register()
    wrong = "000000" if complaint.verification_code != "000000" else "111111"
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    by_wrong_code = client.post("/p/track/", {"number": complaint.number, "code": wrong})
    by_unknown = client.post("/p/track/", {"number": "WY20990101-9999", "code": wrong})
    for response in (by_wrong_code, by_unknown):
        assert response.status_code == 200
        assert response.context["status"] is None and response.context["not_found"] is True
        assert "没有与此受理编号和查询码相符的案件" in response.content.decode()
        assert "处理进度" not in response.content.decode()  # no timeline shown


def test_the_number_may_be_prefilled_but_the_code_never_travels_in_the_address(office):
    complaint = office.register()
    page = Client().get("/p/track/", {"number": complaint.number, "code": complaint.verification_code})
    assert page.context["status"] is None  # a GET does not look up
    assert page.context["form"]["number"].value() == complaint.number
