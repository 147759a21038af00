"""The bundled presets: each validates, cites its procedure's clauses and can be carried out."""

from pathlib import Path

import pytest

from tousu.cases import rules
from tousu.cases.lifecycle import MOVES
from tousu.cases.vocab import EquipmentType, Region, Severity
from tousu.policies.loader import PRESETS_DIR, parse_file
from tousu.policies.schema import Condition
from tousu.policies.schema import Policy as PolicySpec

from .conftest import PRESETS

CLOSURE_STEPS = {
    "satisfied_callback": "callback",
    "callback_done": "callback",
    "customer_confirmation": "site_visit",
    "responsibility_determined": "responsibility",
    "head_signoff": "sign_off",
    "handling_plan": "plan",
}


def load(name: str) -> PolicySpec:
    spec, _text = parse_file(PRESETS_DIR / f"{name}.yaml")
    return spec


def conditions(spec: PolicySpec) -> list[tuple[str, Condition]]:
    found = [(f"routing.{i}", r.when) for i, r in enumerate(spec.routing)]
    found += [(f"escalation.{i}", e.when) for i, e in enumerate(spec.escalation)]
    for clock in spec.clocks:
        for part in ("start", "stop", "until"):
            found += [(f"{clock.name}.{part}", t.when) for t in getattr(clock, part)]
    return found


def as_list(value: object) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def cited(spec: PolicySpec) -> list[str]:
    clauses = [spec.closure.clause]
    clauses += [c.clause for c, _ in spec.category_index().values()]
    clauses += [r.clause for r in spec.routing] + [c.clause for c in spec.clocks]
    clauses += [e.clause for e in spec.escalation]
    clauses += people_clauses(spec)
    return [part.strip() for clause in clauses if clause for part in clause.split(",")]


def people_clauses(spec: PolicySpec) -> list[str]:
    """The clauses the procedure's people, confidentiality and hand-offs cite."""
    people = spec.people
    grants = [*people.sees, *people.acts.values(), *people.levels.values(), *people.assigns]
    grants += [people.contact] if people.contact else []
    clauses = [g.clause for g in grants] + [h.clause for h in spec.handoffs]
    return clauses + ([spec.confidentiality.clause] if spec.confidentiality.kinds else [])


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_preset_validates_and_is_named_after_its_file(path: Path) -> None:
    spec, text = parse_file(path)
    assert spec.name == path.stem
    assert text.startswith("#"), "a preset opens with a comment naming its procedure"


def test_the_five_procedures_each_have_a_preset() -> None:
    specs = [parse_file(p)[0] for p in PRESETS]
    by_procedure: dict[str, list[str]] = {}
    for spec in specs:
        by_procedure.setdefault(spec.procedure, []).append(spec.name)
    assert sorted(by_procedure) == ["P1", "P2", "P3", "P4", "P5"]
    # P2 has two sides: the regulator that accepts reports, and the inspection institute
    # it hands cases involving inspection to, which reports its result back (P2.4).
    assert sorted(by_procedure["P2"]) == ["inspection-institute", "special-equipment"]
    assert all(len(names) == 1 for procedure, names in by_procedure.items() if procedure != "P2")
    prefixes = [s.tracking_prefix for s in specs]
    assert len(set(prefixes)) == len(prefixes)


def test_every_hand_off_reaches_a_department_of_another_preset() -> None:
    # P2.4: the regulator hands over to the institute's acceptance office, a unit of the
    # institute's own organisation, which handles the case under its own policy.
    specs = {spec.name: spec for spec in (parse_file(p)[0] for p in PRESETS)}
    handoffs = [(spec, h) for spec in specs.values() for h in spec.handoffs]
    assert [(spec.name, h.code, h.policy) for spec, h in handoffs] == [
        ("special-equipment", "inspection", "inspection-institute")
    ]
    for spec, handoff in handoffs:
        target = specs[handoff.policy]
        assert target.name != spec.name
        assert handoff.to in {d.code for d in target.departments}
        assert "handoff" in target.channels and target.procedure == spec.procedure


