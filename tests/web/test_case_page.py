"""The case page: state, clocks, the timeline with internal notes apart, only the actions
this user may take now, each posted in place (htmx) through `actions.perform`; the
engine's refusals are shown as it words them."""

import re

from tousu.cases.models import Complaint, Event

HTMX = {"HTTP_HX_REQUEST": "true"}


def act(client, case, action, **fields):
    data = {f"{action}-version": Complaint.objects.get(pk=case.pk).version}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(f"/desk/cases/{case.number}/act/{action}/", data, **HTMX)


def test_only_the_actions_this_role_may_take_now(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    handler = desk("handler", "wy_engineering")
    case = registered(receptionist)
    mine = {p.name for p in receptionist.get(f"/desk/cases/{case.number}/").context["case"].panels}
    assert {"reply", "assign", "note", "withdraw"} <= mine
    assert "resolve" not in mine  # receptionists do not handle (P4.3)
    theirs = {p.name for p in handler.get(f"/desk/cases/{case.number}/").context["case"].panels}
    assert "assign" not in theirs  # the department head assigns (P4.5.3)
    assert "resolve" not in theirs  # not assigned yet: nothing to resolve in this state


def test_an_action_updates_the_case_in_place(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    case = registered(receptionist)
    response = act(receptionist, case, "reply", reply_kind="first", channel="phone", text="已通知工程部。")
    assert response.status_code == 200
    assert response.templates[0].name == "web/parts/case_body.html"  # the fragment, not a page
    body = response.content.decode()
    assert body.startswith('<div id="case" data-version=')
    assert "已完成：答复。" in body
    assert Event.objects.filter(complaint=case, action="reply").count() == 1


def test_a_refusal_shows_the_engines_reason_p4_10(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    head = desk("department_head", "wy_engineering")
    handler = desk("handler", "wy_engineering")
    case = registered(receptionist)
    act(head, case, "assign", assignee=handler.user.username)
    act(handler, case, "resolve", outcome="repair", summary="已修复")
    response = act(receptionist, case, "close")
    assert response.status_code == 409
    panel = next(p for p in response.context["case"].panels if p.name == "close")
    assert panel.open and "P4.10" in panel.error
    assert "P4.10" in response.content.decode()
    assert Complaint.objects.get(pk=case.pk).state == "resolved"


def test_field_problems_come_back_on_the_field(desk, registered):
    receptionist = desk("receptionist", "ts_12365")
    case = registered(
        receptionist, policy="special-equipment", channel="hotline", equipment_type="elevator", category="elevator"
    )
    # P2.8: a referral must say where the person should go; the domain says so.
    response = act(receptionist, case, "screen", decision="out_of_scope")
    assert response.status_code == 422
    form = next(p for p in response.context["case"].panels if p.name == "screen").form
    assert form.errors["referral_target"]
    assert Complaint.objects.get(pk=case.pk).state == "registered"


def test_a_stale_version_is_a_conflict_not_a_lost_update(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    case = registered(receptionist)
    stale = case.version
    act(receptionist, case, "note", note="第一条")
    response = receptionist.post(
        f"/desk/cases/{case.number}/act/note/", {"note-version": stale, "note-note": "第二条"}, **HTMX
    )
    assert response.status_code == 409
    assert Event.objects.filter(complaint=case, action="note").count() == 1


def test_internal_notes_are_marked_apart_from_what_the_complainant_sees(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    case = registered(receptionist)
    act(receptionist, case, "note", note="内部：业主情绪激动")
    act(receptionist, case, "note", note="已告知业主维修进度", public="on")
    timeline = receptionist.get(f"/desk/cases/{case.number}/").context["case"].timeline
    notes = {e["note"]: e["public"] for e in timeline if e["action"] == "note"}
    assert notes == {"内部：业主情绪激动": False, "已告知业主维修进度": True}
    html = receptionist.get(f"/desk/cases/{case.number}/").content.decode()
    assert 'class="internal"' in html and 'class="public"' in html


def test_the_callback_link_is_shown_once_resolved_p4_9(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    head = desk("department_head", "wy_engineering")
    handler = desk("handler", "wy_engineering")
    case = registered(receptionist)
    links = receptionist.get(f"/desk/cases/{case.number}/").context["case"].links
    assert "callback" not in links
    assert "letter" not in links  # no written reply yet
    assert links["record"] == f"/desk/print/{case.number}/record/"
    act(head, case, "assign", assignee=handler.user.username)
    act(handler, case, "resolve", outcome="repair", summary="已修复")
    links = receptionist.get(f"/desk/cases/{case.number}/").context["case"].links
    assert links["callback"].startswith("/p/callback/")


def test_attachments_are_uploaded_and_downloaded(desk, registered):
    from django.core.files.uploadedfile import SimpleUploadedFile

    receptionist = desk("receptionist", "wy_customer_service")
    case = registered(receptionist)
    photo = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff" + b"1" * 100, content_type="image/jpeg")
    response = receptionist.post(f"/desk/cases/{case.number}/attach/", {"files": [photo]})
    assert response.status_code == 302
    attachment = case.attachments.get()
    download = receptionist.get(f"/desk/cases/{case.number}/files/{attachment.token}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\xff\xd8\xff")
    empty = SimpleUploadedFile("空.txt", b"", content_type="text/plain")
    refused = receptionist.post(f"/desk/cases/{case.number}/attach/", {"files": [empty]}, **HTMX)
    assert refused.status_code == 422 and refused.context["case"].upload_error


def test_an_unknown_case_is_not_found(desk, setup_data):
    receptionist = desk("receptionist", "wy_customer_service")
    assert receptionist.get("/desk/cases/WY00000000-0000/").status_code == 404


def test_the_case_page_reads_a_constant_number_of_queries(desk, registered):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    receptionist = desk("receptionist", "wy_customer_service")
    case = registered(receptionist)
    receptionist.get(f"/desk/cases/{case.number}/")
    with CaptureQueriesContext(connection) as short:
        receptionist.get(f"/desk/cases/{case.number}/")
    for i in range(15):
        act(receptionist, case, "note", note=f"第{i}次来电")
    with CaptureQueriesContext(connection) as long:
        receptionist.get(f"/desk/cases/{case.number}/")
    assert len(long) == len(short), [q["sql"] for q in long.captured_queries]
    assert len(short) <= 14


def test_a_panel_loads_its_form_with_the_version_the_user_saw(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    handler = desk("handler", "wy_engineering")
    case = registered(receptionist)
    seen = case.version
    act(receptionist, case, "note", note="有人先改了")
    response = receptionist.get(f"/desk/cases/{case.number}/form/note/", {"version": seen}, **HTMX)
    assert response.status_code == 200
    hidden = re.search(r'<input[^>]*name="note-version"[^>]*value="(\d+)"', response.content.decode())
    assert hidden and int(hidden.group(1)) == seen
    # Acting from that form is a conflict, not a blind overwrite.
    stale = receptionist.post(
        f"/desk/cases/{case.number}/act/note/", {"note-version": seen, "note-note": "迟到的备注"}, **HTMX
    )
    assert stale.status_code == 409
    # An action that is not open to this user has no form.
    assert handler.get(f"/desk/cases/{case.number}/form/assign/", **HTMX).status_code == 409
    # Without htmx the form is a page of its own.
    assert "<html" in receptionist.get(f"/desk/cases/{case.number}/form/note/").content.decode()
