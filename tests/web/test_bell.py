"""The bell in the desk header (issue 4): the unread count on every desk page, polled by
htmx; the list of in-app notifications with mark-read; and the page where staff choose
which notices they get. Notices come from real cases through the outbox and the runner."""

from __future__ import annotations

from tests.notify.helpers import drain
from tousu.notify import prefs
from tousu.notify.models import InAppNotification


def test_the_bell_shows_the_unread_count_on_every_desk_page(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    handler = desk("department_head", "wy_engineering")  # assignments of the department reach its head
    page = handler.get("/desk/").content.decode()
    assert 'id="bell"' in page and 'hx-trigger="every 30s"' in page and "通知" in page
    first, second = registered(receptionist), registered(receptionist, complainant_phone="13900000000")
    drain()
    for path in ("/desk/", f"/desk/cases/{first.number}/", "/desk/notifications/"):
        assert "2 条未读通知" in handler.get(path).content.decode(), path
    fragment = handler.get("/desk/notifications/bell/", HTTP_HX_REQUEST="true")
    assert fragment.context["unread"] == 2 and "<html" not in fragment.content.decode()
    assert second.number in handler.get("/desk/notifications/").content.decode()


def test_notifications_are_listed_newest_first_and_marked_read(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    head = desk("department_head", "wy_engineering")
    numbers = [registered(receptionist, complainant_phone=f"1390000000{i}").number for i in range(3)]
    drain()
    rows = head.get("/desk/notifications/").context["rows"]
    assert [r["complaint__number"] for r in rows] == numbers[::-1]
    assert rows[0]["title"] == f"新分派：{numbers[2]}"

    response = head.post("/desk/notifications/read/", {"id": rows[0]["id"], "next": "/desk/notifications/?unread=1"})
    assert response.status_code == 302 and response["Location"] == "/desk/notifications/?unread=1"
    assert [r["complaint__number"] for r in head.get("/desk/notifications/?unread=1").context["rows"]] == numbers[1::-1]
    # Somebody else's notification cannot be marked through my session.
    theirs = InAppNotification.objects.filter(user=head.user, read_at=None).first()
    desk("receptionist", "wy_customer_service").post("/desk/notifications/read/", {"id": theirs.pk})
    assert InAppNotification.objects.filter(user=head.user, read_at=None).count() == 2
    # An outside address is not followed back.
    everything = head.post("/desk/notifications/read/", {"next": "https://elsewhere.example/"})
    assert everything["Location"] == "/desk/notifications/"
    assert head.get("/desk/notifications/bell/").context["unread"] == 0


def test_staff_choose_which_notices_they_get(desk, registered):
    head = desk("department_head", "wy_engineering")
    page = head.get("/desk/notifications/preferences/")
    ticked = {(c["name"], c["enabled"]) for row in page.context["choices"] for c in row["channels"]}
    assert ("assignment:email", True) in ticked and ("major_case:sms", True) in ticked
    # Keep everything but the in-app assignment notice.
    keep = [name for name, on in ticked if on and name != "assignment:inapp"]
    response = head.post("/desk/notifications/preferences/", {"on": keep})
    assert response.status_code == 302
    assert prefs.choices_of(head.user)[("assignment", "inapp")] is False
    assert prefs.choices_of(head.user)[("assignment", "email")] is True
    assert "已保存" in head.get(response["Location"]).content.decode()

    registered(desk("receptionist", "wy_customer_service"))
    drain()
    assert head.get("/desk/notifications/bell/").context["unread"] == 0  # no bell for assignments now
