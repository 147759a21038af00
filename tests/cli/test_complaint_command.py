"""`tousu complaint create|show|list`: cases from scripts through the same domain
functions and validation as the API; refusals exit non-zero with the reasons."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.lifecycle.helpers import local
from tousu.cases.models import Complaint
from tousu.org.management.commands.user import add_user

ELEVATOR = [
    "--policy", "property-office", "--channel", "phone",
    "--content", "3栋1单元电梯停在8楼不动，里面有老人被困。",
    "--name", "王芳", "--phone", "13800001234", "--unit", "3栋1单元502", "--category", "elevator",
]  # fmt: skip


def complaint(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("complaint", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def people(setup_data):
    add_user("manager", "complaint_manager", "wy_customer_service", "黄丽萍", "pw-manager-123456")
    add_user("officer", "complaint_manager", "ts_supervision", "郭文静", "pw-officer-123456")
    add_user("reception", "receptionist", "wy_customer_service", "陈晓燕", "pw-reception-123456")
    add_user("root", "administrator", None, "管理员", "pw-root-123456")


def test_create_prints_number_and_code(people):
    with time_machine.travel(local(2026, 9, 28, 9, 0), tick=False):
        out = complaint("create", *ELEVATOR)
    case = Complaint.objects.get()
    assert f"tracking number: {case.number}" in out
    assert f"verification code: {case.verification_code}" in out
    assert case.number.startswith("WY20260928-")
    assert case.received_by.username == "manager"  # the first complaint manager acts by default
    assert case.urgent and case.department.code == "wy_engineering"
    assert "department: wy_engineering" in out


def test_create_as_user_json(people):
    body = json.loads(complaint("create", *ELEVATOR, "--as", "reception", "--request", "尽快修好", "--json"))
    case = Complaint.objects.get(number=body["number"])
    assert body["verification_code"] == case.verification_code
    assert body["state"] == "registered" and body["urgent"] is True
    assert case.received_by.username == "reception" and case.request == "尽快修好"
    assert body["received_at"].endswith("+08:00")


def test_create_with_any_field(people):
    args = "--policy special-equipment --channel hotline --equipment-type pressure_vessel --confidential --json"
    body = json.loads(
        complaint("create", *args.split(), "--content", "气瓶充装站给过期钢瓶充装", "--field", "equipment_stage=use")
    )
    case = Complaint.objects.get(number=body["number"])
    assert case.equipment_stage == "use" and case.confidential and case.department.code == "ts_boiler"
    assert case.received_by.username == "officer"  # the complaint manager of the bureau, not of another organisation


def test_bad_input_names_the_fields(people):
    with pytest.raises(CommandError) as refused:
        complaint("create", "--policy", "property-office", "--channel", "phone", "--content", "电梯坏了")
    message = str(refused.value)
    assert "Some fields are not valid." in message
    for field in ("complainant_name", "complainant_phone", "complainant_unit", "category"):
        assert f"  {field}: This policy requires this field." in message
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--policy", "no-such", "--as", "manager", "--channel", "phone", "--content", "x"], "policy: No such policy."),
        (["--policy", "property-office", "--channel", "fax", "--content", "x"], "channel: This policy does not take"),
        (["--policy", "property-office", "--channel", "pigeon", "--content", "x"], "channel: Input should be"),
        ([*ELEVATOR, "--field", "colour=red"], "colour: Extra inputs are not permitted"),
        ([*ELEVATOR, "--field", "colour"], "--field takes NAME=VALUE"),
        ([*ELEVATOR, "--as", "nobody"], "no active user 'nobody'"),
        ([*ELEVATOR, "--as", "root"], "Only staff handling complaints can register them."),
    ],
)
def test_refusals(people, args, expected):
    with pytest.raises(CommandError, match=None) as refused:
        complaint("create", *args)
    assert expected in str(refused.value)


def test_without_a_complaint_manager(setup_data):
    with pytest.raises(CommandError, match="--as USERNAME"):
        complaint("create", *ELEVATOR)


def test_show_clocks_and_timeline(people):
    with time_machine.travel(local(2026, 9, 28, 9, 0), tick=False):
        number = json.loads(complaint("create", *ELEVATOR, "--as", "reception", "--json"))["number"]
    with time_machine.travel(local(2026, 9, 28, 12, 0), tick=False):
        out = complaint("show", number.lower())
        body = json.loads(complaint("show", number, "--json"))
    assert out.startswith(f"{number}  property-office v1  complaint  state: registered")
    assert "complainant: 王芳 13800001234 3栋1单元502" in out
    # P4.6.1 first reply within 2 hours, in Shanghai time; past due at noon.
    assert "  first_reply #1  running  due 2026-09-28 11:00  OVERDUE" in out
    assert "  same_day_dispatch #1  running  due 2026-09-28 23:59" in out
    assert "   1  2026-09-28 09:00  register" in out
    clocks = {c["name"]: c for c in body["clocks"]}
    assert clocks["first_reply"]["due_at"] == "2026-09-28T11:00:00+08:00"
    assert clocks["first_reply"]["overdue"] is True and clocks["first_reply"]["estimated"] is False
    assert [e["action"] for e in body["timeline"]] == ["register"]
    assert "assign" in body["available_actions"]  # as the default complaint manager


def test_show_unknown_number(people):
    with pytest.raises(CommandError, match="no case with tracking number 'WY1'"):
        complaint("show", "WY1")


def test_list_filters(people):
    with time_machine.travel(local(2026, 9, 28, 9, 0), tick=False):
        first = json.loads(complaint("create", *ELEVATOR, "--json"))["number"]
    with time_machine.travel(local(2026, 9, 29, 9, 0), tick=False):
        args = "--policy property-office --channel visit --phone 13900001111 --category cleaning --json"
        more = ["--content", "垃圾两天没清运", "--name", "李明", "--unit", "5栋2单元1103"]
        second = json.loads(complaint("create", *args.split(), *more))["number"]
        lines = complaint("list").splitlines()
        assert [line.split()[0] for line in lines] == [second, first]  # newest first
        assert complaint("list", "--department", "wy_cleaning").split()[0] == second
        overdue = complaint("list", "--overdue").splitlines()
        assert [line.split()[0] for line in overdue] == [first]  # due yesterday
        assert complaint("list", "--state", "closed") == ""
        assert complaint("list", "--policy", "after-sales") == ""
        limited = complaint("list", "--limit", "1").splitlines()
        assert limited[0].startswith(second) and limited[1].startswith("… more than 1")
        body = json.loads(complaint("list", "--state", "registered,closed", "--order", "due", "--json"))
    assert [item["number"] for item in body["items"]] == [first, second]
    assert body["items"][0]["overdue"] is True and body["more"] is False


def test_list_unknown_state(people):
    with pytest.raises(CommandError, match="unknown state shut"):
        complaint("list", "--state", "shut")


def test_console_exit_status(tmp_path: Path):
    """As a script sees it: a refusal exits 1 with the reasons on stderr; a good case exits 0."""
    env = {**os.environ, "TOUSU_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # a fresh SQLite database of its own

    def tousu(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "tousu", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603

    assert tousu("setup").returncode == 0
    # The complaint manager of each policy's organisation acts by default.
    for name, unit in (("manager", "wy_customer_service"), ("quality", "wg_customer_service")):
        added = tousu("user", "add", name, "--role", "complaint_manager", "--unit", unit, "--password", "pw-123456-abc")
        assert added.returncode == 0, added.stderr
    bad = tousu("complaint", "create", "--policy", "property-rules", "--channel", "phone", "--content", "停电了")
    assert bad.returncode == 1
    assert "contact_person" in bad.stderr and "complainant_unit" in bad.stderr
    good = tousu("complaint", "create", *ELEVATOR, "--json")
    assert good.returncode == 0, good.stderr
    number = json.loads(good.stdout)["number"]
    shown = tousu("complaint", "show", number)
    assert shown.returncode == 0 and "first_reply #1  running" in shown.stdout
