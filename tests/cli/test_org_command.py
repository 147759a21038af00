"""`tousu org import | export | show`: an organisation loads its tree and its staff from a
YAML file or from the staff list it keeps in Excel (CSV, UTF-8 or GB18030), as often as
it likes; the units a preset created are adopted, cases never change organisation."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import translation

from tousu.org import tree as org_tree
from tousu.org.models import Deputy, Organisation, Position, Staff, Unit
from tousu.policies.models import Policy

YANGGUANG = """\
organisations:
  - code: yangguang
    name: 阳光物业服务有限公司
    kind: property_company
    units:
      - code: yangguang
        name: 阳光物业服务有限公司
        kind: organisation
        units:
          - code: yg_huayuan
            name: 阳光花园管理处
            kind: office
            units:
              - {code: wy_customer_service, name: 客服部, kind: customer_service}
              - {code: wy_engineering, name: 工程部, kind: operations}
              - {code: wy_cleaning, name: 环境部, kind: operations}
              - {code: wy_security, name: 秩序维护部, kind: operations}
              - {code: wy_office, name: 管理处办公室, kind: management_office}
          - code: yg_cuihu
            name: 翠湖管理处
            kind: office
            units:
              - {code: ch_customer_service, name: 客服部, kind: customer_service, function: wy_customer_service}
              - {code: ch_engineering, name: 工程部, kind: operations, function: wy_engineering, aliases: "工程维修部"}
              - {code: ch_cleaning, name: 环境部, kind: operations, function: wy_cleaning}
              - {code: ch_security, name: 秩序维护部, kind: operations, function: wy_security}
              - {code: ch_office, name: 管理处办公室, kind: management_office, function: wy_office}
    policies:
      - {name: property-office, homes: [yg_huayuan, yg_cuihu]}
people:
  - username: chenxiaoyan
    name: 陈晓燕
    phone: "0754-88880001"
    aliases: 小陈
    positions:
      - {role: receptionist, unit: wy_customer_service, title: 客服前台, duties: [butler], area: "1-8"}
      - {role: receptionist, unit: ch_customer_service, title: 客服前台（兼）}
    acting_for:
      - {user: zhoumin, from: 2026-12-01T00:00:00+08:00, until: 2026-12-15T00:00:00+08:00, reason: 休假}
  - username: zhoumin
    name: 周敏
    password: Zhou-min-2026-long
    positions:
      - {role: department_head, unit: wy_customer_service, title: 客服主管}
