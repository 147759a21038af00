"""`tousu policy validate` resolves a policy's people, routing and hand-offs in the
organisation that runs it (issue 14): a group nobody can be in, a department an office
does not have, a hand-off that reaches nobody are errors at the line that names them;
`tousu policy load` refuses such a policy where staff already work by it."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tousu.org.management.commands.user import add_user
from tousu.org.models import Unit
from tousu.policies.loader import PRESETS_DIR, preset_files
from tousu.policies.models import Policy

from .organisations import sunshine

OFFICE = PRESETS_DIR / "property-office.yaml"
SPECIAL = PRESETS_DIR / "special-equipment.yaml"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("policy", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing(*args: str) -> tuple[str, str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("policy", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(refused.value)


def line_of(text: str, wanted: str, after: str = "") -> int:
    """The line number of the first line containing `wanted` after the one containing `after`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines[start:], start + 1) if wanted in line)


def staff_the_procedures_people() -> None:
    """One of each of P4's people in office A: the customer-service desk (P4.5.2), the
    engineering head who signs off (P4.5.3), the butler of buildings 1–8 (P4.8) and the
    office manager (P4.5.3)."""
    add_user("desk", "receptionist", "a_customer_service", "周敏", "pw-desk-123456")
    add_user("head", "department_head", "a_engineering", "赵国强", "pw-head-123456", title="工程部主管")
    add_user("butler", "handler", "a_customer_service", "王芳", "pw-butler-123456", duties="butler", area="1-8")
    add_user("manager", "executive", "a_office", "刘洋", "pw-manager-123456", title="管理处主任")


def test_every_preset_resolves_in_its_own_organisation_before_anyone_works_there(setup_data: None) -> None:
    out, err = run("validate", *map(str, preset_files()))
    assert err == ""
    for path in preset_files():
        assert f"{path}: valid ({path.stem})." in out
        # A newly set-up installation has no staff: a note, not an error.
        assert f"{path}: note: " in out and "has no staff yet" in out


def test_a_policy_not_loaded_is_checked_as_a_file_only(db: None) -> None:
    out, err = run("validate", str(OFFICE))
    assert err == ""
    assert f"{OFFICE}: valid (property-office)." in out
    assert "not loaded yet" in out


def test_an_office_without_a_department_the_policy_routes_to_is_an_error(setup_data: None) -> None:
    sunshine(without=("wy_engineering",))
    text = OFFICE.read_text(encoding="utf-8")
    out, err, refused = failing("validate", str(OFFICE))
    # P4.3: equipment, maintenance and public facilities go to engineering, which office B lacks.
    rule = line_of(text, "department: wy_engineering", after="routing:")
    # Office A's engineering department is not office B's: B's cases would find no department.
    assert err.splitlines() == [
        f"{OFFICE}:{rule}: routing.0.department: no unit plays department wy_engineering within 阳光物业 / 阳光城管理处."
    ]
    assert refused == "1 problem(s) in 1 file(s)."
    assert "valid" not in out


def test_with_staff_every_group_must_fit_someone(setup_data: None) -> None:
    sunshine()
    add_user("desk", "receptionist", "a_customer_service", "周敏", "pw-desk-123456")
    text = OFFICE.read_text(encoding="utf-8")
    _out, err, refused = failing("validate", str(OFFICE))
    # Only the customer-service desk is staffed: nobody signs off (P4.5.3), no butler
    # follows up (P4.8), no office manager is told of a major problem (P4.5.3).
    assert err.splitlines() == [
        f"{OFFICE}:{line_of(text, 'department_head:', after='groups:')}: people.groups.department_head: "
        "no position of 阳光物业 fits group department_head (责任部门主管).",
        f"{OFFICE}:{line_of(text, 'butler:', after='groups:')}: people.groups.butler: "
        "no position of 阳光物业 fits group butler (楼栋物业管家).",
        f"{OFFICE}:{line_of(text, 'office_manager:', after='groups:')}: people.groups.office_manager: "
        "no position of 阳光物业 fits group office_manager (管理处主任).",
    ]
    assert refused == "3 problem(s) in 1 file(s)."


def test_a_butler_without_buildings_is_no_butler_of_a_building(setup_data: None) -> None:
    # P4.8 names the butler of the case's building: a butler position with no area fits nobody.
    sunshine()
    staff_the_procedures_people()
    add_user("acting", "handler", "b_customer_service", "陈静", "pw-acting-123456", duties="butler")
    run("validate", str(OFFICE))  # the butler of buildings 1–8 still fits
    from tousu.org.models import Position

    Position.objects.filter(user__username="butler").update(area="")
    _out, err, _refused = failing("validate", str(OFFICE))
    assert "people.groups.butler: no position of 阳光物业 fits group butler" in err


