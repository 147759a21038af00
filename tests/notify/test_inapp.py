"""In-app notifications for staff (the web desk's bell) and each person's choice of
notices, through the API."""

from __future__ import annotations

from .helpers import drain, with_email
from .test_email import ELEVATOR


def test_the_bell_counts_lists_and_marks_read(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    head = staff("department_head", "wy_engineering")
    numbers = [receptionist.post("/complaints", ELEVATOR).json()["number"] for _ in range(3)]
    drain()
    assert head.get("/notifications/unread-count").json() == {"unread": 3}
    listed = head.get("/notifications").json()
    assert [n["number"] for n in listed] == numbers[::-1]  # newest first
    assert listed[0]["kind"] == "assignment" and listed[0]["title"] == f"新分派：{numbers[2]}"
    marked = head.post("/notifications/read", {"ids": [listed[0]["id"]]}).json()
    assert marked == {"marked": 1, "unread": 2}
    assert len(head.get("/notifications", unread=True).json()) == 2
    assert head.post("/notifications/read", {}).json() == {"marked": 2, "unread": 0}
    # Nobody reads another person's notifications.
    assert receptionist.get("/notifications/unread-count").json() == {"unread": 0}


def test_staff_choose_which_notices_they_get(staff, smtp):
    receptionist = staff("receptionist", "wy_customer_service")
    head = staff("department_head", "wy_engineering", username="zhao")
    with_email("zhao", "zhao@wy.example.cn")
    choices = {(c["kind"], c["channel"]): c["enabled"] for c in head.get("/notifications/preferences").json()}
    assert choices[("assignment", "email")] is True and choices[("major_case", "sms")] is True
    response = head.client.put(
        "/api/v1/notifications/preferences",
        '[{"kind": "assignment", "channel": "email", "enabled": false}]',
        content_type="application/json",
        **head.headers,
    )
    assert response.status_code == 200
    receptionist.post("/complaints", ELEVATOR)
    drain()
    assert not [m for m in smtp.messages if m["To"] == "zhao@wy.example.cn"]  # no e-mail
    assert head.get("/notifications/unread-count").json() == {"unread": 1}  # the bell still rings


def test_an_unknown_notice_is_refused_in_the_users_language(staff):
    head = staff("department_head", "wy_engineering", language="en")
    response = head.client.put(
        "/api/v1/notifications/preferences",
        '[{"kind": "acknowledgement", "channel": "email", "enabled": false}]',
        content_type="application/json",
        **head.headers,
    )
    assert response.status_code == 422
    assert response.json()["message"] == "Unknown notice or channel."
