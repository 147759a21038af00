"""Issue 6: the timeline's hash chain, the access log, masking and reveal, and access that
ends on the next request when a user is disabled or moved."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from tests.access.conftest import B_CASE, register
from tests.lifecycle.helpers import local
from tousu.audit.models import AccessEntry, AppendOnly
from tousu.cases.models import Event
from tousu.org.models import Position, Unit

NOW = local(2026, 11, 10, 10)


def _verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


@time_machine.travel(NOW, tick=False)
def test_audit_verify_finds_an_event_altered_behind_the_products_back(person):
    desk = person("receptionist", "wy_customer_service")
    head = person("department_head", "wy_cleaning")
    handler = person("handler", "wy_cleaning")
    first = register(desk)
    second = register(desk, content="八号楼垃圾桶满了没人清运")
    head.api.act(first["number"], "assign", assignee=handler.username)
    handler.api.act(first["number"], "note", note="已安排保洁")
    assert "OK" in _verify()
    assert all(len(h) == 64 for h in Event.objects.values_list("hash", flat=True))

    # Someone with database access rewrites a note: no product code involved.
    target = Event.objects.get(complaint__number=first["number"], action="note")
    table = connection.ops.quote_name(Event._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET note = %s WHERE id = %s", ["什么也没发生", target.pk])  # noqa: S608
    with pytest.raises(CommandError, match="broken in 1 case"):
        out = io.StringIO()
        call_command("audit", "verify", stdout=out)
    assert f"{first['number']} event {target.seq}: altered" in out.getvalue()
    assert second["number"] not in out.getvalue()


@time_machine.travel(NOW, tick=False)
def test_audit_verify_finds_a_deleted_event(person):
    desk = person("receptionist", "wy_customer_service")
    head = person("department_head", "wy_cleaning")
    case = register(desk)
    head.api.act(case["number"], "note", note="第一条")
    head.api.act(case["number"], "note", note="第二条")
    middle = Event.objects.get(complaint__number=case["number"], note="第一条")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Event._meta.db_table)} WHERE id = %s", [middle.pk])  # noqa: S608
    with pytest.raises(CommandError):
        call_command("audit", "verify", stdout=io.StringIO())


@time_machine.travel(NOW, tick=False)
def test_personal_data_is_masked_and_revealing_needs_a_reason_and_is_logged(person):
    desk = person("receptionist", "wy_customer_service")
    head = person("department_head", "wy_cleaning")
    case = register(desk)
    seen = head.api.get(f"/complaints/{case['number']}").json()
    assert seen["personal_data"] == "masked"
    assert seen["complainant_phone"] == "139****5678"
    assert seen["complainant_name"] == "欧***"
    listed = head.api.get("/complaints").json()["items"]
    assert listed[0]["complainant_name"] == "欧***"
    page = head.desk.get(f"/desk/cases/{case['number']}/").content.decode()
    assert "139****5678" in page and B_CASE["complainant_phone"] not in page
    assert head.api.post(f"/complaints/{case['number']}/reveal", {"reason": " "}).status_code == 422
    shown = head.api.post(f"/complaints/{case['number']}/reveal", {"reason": "回访需要联系业主"})
    assert shown.status_code == 200 and shown.json()["complainant_phone"] == B_CASE["complainant_phone"]
    on_desk = head.desk.post(f"/desk/cases/{case['number']}/reveal/", {"reason": "上门核实地址"})
    assert B_CASE["complainant_phone"] in on_desk.content.decode()
    reveals = AccessEntry.objects.filter(username=head.username, action="reveal")
    assert sorted(reveals.values_list("reason", flat=True)) == ["上门核实地址", "回访需要联系业主"]
    # The receptionist who registered it sees it in full without asking; that view is logged.
    assert desk.api.get(f"/complaints/{case['number']}").json()["complainant_phone"] == B_CASE["complainant_phone"]
    assert AccessEntry.objects.filter(username=desk.username, action="view", number=case["number"]).exists()
    assert not AccessEntry.objects.filter(username=head.username, action="view").exists()  # masked: not logged


@time_machine.travel(NOW, tick=False)
def test_the_auditor_searches_the_access_log_which_nobody_can_change(person):
    desk = person("receptionist", "wy_customer_service")
    outsider = person("handler", "wy_engineering")
    auditor = person("auditor", "wy_office")
    case = register(desk)
    assert outsider.api.get(f"/complaints/{case['number']}").status_code == 404
    assert desk.api.get("/audit/access-log").status_code == 403
    found = auditor.api.get("/audit/access-log", user=outsider.username).json()
    assert [(e["action"], e["number"]) for e in found] == [("denied", case["number"])]
    page = auditor.desk.get("/desk/audit/", {"number": case["number"]}).content.decode()
    assert outsider.username in page and "<td>拒绝访问（超出权限范围）</td>" in page
    assert desk.desk.get("/desk/audit/").status_code == 403
    entry = AccessEntry.objects.get(username=outsider.username)
    entry.reason = "改写"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AccessEntry.objects.all().delete()
    with pytest.raises(AppendOnly):
        AccessEntry.objects.update(reason="")
    # The admin has no change or delete for it either (read-only ModelAdmin).
    from django.contrib import admin

    model_admin = admin.site._registry[AccessEntry]
    assert not model_admin.has_change_permission(None) and not model_admin.has_delete_permission(None)


@time_machine.travel(NOW, tick=False)
def test_an_administrator_reads_cases_only_after_a_logged_break_glass(person):
    desk = person("receptionist", "wy_customer_service")
    admin_user = person("administrator", "wy_office")
    case = register(desk)
    assert admin_user.api.get(f"/complaints/{case['number']}").status_code == 404
    with pytest.raises(CommandError):
        call_command("audit", "break-glass", "--user", admin_user.username, "--reason", "看看")
    call_command(
        "audit",
        "break-glass",
        "--user",
        admin_user.username,
        "--reason",
        "排查工单数据异常 #4521",
        stdout=io.StringIO(),
    )
    assert admin_user.api.get(f"/complaints/{case['number']}").status_code == 200
    assert AccessEntry.objects.filter(username=admin_user.username, action="break_glass").exists()
    with time_machine.travel(local(2026, 11, 10, 11, 30), tick=False):  # the hour is over
        assert admin_user.api.get(f"/complaints/{case['number']}").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_disabling_or_moving_a_user_takes_effect_on_the_next_request(person):
    desk = person("receptionist", "wy_customer_service")
    handler = person("handler", "wy_cleaning")
    case = register(desk)
    path = f"/complaints/{case['number']}"
    assert handler.api.get(path).status_code == 200
    assert handler.desk.get(f"/desk/cases/{case['number']}/").status_code == 200
    # Moved to engineering (their position changed): the cleaning case is gone, for the
    # token and the session alike.
    Position.objects.filter(user=handler.user).update(unit=Unit.objects.get(code="wy_engineering"))
    assert handler.api.get(path).status_code == 404
    assert handler.desk.get(f"/desk/cases/{case['number']}/").status_code == 404
    Position.objects.filter(user=handler.user).update(unit=Unit.objects.get(code="wy_cleaning"))
    assert handler.api.get(path).status_code == 200
    # A second position elsewhere adds to what they see; losing the cleaning one takes it away.
    Position.objects.create(user=handler.user, role="handler", unit=Unit.objects.get(code="wy_engineering"))
    assert handler.api.get(path).status_code == 200
    Position.objects.filter(user=handler.user, unit__code="wy_cleaning").delete()
    assert handler.api.get(path).status_code == 404
    assert handler.desk.get(f"/desk/cases/{case['number']}/").status_code == 404
    Position.objects.create(user=handler.user, role="handler", unit=Unit.objects.get(code="wy_cleaning"))
    assert handler.api.get(path).status_code == 200
    handler.user.is_active = False
    handler.user.save(update_fields=["is_active"])
    assert handler.api.get(path).status_code == 401
    assert handler.desk.get(f"/desk/cases/{case['number']}/").status_code == 302  # back to the login page


@time_machine.travel(NOW, tick=False)
def test_a_search_snippet_does_not_show_masked_personal_data(person):
    desk = person("receptionist", "wy_customer_service")
    head = person("department_head", "wy_cleaning")
    register(desk, complainant_address="阳光花园9栋2单元1101室", content="楼道垃圾堆积")
    mine = desk.api.get("/complaints", q="阳光花园").json()["items"]
    assert "阳光花园" in mine[0]["snippet"]  # the receptionist sees it in full
    masked = head.api.get("/complaints", q="阳光花园").json()["items"]
    assert masked and "阳光花园" not in masked[0]["snippet"] and "1101" not in masked[0]["snippet"]