"""


def org(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("org", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def nothing_changed(out: str) -> bool:
    lines = [line for line in out.splitlines() if " created, " in line]
    return bool(lines) and all(" 0 created, 0 updated, " in line and line.endswith(" 0 deleted") for line in lines)


def snapshot() -> tuple[list[tuple], ...]:
    """Everything an import writes, to compare before and after."""
    return (
        list(Organisation.objects.order_by("code").values_list("code", "name", "kind")),
        list(Unit.objects.order_by("code").values_list("code", "name", "kind", "parent__code", "organisation__code", "function", "aliases")),
        list(Position.objects.order_by("user__username", "role", "unit__code").values_list("user__username", "role", "unit__code", "title", "duties", "area")),
        list(Staff.objects.order_by("user__username").values_list("user__username", "display_name", "phone", "aliases")),
        list(Deputy.objects.order_by("pk").values_list("user__username", "for_user__username", "starts_at", "ends_at", "reason")),
        list(Policy.objects.order_by("name").values_list("name", "organisation__code", "homes__code")),
    )  # fmt: skip


def test_yaml_import_builds_the_tree_adopts_the_preset_units_and_places_the_policy(setup_data, tmp_path):
    out, err = org("import", write(tmp_path, "org.yaml", YANGGUANG), "--prune")
    assert "organisations: 1 created" in out and "policies: 0 created, 1 updated" in out
    assert "units: 8 created, 5 updated, 0 unchanged, 1 deleted" in out  # and the placeholder's root
    assert "people: 2 created" in out and "positions: 3 created" in out and "acting-for periods: 1 created" in out
    assert "password of chenxiaoyan (shown once): " in out  # no password in the file: a random one
    assert "zhoumin" not in out.split("password of")[-1]  # the file's password is not printed
    tree = org_tree.current()
    # The preset's units moved under office A; office B's play the same departments.
    engineering = Unit.objects.get(code="wy_engineering")
    assert engineering.organisation.code == "yangguang" and engineering.parent.code == "yg_huayuan"
    assert tree.path(engineering.pk) == "阳光物业服务有限公司 / 阳光花园管理处 / 工程部"
    cuihu = tree.by_code["yg_cuihu"]
    assert tree.nodes[tree.resolve("wy_engineering", cuihu)].code == "ch_engineering"
    assert Unit.objects.get(code="ch_engineering").aliases == "工程维修部"
    policy = Policy.objects.get(name="property-office")
    assert policy.organisation.code == "yangguang"
    assert sorted(policy.homes.values_list("code", flat=True)) == ["yg_cuihu", "yg_huayuan"]
    # The placeholder the preset was loaded into is empty now, and --prune removed it.
    assert not Organisation.objects.filter(code="property-office").exists()
    assert not Unit.objects.filter(code="property-office").exists()
    # The person, two positions, the duty and area as codes, the holiday cover.
    chen = User.objects.get(username="chenxiaoyan")
    assert (chen.staff.display_name, chen.staff.phone, chen.staff.aliases) == ("陈晓燕", "0754-88880001", "小陈")
    front = Position.objects.get(user=chen, unit__code="wy_customer_service")
    assert (front.role, front.duties, front.area) == ("receptionist", "butler", "1,2,3,4,5,6,7,8")
    assert Position.objects.filter(user=chen).count() == 2
    cover = Deputy.objects.get(user=chen)
    assert cover.for_user.username == "zhoumin" and cover.reason == "休假"
    assert User.objects.get(username="zhoumin").check_password("Zhou-min-2026-long")
    assert "warning" not in err


def test_without_prune_nothing_is_deleted_and_the_empty_placeholder_is_named(setup_data, tmp_path):
    _out, err = org("import", write(tmp_path, "org.yaml", YANGGUANG))
    assert Organisation.objects.filter(code="property-office").exists()
    assert "Organisation “property-office” runs no policy any more; --prune deletes it." in err


def test_importing_again_changes_nothing(setup_data, tmp_path):
    path = write(tmp_path, "org.yaml", YANGGUANG)
    org("import", path, "--prune")
    chen = User.objects.get(username="chenxiaoyan")
    chen.set_password("changed-by-chen-2026")
    chen.save()
    before = snapshot()
    out, _err = org("import", path, "--prune")
    assert snapshot() == before
    assert nothing_changed(out), out
    assert "password of" not in out
    # A password is set only when the account is created: re-importing never resets one.
    assert User.objects.get(username="chenxiaoyan").check_password("changed-by-chen-2026")


def test_prune_removes_positions_and_units_the_file_no_longer_lists(setup_data, tmp_path):
    org("import", write(tmp_path, "org.yaml", YANGGUANG), "--prune")
    shorter = YANGGUANG.replace(
        "      - {role: receptionist, unit: ch_customer_service, title: 客服前台（兼）}\n", ""
    ).replace(
        "              - {code: ch_office, name: 管理处办公室, kind: management_office, function: wy_office}\n", ""
    )
    out, err = org("import", write(tmp_path, "shorter.yaml", shorter), "--prune")
    assert "positions: 0 created, 0 updated, 2 unchanged, 1 deleted" in out
    assert not Unit.objects.filter(code="ch_office").exists()
    assert "no unit in “yg_cuihu” plays its department “wy_office”" in err  # routing would miss it


CSV_UNITS = """organisation,code,name,kind,parent,function,aliases
huaxin,huaxin,华信物业服务有限公司,organisation,,,华信物业
huaxin,wg_customer_service,客服部,customer_service,huaxin,,
huaxin,wg_engineering,工程维修部,operations,huaxin,,"工程部,维修部"
"""
CSV_STAFF = """username,name,phone,role,unit,title,duties,area
yuxiaoli,余晓丽,,handler,wg_customer_service,物业管家,butler,1-6
yuxiaoli,,,handler,wg_engineering,兼工程协调,,
renweiguo,任卫国,0754-1234567,department_head,wg_engineering,工程维修部经理,,
"""


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_from_excel_in_gb18030_or_with_a_bom(setup_data, tmp_path, encoding):
    out, _err = org("import", write(tmp_path, "units.csv", CSV_UNITS, encoding))
    assert "organisations: 1 created" in out and "units: 1 created, 2 updated" in out
    assert Organisation.objects.get(code="huaxin").name == "华信物业服务有限公司"  # named after its root
    assert Unit.objects.get(code="wg_engineering").aliases == "工程部,维修部"
    assert Unit.objects.get(code="wg_engineering").parent.code == "huaxin"
    out, _err = org("import", write(tmp_path, "staff.csv", CSV_STAFF, encoding))
    assert "people: 2 created" in out and "positions: 3 created" in out
    yu = User.objects.get(username="yuxiaoli")
    assert yu.staff.display_name == "余晓丽"
    held = {p.unit.code: p for p in Position.objects.filter(user=yu)}  # two rows, two positions
    assert held["wg_customer_service"].area == "1,2,3,4,5,6" and held["wg_customer_service"].duties == "butler"
    assert held["wg_engineering"].title == "兼工程协调"
    assert User.objects.get(username="renweiguo").staff.phone == "0754-1234567"


def test_a_bad_file_is_refused_with_file_line_and_field(setup_data, tmp_path):
    bad = YANGGUANG.replace("role: department_head", "role: chief").replace("kind: office\n", "kind: estate\n", 1)
    path = write(tmp_path, "bad.yaml", bad)
    before = snapshot()
    with pytest.raises(CommandError) as refused:
        org("import", path)
    message = str(refused.value)
    role_line = bad.splitlines().index("      - {role: chief, unit: wy_customer_service, title: 客服主管}") + 1
    kind_line = next(i for i, line in enumerate(bad.splitlines(), 1) if "code: yg_huayuan" in line)
    assert f"{path}:{role_line}: role: “chief” is not one of: receptionist, handler" in message
    assert f"{path}:{kind_line}: kind: “estate” is not one of:" in message
    assert snapshot() == before  # nothing written

    rows = CSV_STAFF + "wangxiao,王晓,,handler,no_such_unit,,,\n"
    with pytest.raises(CommandError, match=r"staff.csv:5: unit: No unit with this code in the file or the database\."):
        org("import", write(tmp_path, "staff.csv", rows))
    with pytest.raises(CommandError, match=r"the header must be"):
        org("import", write(tmp_path, "other.csv", "姓名,电话\n张三,1\n"))
    with pytest.raises(CommandError, match=r"bad2.yaml:\d+: Not valid YAML"):
        org("import", write(tmp_path, "bad2.yaml", "organisations:\n  - code: [x\n"))


def test_a_unit_with_cases_never_moves_to_another_organisation(setup_data, staff, tmp_path):
    receptionist = staff("receptionist", "wy_customer_service")
    created = receptionist.post(
        "/complaints",
        {
            "policy": "property-office",
            "channel": "phone",
            "complainant_name": "王芳",
            "complainant_phone": "10001234567",
            "complainant_unit": "3栋1单元502",
            "category": "elevator",
            "content": "3栋1单元电梯停在8楼不动。",
        },
    )
    assert created.status_code in (200, 201), created.content
    before = snapshot()
    with pytest.raises(CommandError) as refused:
        org("import", write(tmp_path, "org.yaml", YANGGUANG), "--prune")
    assert "Unit “wy_customer_service” has cases: it cannot move to another organisation." in str(refused.value)
    assert "Policy “property-office” has cases" in str(refused.value)
    assert snapshot() == before  # one transaction: all or nothing
    assert Unit.objects.get(code="wy_engineering").organisation.code == "property-office"


def test_export_reads_back_unchanged(setup_data, tmp_path):
    org("import", write(tmp_path, "org.yaml", YANGGUANG), "--prune")
    exported, _err = org("export", "--organisation", "yangguang")
    assert "- {role: receptionist, unit: wy_customer_service, title: 客服前台, duties: butler, area: 1-8}" in exported
    assert "password" not in exported
    before = snapshot()
    out, _err = org("import", write(tmp_path, "exported.yaml", exported), "--prune")
    assert snapshot() == before
    assert nothing_changed(out), out
    again, _err = org("export", "--organisation", "yangguang")
    assert again == exported
    # The two CSV files an organisation keeps in Excel read back unchanged as well.
    units, _err = org("export", "--format", "csv", "--organisation", "yangguang")
    people, _err = org("export", "--format", "csv", "--staff", "--organisation", "yangguang")
    assert units.splitlines()[0] == "organisation,code,name,kind,parent,function,aliases"
    assert "chenxiaoyan,陈晓燕,0754-88880001,receptionist,wy_customer_service,客服前台,butler,1-8" in people
    org("import", write(tmp_path, "units.csv", units))
    org("import", write(tmp_path, "staff.csv", people))
    assert snapshot() == before


def test_show_prints_the_tree_with_positions(setup_data, tmp_path):
    org("import", write(tmp_path, "org.yaml", YANGGUANG), "--prune")
    out, _err = org("show", "yangguang")
    lines = out.splitlines()
    assert lines[0] == "阳光物业服务有限公司  [yangguang]  Property-management company"
    assert "    阳光花园管理处  [yg_huayuan]  Office  runs property-office" in lines
    assert "        - 陈晓燕 (chenxiaoyan) · Receptionist · 客服前台 · Property butler · 1-8" in lines
    assert "      工程部  [ch_engineering = wy_engineering]  Operations department" in lines
    only, _err = org("show", "yg_cuihu")
    assert "阳光花园管理处" not in only and "客服前台（兼）" in only
    with pytest.raises(CommandError, match="no_such"):
        org("show", "no_such")