def test_department_codes_do_not_collide_between_presets() -> None:
    # Department codes are unique in the database; two presets sharing one would
    # silently route to the same department.
    owners: dict[str, str] = {}
    for path in PRESETS:
        spec = parse_file(path)[0]
        for department in spec.departments:
            assert department.code not in owners, f"{department.code} in {owners.get(department.code)} and {spec.name}"
            owners[department.code] = spec.name


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_every_cited_clause_belongs_to_the_procedure_and_is_listed(path: Path) -> None:
    spec = parse_file(path)[0]
    for clause in cited(spec):
        assert clause.startswith(f"{spec.procedure}."), clause
        assert clause in spec.clauses, clause
    assert spec.closure.clause and all(c.clause for c in spec.clocks)


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_conditions_name_only_what_the_policy_has(path: Path) -> None:
    # The schema does not check these (categories are free text), so a typo would
    # silently never match.
    spec = parse_file(path)[0]
    categories = set(spec.category_codes())
    for where, condition in conditions(spec):
        assert set(as_list(condition.category)) <= categories, where
        assert set(as_list(condition.kind)) <= set(spec.kinds), where
        assert set(as_list(condition.channel)) <= set(spec.channels), where
        assert set(as_list(condition.equipment_type)) <= set(EquipmentType.values), where


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_duration_tables_name_real_values(path: Path) -> None:
    spec = parse_file(path)[0]
    allowed: dict[str, set[str]] = {
        "region": set(Region.values),
        "severity": set(Severity.values),
        "channel": set(spec.channels),
    }
    for clock in spec.clocks:
        if clock.duration_by is not None:
            assert "default" in clock.durations, clock.name
            assert set(clock.durations) - {"default"} <= allowed[clock.duration_by], clock.name


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_clock_events_and_closure_use_switched_on_steps(path: Path) -> None:
    # A clock stopped by a switched-off action would never stop; a closure condition
    # needing a switched-off step could never hold.
    spec = parse_file(path)[0]
    for clock in spec.clocks:
        for trigger in [*clock.start, *clock.stop, *clock.until]:
            step = MOVES[trigger.on].step if trigger.on in MOVES else None
            assert step is None or getattr(spec.steps, step), f"{clock.name}: {trigger.on}"
    for condition in spec.closure.requires:
        step = CLOSURE_STEPS.get(condition)
        assert step is None or getattr(spec.steps, step), condition


def test_rental_filing_gets_a_solution_reply_within_one_working_day() -> None:
    spec = load("rental-complaints")
    clock = next(c for c in spec.clocks if c.name == "solution_reply")
    assert clock.clause == "P1.2" and clock.duration is not None
    assert (clock.duration.amount, clock.duration.unit) == (1, "working_days")
    assert [t.on for t in clock.stop] == ["plan"]
    assert spec.closure.requires == ["satisfied_callback", "responsibility_determined"]
    values = {"kind": "complaint", "channel": "head_office_visit", "category": "deposit_refund"}
    assert rules.route(spec, values) == "zl_complaints"  # P1.3 before the category
    assert rules.route(spec, {**values, "channel": "phone"}) == "zl_finance"
    assert rules.route(spec, {**values, "channel": "phone", "category": "attitude"}) == "zl_complaints"


@pytest.mark.parametrize(
    ("values", "department"),
    [
        ({"equipment_type": "boiler"}, "ts_boiler"),
        ({"category": "gas_cylinder"}, "ts_boiler"),
        ({"equipment_type": "pressure_pipeline", "category": "elevator"}, "ts_boiler"),
        ({"equipment_type": "elevator"}, "ts_special"),
        ({"category": "amusement_facility"}, "ts_special"),
        ({"category": "supervision_work"}, "ts_supervision"),
    ],
)
def test_special_equipment_routes_by_equipment_type(values: dict[str, str], department: str) -> None:
    assert rules.route(load("special-equipment"), values) == department


def test_special_equipment_clocks_are_p2() -> None:
    spec = load("special-equipment")
    got = {c.name: (c.clause, c.duration.amount, c.duration.unit) for c in spec.clocks if c.duration}
    assert got == {
        "same_day_transfer": ("P2.6", 0, "same_day"),
        "handling_plan": ("P2.9", 3, "calendar_days"),
        "result": ("P2.9", 15, "calendar_days"),
    }
    assert spec.closure.requires == ["handling_plan", "result_reply"]
    assert spec.steps.screen and spec.steps.plan and not spec.steps.callback
    assert rules.escalation_due(spec, {"severity": "major"}, "") == "executive"


def test_after_sales_routes_quality_to_the_quality_department() -> None:
    spec = load("after-sales")
    assert rules.route(spec, {"quality": "quality", "category": "delivery"}) == "sh_quality"
    assert rules.route(spec, {"quality": "non_quality", "category": "delivery"}) == "sh_customer_service"
    assert rules.route(spec, {"kind": "service_request", "category": "installation"}) == "sh_sales"
    site = next(c for c in spec.clocks if c.name == "site_arrival")
    assert site.duration_by == "region"
    assert {k: (d.amount, d.unit) for k, d in site.durations.items()} == {
        "same_province": (3, "calendar_days"),
        "other_province": (7, "calendar_days"),
        "remote": (10, "calendar_days"),
        "default": (10, "calendar_days"),
    }
    assert spec.closure.requires == []
    by_condition = {(a.when.quality, a.when.category): a.requires for a in spec.closure.also}
    assert by_condition[("quality", None)] == ["customer_confirmation", "responsibility_determined"]  # P3.g, P3.h
    assert by_condition[("non_quality", None)] == ["satisfied_callback"]  # P3.b
    assert rules.escalation_due(spec, {"severity": "major"}, "") == "executive"


def test_property_rules_require_the_p51_reception_fields() -> None:
    spec = load("property-rules")
    assert set(spec.required_fields) == {
        "complainant_name",
        "complainant_unit",
        "contact_person",
        "complainant_phone",
        "content",
    }
    assert spec.steps.verify and spec.steps.written_reply_for_letters
    assert spec.closure.requires == ["result_reply", "callback_done"]
    assert rules.escalation_due(spec, {"severity": "serious"}, "") == "manager"
    assert rules.escalation_due(spec, {"severity": "major"}, "") == "executive"
