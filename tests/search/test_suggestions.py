"""Suggestions at intake from the text and the policy, each with its reason; what the
receptionist chose is recorded (P4.7.1 same-day, P2.3 equipment, P3.b-d quality)."""

from __future__ import annotations

from tousu.cases.actions import perform
from tousu.policies.registry import current_version_id, spec_of_version
from tousu.search.models import SuggestionRecord
from tousu.search.suggest.engine import suggest
from tousu.search.suggest.evaluate import evaluate, load


def spec(name):
    return spec_of_version(current_version_id(name))


def test_trapped_in_a_lift_is_urgent_with_the_words_that_matched(setup_data):
    found = suggest(spec("property-office"), "2号楼电梯里有人被困，按警铃没人应")
    assert found["category"].value == "elevator"
    assert found["urgent"].value is True
    assert "被困" in found["urgent"].matched and found["urgent"].clause == "P4.7.1"
    assert found["department"].value == "wy_engineering"
    assert found["department"].rule == "routing"


def test_gas_smell_and_water_through_the_ceiling_are_urgent(setup_data):
    po = spec("property-office")
    assert suggest(po, "楼道里闻到很浓的煤气味")["urgent"].value is True
    assert suggest(po, "楼上的水漏到我家，天花板在往下滴")["urgent"].value is True
    assert suggest(po, "草坪很久没有修剪了")["urgent"].value is False


def test_special_equipment_type_from_the_words(setup_data):
    found = suggest(spec("special-equipment"), "工地塔吊司机无证作业")
    assert found["category"].value == "lifting_machinery"
    assert found["equipment_type"].value == "lifting_machinery"  # P2.3
    assert found["department"].value == "ts_special"  # P2.4


def test_quality_versus_non_quality_from_the_category(setup_data):
    after_sales = spec("after-sales")
    leak = suggest(after_sales, "水泵的机械密封漏水")
    assert (leak["category"].value, leak["quality"].value, leak["department"].value) == (
        "leakage",
        "quality",
        "sh_quality",
    )  # P3.c-d
    invoice = suggest(after_sales, "发票金额和合同对不上")
    assert (invoice["quality"].value, invoice["department"].value) == ("non_quality", "sh_customer_service")  # P3.b


def test_a_chosen_category_is_kept_and_routes_the_department(setup_data):
    found = suggest(spec("property-office"), "楼道很脏", {"category": "fire_safety"})
    assert found["department"].value == "wy_security"


def test_what_the_receptionist_chose_is_recorded_and_follows_reclassification(receptionist, file_case):
    case = file_case("电梯困人，快来人", category="maintenance", urgent=False)
    record = SuggestionRecord.objects.get(complaint=case)
    assert record.suggested["category"] == "elevator" and record.suggested["urgent"] is True
    assert record.chosen["category"] == "maintenance" and record.chosen["urgent"] is False
    perform(case, "classify", {"category": "elevator", "urgent": True}, actor=receptionist)
    record.refresh_from_db()
    assert record.chosen["category"] == "elevator" and record.chosen["urgent"] is True


def test_the_evaluation_set_meets_the_targets_on_the_held_out_half(setup_data):
    items = load()
    assert len(items) >= 300 and {i.policy for i in items} == {
        "property-office",
        "property-rules",
        "rental-complaints",
        "special-equipment",
        "after-sales",
    }
    held_out = [i for i in items if i.split == "held_out"]
    scores, _ = evaluate(held_out, spec)
    assert scores["urgent"].recall >= 0.95  # missing an urgent case is the costly error
    assert scores["category"].recall >= 0.85  # category accuracy