def test_the_staffed_company_resolves(setup_data: None) -> None:
    sunshine()
    staff_the_procedures_people()
    out, err = run("validate", str(OFFICE))
    assert err == ""
    assert out == f"{OFFICE}: valid (property-office).\n"


def test_a_group_whose_department_no_unit_plays(setup_data: None) -> None:
    # P4.5.3: the office manager sits in the management office; a company without one
    # has nobody the group can name, staffed or not.
    sunshine()
    Unit.objects.filter(function="wy_office").update(function="wy_admin")
    text = OFFICE.read_text(encoding="utf-8")
    _out, err, _refused = failing("validate", str(OFFICE))
    line = line_of(text, "functions: [wy_office]", after="office_manager:")
    assert f"{OFFICE}:{line}: people.groups.office_manager.functions: no unit of 阳光物业 plays wy_office" in err


def test_validate_in_another_organisation(setup_data: None) -> None:
    # Before placing a policy in an organisation, check it there: P2's people and routing
    # in a property company resolve nowhere.
    sunshine()
    out, err, _refused = failing("validate", str(SPECIAL), "--organisation", "sunshine")
    assert "does not run in 阳光物业 yet" in out
    assert "routing.0.department: no unit plays department ts_boiler within 阳光物业." in err
    assert "people.groups.acceptance_office" not in err  # no staff yet: a note only
    with pytest.raises(CommandError, match="No organisation with the code “nowhere”"):
        run("validate", str(SPECIAL), "--organisation", "nowhere")


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("to: tj_acceptance", "to: tj_nowhere", "handoffs.0.to", "no unit has the code tj_nowhere"),
        (
            "to: tj_acceptance",
            "to: ts_12365",
            "handoffs.0.to",
            "unit ts_12365 is in 市质量技术监督局特种设备安全监察机构 itself",
        ),
        ("policy: inspection-institute", "policy: no-institute", "handoffs.0.policy", "policy no-institute is not"),
        (
            "to: tj_acceptance",
            "to: wy_engineering",
            "handoffs.0.policy",
            "policy inspection-institute does not run in unit wy_engineering",
        ),
    ],
    ids=["no-such-unit", "same-organisation", "policy-not-loaded", "policy-runs-elsewhere"],
)
def test_a_hand_off_must_reach_another_organisation_running_its_policy(
    setup_data: None, tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    # P2.4: cases involving inspection go to the inspection institute, a separate
    # organisation that handles them under its own policy and reports back.
    text = SPECIAL.read_text(encoding="utf-8").replace(old, new, 1)
    path = tmp_path / "special-equipment.yaml"
    path.write_text(text, encoding="utf-8")
    _out, err, _refused = failing("validate", str(path))
    [problem] = err.splitlines()
    line = line_of(text, new if field.endswith(".to") else "policy:", after="handoffs:")
    assert problem.startswith(f"{path}:{line}: {field}: {message}")


def test_load_refuses_a_policy_that_does_not_resolve_where_staff_work(setup_data: None, tmp_path: Path) -> None:
    sunshine()
    staff_the_procedures_people()
    source = OFFICE.read_text(encoding="utf-8")
    # A new version whose sign-off names a group nobody in the company is in (P4.5.3).
    changed = source.replace("roles: [department_head]\n", "roles: [department_head]\n      duties: [inspector]\n", 1)
    assert changed != source
    path = tmp_path / "property-office.yaml"
    path.write_text(changed, encoding="utf-8")
    _out, _err, refused = failing("load", str(path))
    assert "people.groups.department_head: no position of 阳光物业 fits group department_head" in refused
    assert "property-office is not loaded" in refused and "--force" in refused
    assert Policy.objects.get(name="property-office").current.number == 1

    out, err = run("load", str(path), "--force")
    assert out == "property-office: stored as version 2 (new).\n"
    assert "people.groups.department_head" in err  # still said, on standard error
    assert Policy.objects.get(name="property-office").current.number == 2


def test_load_warns_but_loads_where_nobody_works_yet(setup_data: None, tmp_path: Path) -> None:
    sunshine(without=("wy_engineering",))
    source = OFFICE.read_text(encoding="utf-8")
    path = tmp_path / "property-office.yaml"
    path.write_text(source + "# v2\n", encoding="utf-8")
    out, err = run("load", str(path))
    assert out == "property-office: stored as version 2 (new).\n"
    assert "routing.0.department: no unit plays department wy_engineering" in err
