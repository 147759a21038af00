"""The API: `q=` on the list endpoint, the similar-cases endpoints, the suggestion endpoint;
and the commands `tousu search rebuild|query` and `tousu suggest evaluate`."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from tousu.search.models import SearchEntry


def register(api, content, **fields):
    body = {
        "policy": "property-office",
        "channel": "phone",
        "complainant_name": "王芳",
        "complainant_phone": "13800001234",
        "complainant_unit": "3栋1单元502",
        "category": "maintenance",
        "content": content,
        **fields,
    }
    response = api.post("/complaints", body)
    assert response.status_code == 201, response.content.decode()
    return response.json()["number"]


def test_list_with_q_searches_within_the_filters_with_snippets(staff):
    desk = staff("receptionist", "wy_customer_service")
    lift = register(desk, "3号楼电梯门关不上。", category="elevator")
    register(desk, "楼道灯不亮。")
    page = desk.get("/complaints", q="3号楼 电梯").json()
    assert [i["number"] for i in page["items"]] == [lift]
    assert page["items"][0]["snippet"] == "<mark>3号楼电梯</mark>门关不上。"
    assert page["items"][0]["matched"] == "words"
    assert desk.get("/complaints", q="电梯", state="closed").json()["items"] == []
    by_number = desk.get("/complaints", q=lift).json()["items"]
    assert [(i["number"], i["matched"]) for i in by_number] == [(lift, "number")]


def test_words_never_take_the_substring_scan_of_the_cases_table(staff):
    """Review finding 3: the structured filters have no free-text field; `q=` is the index."""
    from tousu.cases import selectors

    assert "q" not in selectors.CaseFilters.model_fields
    every = selectors.CaseFilters(**{name: None for name in selectors.CaseFilters.model_fields})
    assert "LIKE" not in str(selectors.filtered(every).query).upper()
    desk = staff("receptionist", "wy_customer_service")
    lift = register(desk, "电梯困人，老人被关在里面。", category="elevator")
    # Words in another order than the text's: only the segmented index finds them.
    assert [i["number"] for i in desk.get("/complaints", q="困人 电梯").json()["items"]] == [lift]


def test_search_pages_with_a_cursor(staff):
    desk = staff("receptionist", "wy_customer_service")
    numbers = {register(desk, f"第{i}次反映电梯异响。", category="elevator") for i in range(3)}
    first = desk.get("/complaints", q="电梯", limit=2).json()
    second = desk.get("/complaints", q="电梯", limit=2, cursor=first["next_cursor"]).json()
    assert {i["number"] for i in first["items"] + second["items"]} == numbers
    assert second["next_cursor"] is None
    bad = desk.get("/complaints", q="电梯", cursor="nonsense")
    assert bad.status_code == 422 and bad.json()["details"]["cursor"]


def test_similar_endpoints_for_a_draft_and_for_a_case(staff):
    desk = staff("receptionist", "wy_customer_service")
    earlier = register(desk, "3栋电梯困人，老人被关在里面。", category="elevator")
    later = register(desk, "3栋电梯又困人了。", category="elevator")
    draft = desk.post("/search/similar", {"content": "电梯困人", "complainant_phone": "13800001234"}).json()
    assert {i["number"] for i in draft["items"]} == {earlier, later}
    assert draft["same_phone"] == 2
    page = desk.get(f"/complaints/{later}/similar").json()
    assert [i["number"] for i in page["items"]] == [earlier]
    assert "same_phone" in page["items"][0]["reasons"]


def test_suggestion_endpoint_gives_values_with_reasons(staff):
    desk = staff("receptionist", "wy_customer_service")
    response = desk.post("/search/suggest", {"policy": "property-office", "content": "电梯里有人被困"})
    assert response.status_code == 200, response.content.decode()
    suggestions = response.json()["suggestions"]
    assert suggestions["category"]["value"] == "elevator"
    assert suggestions["urgent"]["value"] is True
    assert suggestions["urgent"]["reason"].startswith("匹配词语：") and "被困" in suggestions["urgent"]["reason"]
    assert suggestions["department"]["value"] == "wy_engineering"
    unknown = desk.post("/search/suggest", {"policy": "nope", "content": "电梯"})
    assert unknown.status_code == 422 and unknown.json()["details"]["policy"]


def test_rebuild_command_restores_the_index(staff):
    desk = staff("receptionist", "wy_customer_service")
    number = register(desk, "南山花园门口垃圾没人清理。", category="cleaning")
    SearchEntry.objects.all().delete()
    assert desk.get("/complaints", q="垃圾").json()["items"] == []
    out = StringIO()
    call_command("search", "rebuild", stdout=out, stderr=StringIO())
    assert "indexed 1 cases" in out.getvalue()
    assert [i["number"] for i in desk.get("/complaints", q="山花").json()["items"]] == [number]
    out = StringIO()
    call_command("search", "query", "垃圾", stdout=out)
    assert number in out.getvalue() and "[垃圾]" in out.getvalue()


def test_evaluate_command_prints_precision_and_recall_per_field(setup_data):
    out = StringIO()
    call_command("suggest", "evaluate", "--policy", "special-equipment", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["split", "field", "cases", "precision", "recall"]
    assert {tuple(line.split()[:2]) for line in lines[1:]} == {
        (split, field) for split in ("dev", "held_out") for field in ("category", "urgent", "department")
    }
