"""Storing policy files as immutable versions, and getting them back out."""

from collections.abc import Callable
from pathlib import Path

import pytest

from tousu.org.models import Unit
from tousu.policies.loader import PRESETS_DIR, export, load_presets, parse, parse_file, store
from tousu.policies.models import Policy, PolicyVersion

from .conftest import OFFICE, PRESETS

pytestmark = pytest.mark.django_db


def test_loading_the_same_file_twice_keeps_one_version() -> None:
    spec, text = parse_file(OFFICE)
    first, created = store(spec, text)
    again, created_again = store(spec, text)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and first.number == 1
    assert PolicyVersion.objects.filter(policy__name="property-office").count() == 1


def test_changed_content_is_version_2_and_version_1_is_kept(office_source: str) -> None:
    v1, _ = store(parse(office_source), office_source)
    changed = office_source.replace(
        "duration: {amount: 3, unit: calendar_days}", "duration: {amount: 2, unit: calendar_days}", 1
    )
    v2, created = store(parse(changed), changed)
    assert created and v2.number == 2
    policy = Policy.objects.get(name="property-office")
    assert policy.current == v2
    kept = PolicyVersion.objects.get(pk=v1.pk)
    assert kept.source == office_source and kept.number == 1
    assert kept.spec["clocks"][1]["duration"]["amount"] == 3
    assert v2.spec["clocks"][1]["duration"]["amount"] == 2


def test_export_round_trips(write_policy: Callable[..., Path]) -> None:
    for path in PRESETS:
        spec, text = parse_file(path)
        version, _ = store(spec, text)
        exported = export(version)
        assert exported == text
        assert parse_file(write_policy(exported, path.name))[0] == spec


def test_load_presets_creates_their_departments() -> None:
    results = load_presets()
    assert len(results) == len(list(PRESETS_DIR.glob("*.yaml"))) and all(created for _, created in results)
    assert Unit.objects.get(code="sh_quality").kind == "quality"
    assert Unit.objects.get(code="ts_boiler").parent == Unit.objects.get(code="ts_supervision")
    assert not any(created for _, created in load_presets())
