"""The worklist (home of the desk): my cases first (首问负责, P4.4.4), then my
department's queue, nearest due first; filters through an allow-list; saved filters;
keyset pages; a constant number of queries however many rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tousu.web.models import SavedFilter


def numbers_in(response, section):
    rows = response.context[section]["rows"]
    return [r["number"] for r in rows]


def test_first_receiver_and_responsible_person_see_the_case_as_theirs_p4_4_4(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    handler = desk("handler", "wy_engineering")
    head = desk("department_head", "wy_engineering")
    case = registered(receptionist)  # an elevator: routed to engineering (P4.3)

    assert numbers_in(receptionist.get("/desk/"), "mine") == [case.number]
    assert numbers_in(handler.get("/desk/"), "queue") == [case.number]
    assert numbers_in(handler.get("/desk/"), "mine") == []

    response = head.post(
        f"/desk/cases/{case.number}/act/assign/",
        {"assign-version": case.version, "assign-assignee": handler.user.username},
    )
    assert response.status_code == 302
    page = handler.get("/desk/")
    assert numbers_in(page, "mine") == [case.number]
    assert numbers_in(page, "queue") == []  # listed once, under "mine"
    assert numbers_in(receptionist.get("/desk/"), "mine") == [case.number]  # still the first receiver's


def test_nearest_due_first_and_pages_by_keyset(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    for i in range(30):
        registered(receptionist, category="cleaning" if i % 2 else "elevator", content=f"第{i}件")
    first = receptionist.get("/desk/")
    mine = first.context["mine"]
    assert len(mine["rows"]) == 25
    dues = [r["next_due_at"] for r in mine["rows"]]
    assert dues == sorted(dues)
    more = receptionist.get(f"/desk/rows/mine/?{mine['next']}")
    rest = more.context["section"]["rows"]
    assert len(rest) == 5
    assert not {r["number"] for r in rest} & {r["number"] for r in mine["rows"]}
    assert rest[0]["next_due_at"] >= dues[-1]


def test_the_worklist_reads_a_constant_number_of_queries(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    registered(receptionist)
    receptionist.get("/desk/")  # warm the per-process policy caches
    with CaptureQueriesContext(connection) as few:
        assert receptionist.get("/desk/").status_code == 200
    for i in range(40):
        registered(receptionist, content=f"重复来电 {i}")
    with CaptureQueriesContext(connection) as many:
        assert receptionist.get("/desk/").status_code == 200
    # Session, user, staff, policies, saved filters, the bell's unread count, then at most
    # two keyset queries per section (cases with a running clock, then the rest): never
    # one per row.
    assert len(few) <= 10, [q["sql"] for q in few.captured_queries]
    assert len(many) <= len(few), [q["sql"] for q in many.captured_queries]


def test_filters_pass_an_allow_list(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    elevator = registered(receptionist)
    cleaning = registered(receptionist, category="cleaning", content="楼道没人打扫", severity="serious")

    by_category = receptionist.get("/desk/", {"category": "cleaning"})
    assert numbers_in(by_category, "mine") == [cleaning.number]
    by_severity = receptionist.get("/desk/", {"severity": "serious"})
    assert numbers_in(by_severity, "mine") == [cleaning.number]
    by_state = receptionist.get("/desk/", {"state": "closed"})
    assert numbers_in(by_state, "mine") == []
    # Anything outside the allow-list is ignored, a bad value invalidates the form.
    ignored = receptionist.get("/desk/", {"number__startswith": "WY", "content__regex": ".*"})
    assert sorted(numbers_in(ignored, "mine")) == sorted([elevator.number, cleaning.number])
    bad = receptionist.get("/desk/", {"state": "nonsense"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_received_between_and_overdue(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    case = registered(receptionist)
    day = case.received_at.astimezone().date().isoformat()
    assert numbers_in(receptionist.get("/desk/", {"received_from": day, "received_to": day}), "mine") == [case.number]
    assert (
        numbers_in(receptionist.get("/desk/", {"received_from": "2001-01-01", "received_to": "2001-01-31"}), "mine")
        == []
    )
    assert numbers_in(receptionist.get("/desk/", {"overdue": "on"}), "mine") == []  # nothing is due yet


def test_a_saved_filter_is_kept_per_person(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    other = desk("receptionist", "wy_customer_service")
    response = receptionist.post("/desk/filters/save/", {"name": "清洁类", "category": "cleaning"})
    assert response.status_code == 302 and "category=cleaning" in response["Location"]
    saved = SavedFilter.objects.get(owner=receptionist.user)
    assert (saved.name, saved.query) == ("清洁类", "category=cleaning")
    assert "清洁类" in receptionist.get("/desk/").content.decode()
    assert "清洁类" not in other.get("/desk/").content.decode()
    # Someone else's filter cannot be deleted.
    assert other.post(f"/desk/filters/{saved.pk}/delete/").status_code == 404
    assert receptionist.post(f"/desk/filters/{saved.pk}/delete/").status_code == 302
    assert not SavedFilter.objects.exists()


def test_a_bad_cursor_is_explained(desk):
    receptionist = desk("receptionist", "wy_customer_service")
    response = receptionist.get("/desk/rows/mine/", {"cursor": "not-a-cursor"})
    assert response.status_code == 200
    error = response.context["section"]["error"]
    assert error and error in response.content.decode()
    assert response.context["section"]["rows"] == []


def test_login_is_required_and_home_is_the_worklist(client, setup_data):
    assert client.get("/")["Location"] == "/desk/"
    assert client.get("/desk/")["Location"].startswith("/accounts/login/")


def test_english_through_the_language_switch(desk):
    receptionist = desk("receptionist", "wy_customer_service")
    assert "<h1>工作清单</h1>" in receptionist.get("/desk/").content.decode()
    receptionist.post("/i18n/setlang/", {"language": "en", "next": "/desk/"})
    assert "<h1>Worklist</h1>" in receptionist.get("/desk/").content.decode()
