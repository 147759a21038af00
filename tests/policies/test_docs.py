"""docs/policy-format.md stays true to the schema it documents."""

import re
from pathlib import Path

import pytest

from tousu.policies.loader import parse
from tousu.policies.schema import (
    CLOCK_EVENTS,
    CLOSURE_CONDITIONS,
    CONDITION_FIELDS,
    HANDOFF_FIELDS,
    REGISTRATION_FIELDS,
    RELATIONS,
    STEPS,
    Confidentiality,
    Group,
    Handoff,
    People,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "policy-format.md"


def test_the_example_is_a_valid_policy() -> None:
    text = DOC.read_text(encoding="utf-8")
    [example] = re.findall(r"```yaml\n(.*?)```", text, re.S)
    assert parse(example, "docs example").name == "small-office"


SECTIONS = [tuple(model.model_fields) for model in (People, Group, Confidentiality, Handoff)]


@pytest.mark.parametrize(
    "names",
    [
        CONDITION_FIELDS,
        CLOCK_EVENTS,
        STEPS,
        CLOSURE_CONDITIONS,
        REGISTRATION_FIELDS,
        RELATIONS,
        HANDOFF_FIELDS,
        *SECTIONS,
    ],
)
def test_every_schema_name_is_documented(names: tuple[str, ...]) -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [n for n in names if f"`{n}`" not in text] == []


def test_the_new_sections_are_documented_with_the_presets_own_examples() -> None:
    text = DOC.read_text(encoding="utf-8")
    for section in ("people", "confidentiality", "handoffs", "public_listing"):
        assert f"`{section}`" in text
    # The examples are the presets' own lines, with the clause each cites.
    presets = Path(__file__).resolve().parents[2] / "tousu" / "policies" / "presets"
    for preset, line in [
        ("property-office", "sign_off: {groups: [department_head], clause: P4.5.3}"),
        ("after-sales", "- {when: {quality: quality}, groups: [technical_staff], clause: P3.f}"),
        ("property-rules", "manager: {groups: [company_manager], clause: P5.3}"),
        ("special-equipment", "need_to_know: [acceptance_office]"),
        ("special-equipment", "policy: inspection-institute"),
    ]:
        assert line in (presets / f"{preset}.yaml").read_text(encoding="utf-8"), (preset, line)
        assert line in text, line
