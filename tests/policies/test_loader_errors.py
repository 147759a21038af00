"""A broken policy file is reported as file:line: field: message, every problem at once."""

from collections.abc import Callable
from pathlib import Path

import pytest

from tousu.policies.loader import PolicyError, parse_file


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def problems(path: Path) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        parse_file(path)
    return [str(p) for p in caught.value.problems]


def test_bad_unit_names_the_clock_line_and_field(office_source: str, write_policy: Callable[..., Path]) -> None:
    text = office_source.replace("duration: {amount: 2, unit: hours}", "duration: {amount: 2, unit: weeks}")
    path = write_policy(text)
    line = line_of(text, "unit: weeks")
    [problem] = problems(path)
    assert problem.startswith(f"{path}:{line}: clocks.0.duration.unit: Input should be")


def test_unknown_clock_event_names_the_trigger(office_source: str, write_policy: Callable[..., Path]) -> None:
    text = office_source.replace("stop: [{on: follow_up}]", "stop: [{on: follow_upp}]")
    path = write_policy(text)
    [problem] = problems(path)
    assert problem.startswith(f"{path}:{line_of(text, 'follow_upp')}: clocks.4.stop.0.on: ")
    assert "unknown event 'follow_upp'" in problem


def test_unknown_channel_in_routing_names_the_rule(office_source: str, write_policy: Callable[..., Path]) -> None:
    text = office_source.replace("- when: {category: [cleaning, greening]}", "- when: {channel: pigeon}")
    path = write_policy(text)
    found = problems(path)
    assert found and all(p.startswith(f"{path}:{line_of(text, 'pigeon')}: routing.1.when.channel") for p in found)


def test_every_problem_is_reported_at_once(office_source: str, write_policy: Callable[..., Path]) -> None:
    text = office_source.replace("kinds: [complaint]", "kinds: [complaint, gripe]").replace(
        "requires: [satisfied_callback, head_signoff]", "requires: [satisfied_callback, happiness]"
    )
    path = write_policy(text)
    found = problems(path)
    assert f"{path}:{line_of(text, 'gripe')}: kinds.1: " in found[0]
    assert found[1].startswith(f"{path}:{line_of(text, 'happiness')}: closure.requires: ")
    assert len(found) == 2


def test_unknown_field_is_named(office_source: str, write_policy: Callable[..., Path]) -> None:
    text = office_source.replace("    clause: P4.6.1\n", "    clause: P4.6.1\n    colour: red\n", 1)
    path = write_policy(text)
    assert problems(path) == [f"{path}:{line_of(text, 'colour')}: clocks.0.colour: Extra inputs are not permitted"]


def test_invalid_yaml_gives_the_line(office_source: str, write_policy: Callable[..., Path]) -> None:
    text = office_source.replace("title_en: Property", "title_en: [Property")
    path = write_policy(text)
    [problem] = problems(path)
    assert problem.startswith(f"{path}:{line_of(text, 'procedure:')}: not valid YAML")


def test_unknown_department_in_routing_is_refused(office_source: str, write_policy: Callable[..., Path]) -> None:
    # A cross-field check, still located at the offending value.
    text = office_source.replace("department: wy_cleaning", "department: wy_nowhere")
    path = write_policy(text)
    [problem] = problems(path)
    assert problem.startswith(f"{path}:{line_of(text, 'wy_nowhere')}: routing.1.department")
    assert "'wy_nowhere' is not in `departments`" in problem


def test_unknown_category_in_routing_is_refused(office_source: str, write_policy: Callable[..., Path]) -> None:
    text = office_source.replace("category: [cleaning, greening]", "category: [cleaning, gardening]")
    path = write_policy(text)
    [problem] = problems(path)
    assert problem.startswith(f"{path}:{line_of(text, 'gardening')}: routing.1.when.category")


def test_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    [problem] = problems(missing)
    assert problem.startswith(f"{missing}: cannot read the file")
