"""docs/policy-format.md stays true to the schema it documents."""

import re
from pathlib import Path

import pytest

from tousu.policies.loader import parse
from tousu.policies.schema import CLOCK_EVENTS, CLOSURE_CONDITIONS, CONDITION_FIELDS, REGISTRATION_FIELDS, STEPS

DOC = Path(__file__).resolve().parents[2] / "docs" / "policy-format.md"


def test_the_example_is_a_valid_policy() -> None:
    text = DOC.read_text(encoding="utf-8")
    [example] = re.findall(r"```yaml\n(.*?)```", text, re.S)
    assert parse(example, "docs example").name == "small-office"


@pytest.mark.parametrize("names", [CONDITION_FIELDS, CLOCK_EVENTS, STEPS, CLOSURE_CONDITIONS, REGISTRATION_FIELDS])
def test_every_schema_name_is_documented(names: tuple[str, ...]) -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [n for n in names if f"`{n}`" not in text] == []
