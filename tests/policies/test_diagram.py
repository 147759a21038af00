"""The lifecycle diagram shows only what a policy switches on."""

from pathlib import Path

import pytest
from django.utils import translation

from tousu.cases.vocab import State
from tousu.policies.diagram import mermaid
from tousu.policies.loader import PRESETS_DIR, parse_file

from .conftest import PRESETS


def draw(name: str) -> str:
    with translation.override("en"):
        return mermaid(parse_file(PRESETS_DIR / f"{name}.yaml")[0])


def declared_states(diagram: str) -> set[str]:
    return {line.rsplit(" as ", 1)[1] for line in diagram.splitlines() if line.strip().startswith("state ")}


def test_special_equipment_screens_into_referral_and_malicious() -> None:
    diagram = draw("special-equipment")
    assert diagram.startswith("stateDiagram-v2\n")
    assert "    registered --> accepted: screen in_scope (P2.8)" in diagram
    assert "    registered --> referred: screen out_of_scope (P2.8)" in diagram
    assert "    registered --> malicious: screen malicious (P2.8)" in diagram
    assert "    assigned --> in_progress: plan (P2.9)" in diagram
    assert "    referred --> [*]" in diagram and "    closed --> [*]" in diagram
    # Screening comes first: nothing is assigned straight from registration.
    assert "registered --> assigned" not in diagram
    assert {"to_be_improved", "invalid"}.isdisjoint(declared_states(diagram))


def test_property_office_has_no_screening_but_sets_aside() -> None:
    diagram = draw("property-office")
    states = declared_states(diagram)
    assert {"referred", "malicious", "invalid"}.isdisjoint(states)
    assert "screen" not in diagram and "plan (P2.9)" not in diagram
    assert "    in_progress --> to_be_improved: set_aside (P4.4.3.2)" in diagram
    assert "    registered --> assigned: assign (P2.9)" in diagram
    assert "sign_off (P4.5.3)" in diagram and "follow_up (P4.8)" in diagram


def test_property_rules_verify_into_invalid() -> None:
    diagram = draw("property-rules")
    assert "    registered --> invalid: verify invalid (P5.2)" in diagram
    assert "    accepted --> invalid: verify invalid (P5.2)" in diagram
    assert "referred" not in declared_states(diagram)


def test_clocks_are_listed_in_a_note() -> None:
    diagram = draw("after-sales")
    note = diagram[diagram.index("note left of registered") :]
    assert "site_arrival 技术人员到达现场 (P3.e) = by region: same_province 3 calendar days" in note
    assert "to_quality_department 当天交质检部 (P3.d) = same day" in note
    assert note.rstrip().endswith("end note")


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_every_edge_joins_declared_states(path: Path) -> None:
    with translation.override("en"):
        diagram = mermaid(parse_file(path)[0])
    states = declared_states(diagram) | {"[*]"}
    assert states - {"any_open", "[*]"} <= set(State.values)
    for line in diagram.splitlines():
        if "-->" in line:
            source, rest = line.strip().split(" --> ")
            target = rest.split(":")[0]
            assert source in states and target in states, line
