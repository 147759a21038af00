"""Search in the web desk (issue 7): the search page with the query, the worklist's
filters and highlighted hits; the search field in the header; a tracking number opens
its case. The index is the real one, written by intake in the same transaction."""

from __future__ import annotations


def test_the_header_has_a_search_field_on_every_desk_page(desk):
    receptionist = desk("receptionist", "wy_customer_service")
    page = receptionist.get("/desk/").content.decode()
    assert 'role="search"' in page and 'action="/desk/search/"' in page and 'name="q"' in page


def test_words_find_the_cases_best_first_with_highlighted_snippets(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    lift = registered(receptionist, content="3号楼电梯又停了，电梯里很闷。")
    registered(receptionist, category="cleaning", content="楼道没人打扫", complainant_phone="13900000001")
    other_lift = registered(receptionist, content="5号楼电梯按钮坏了", complainant_phone="13900000002")

    response = receptionist.get("/desk/search/", {"q": "电梯"})
    numbers = [r["number"] for r in response.context["rows"]]
    assert numbers == [lift.number, other_lift.number]  # twice 电梯 ranks higher
    assert "<mark>电梯</mark>" in response.content.decode()

    mixed = receptionist.get("/desk/search/", {"q": "3号楼 电梯"}).context["rows"]
    assert [r["number"] for r in mixed] == [lift.number]
    assert receptionist.get("/desk/search/", {"q": "燃气"}).context["rows"] == []
    assert "没有匹配的案件" in receptionist.get("/desk/search/", {"q": "燃气"}).content.decode()


def test_the_worklist_filters_narrow_the_search_and_closed_cases_are_found(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    lift = registered(receptionist, content="电梯异响")
    registered(receptionist, category="cleaning", content="电梯里很脏", complainant_phone="13900000001")
    by_category = receptionist.get("/desk/search/", {"q": "电梯", "category": "elevator"}).context["rows"]
    assert [r["number"] for r in by_category] == [lift.number]
    by_state = receptionist.get("/desk/search/", {"q": "电梯", "state": "closed"}).context["rows"]
    assert by_state == []
    # No state chosen: every state (unlike the worklist, which shows open cases).
    assert receptionist.get("/desk/search/").context["form"].search_filters().open is None


def test_results_as_you_type_come_as_a_fragment(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    registered(receptionist)
    fragment = receptionist.get("/desk/search/", {"q": "困"}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert body.startswith('<div id="search-results">') and "<html" not in body
    assert "<mark>困</mark>" in body  # one character is a query too


def test_a_tracking_number_opens_its_case_and_a_phone_finds_the_callers_cases(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    case = registered(receptionist)
    again = registered(receptionist, content="电梯又坏了")
    opened = receptionist.get("/desk/search/", {"q": case.number.lower()})
    assert opened.status_code == 302 and opened["Location"] == f"/desk/cases/{case.number}/"
    by_phone = receptionist.get("/desk/search/", {"q": "138-0000-1234"}).context["rows"]
    assert {r["number"] for r in by_phone} == {case.number, again.number}


def test_pages_of_results(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    for i in range(23):
        registered(receptionist, content=f"电梯故障第{i}次", complainant_phone=f"139000000{i:02d}")
    first = receptionist.get("/desk/search/", {"q": "电梯"})
    assert len(first.context["rows"]) == 20 and first.context["more"] == "q=%E7%94%B5%E6%A2%AF&offset=20"
    second = receptionist.get("/desk/search/?" + first.context["more"]).context["rows"]
    assert len(second) == 3
    assert not {r["number"] for r in second} & {r["number"] for r in first.context["rows"]}
