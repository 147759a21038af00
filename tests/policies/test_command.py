"""`tousu policy ...`: each subcommand through call_command, as an operator runs it."""

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tousu.policies.loader import PRESETS_DIR
from tousu.policies.models import Policy

from .conftest import OFFICE, PRESETS

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("policy", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def test_load_says_whether_the_version_is_new() -> None:
    out, _ = run("load", str(OFFICE))
    assert out == "property-office: stored as version 1 (new).\n"
    out, _ = run("load", str(OFFICE))
    assert out == "property-office: unchanged, version 1 is current.\n"


def test_load_presets_then_list() -> None:
    out, _ = run("load", "--presets")
    assert len(out.splitlines()) == len(PRESETS) and "(new)" in out
    out, _ = run("list")
    lines = out.splitlines()
    assert lines[0].split() == ["name", "title", "current", "versions"]
    office = next(line for line in lines if line.startswith("property-office "))
    assert office.split() == ["property-office", "物业管理处客户投诉受理规程", "v1", "1"]
    # Columns line up although the titles are Chinese (two columns per character).
    assert len({display_width(line[: line.index(" v1 ")]) for line in lines[1:]}) == 1


def test_list_when_empty() -> None:
    out, _ = run("list")
    assert "No policies stored yet" in out


def test_load_a_changed_file_makes_version_2(office_source: str, write_policy: Callable[..., Path]) -> None:
    run("load", str(OFFICE))
    changed = write_policy(office_source.replace("amount: 2, unit: hours", "amount: 4, unit: hours"))
    out, _ = run("load", str(changed))
    assert out == "property-office: stored as version 2 (new).\n"
    out, _ = run("list")
    assert next(line for line in out.splitlines() if line.startswith("property-office")).split()[-2:] == ["v2", "2"]


def test_load_refuses_a_broken_file(office_source: str, write_policy: Callable[..., Path]) -> None:
    broken = write_policy(office_source.replace("tracking_prefix: WY", "tracking_prefix: wy"))
    with pytest.raises(CommandError, match=r"policy\.yaml:\d+: tracking_prefix: "):
        run("load", str(broken))
    assert not Policy.objects.exists()


def test_load_without_a_file_or_presets() -> None:
    with pytest.raises(CommandError, match="--presets"):
        run("load")


def test_show_summarises_a_stored_policy() -> None:
    run("load", str(PRESETS_DIR / "special-equipment.yaml"))
    out, _ = run("show", "special-equipment")
    assert out.startswith("special-equipment v1 — 特种设备安全监察举报投诉受理制度")
    assert "  pressure_vessel  压力容器（含气瓶） / Pressure vessel (incl. gas cylinder)  [P2.3]" in out
    assert "    gas_cylinder  气瓶 / Gas cylinder  [P2.3]" in out
    assert "  equipment_type=boiler|pressure_vessel|pressure_pipeline → ts_boiler" in out
    assert "  otherwise → ts_supervision 特种设备安全监察机构" in out
    assert "same_day_transfer  当日内移交 / Transferred the same day: same day  [P2.6]" in out
    assert "handling_plan  三日内明确处理方式 / Handling decided within 3 days: 3 calendar days  [P2.9]" in out
    assert "      starts on register; stops on reply reply_kind=result" in out
    assert "closure: handling_plan + result_reply  [P2.9]" in out
    assert "severity=major → executive" in out


def test_show_a_file_and_an_old_version(office_source: str, write_policy: Callable[..., Path]) -> None:
    out, _ = run("show", str(PRESETS_DIR / "after-sales.yaml"))
    assert "by region: same_province 3 calendar days, other_province 7 calendar days, remote 10 calendar days" in out
    run("load", str(OFFICE))
    run("load", str(write_policy(office_source.replace("title_en: Property", "title_en: The property"))))
    out, _ = run("show", "property-office", "--version", "1")
    assert out.startswith("property-office v1 — 物业管理处客户投诉受理规程 (Property-management")
    with pytest.raises(CommandError, match="no version 7"):
        run("show", "property-office", "--version", "7")


def test_show_unknown_policy() -> None:
    with pytest.raises(CommandError, match="No policy named"):
        run("show", "nowhere")


def test_export_to_stdout_and_to_a_file(tmp_path: Path, office_source: str, write_policy: Callable[..., Path]) -> None:
    run("load", str(OFFICE))
    run("load", str(write_policy(office_source + "# v2\n")))
    out, _ = run("export", "property-office")
    assert out == office_source + "# v2\n"
    target = tmp_path / "out.yaml"
    out, _ = run("export", "property-office", "--version", "1", "-o", str(target))
    assert out == f"Wrote {target}.\n"
    assert target.read_text(encoding="utf-8") == office_source


def test_validate_accepts_the_presets() -> None:
    out, err = run("validate", *map(str, PRESETS))
    assert err == ""
    valid = [line for line in out.splitlines() if ": valid (" in line]
    assert len(valid) == len(PRESETS)
    assert f"{PRESETS_DIR / 'after-sales.yaml'}: valid (after-sales)." in out
    # Nothing is loaded: the file is checked alone, its people once it runs somewhere.
    assert f"{PRESETS_DIR / 'after-sales.yaml'}: note: not loaded yet" in out


def test_validate_prints_every_problem_and_fails(office_source: str, write_policy: Callable[..., Path]) -> None:
    text = office_source.replace("unit: hours}", "unit: weeks}").replace("tracking_prefix: WY", "tracking_prefix: W1")
    broken = write_policy(text, "broken.yaml")
    lines = text.splitlines()
    unit_line = next(i for i, line in enumerate(lines, 1) if "unit: weeks" in line)
    prefix_line = next(i for i, line in enumerate(lines, 1) if "tracking_prefix" in line)
    out, err = StringIO(), StringIO()
    with translation.override("en"), pytest.raises(CommandError, match=r"2 problem\(s\) in 1 file\(s\)"):
        call_command("policy", "validate", str(OFFICE), str(broken), stdout=out, stderr=err)
    assert out.getvalue().splitlines()[0] == f"{OFFICE}: valid (property-office)."
    problems = err.getvalue().splitlines()
    assert problems[0].startswith(f"{broken}:{prefix_line}: tracking_prefix: String should match pattern")
    assert problems[1].startswith(f"{broken}:{unit_line}: clocks.0.duration.unit: Input should be")


def test_diagram_of_a_stored_policy_and_of_a_file() -> None:
    run("load", str(PRESETS_DIR / "special-equipment.yaml"))
    out, _ = run("diagram", "special-equipment")
    assert out.startswith("stateDiagram-v2\n") and "registered --> referred: screen out_of_scope (P2.8)" in out
    out, _ = run("diagram", str(PRESETS_DIR / "property-rules.yaml"))
    assert "registered --> invalid: verify invalid (P5.2)" in out
