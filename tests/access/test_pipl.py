"""PIPL duties (issue 6): one person's data exported or anonymised on request, and personal
data anonymised N years after closing, per policy, with the statistics still counting."""

from __future__ import annotations

import dataclasses
import io
import json

import time_machine
from django.core.management import call_command

from tests.access.conftest import B_CASE, register
from tests.lifecycle.helpers import local
from tousu.audit import pipl
from tousu.audit.models import AccessEntry
from tousu.cases.models import Complaint, Event
from tousu.policies.registry import current_version_id, spec_of_version
from tousu.reports import period
from tousu.reports.monthly import monthly_statistics
from tousu.reports.scope import Scope


def test_every_preset_sets_a_retention_period(setup_data):
    from tousu.policies.models import Policy

    for name in Policy.objects.values_list("name", flat=True):
        assert spec_of_version(current_version_id(name)).retention.anonymise_after_years, name


def test_one_persons_data_is_exported_and_anonymised_on_request(person):
    with time_machine.travel(local(2026, 11, 10, 10), tick=False):
        desk = person("receptionist", "wy_customer_service")
        first = register(desk)
        register(desk, content="九号楼垃圾又没清", complainant_name="欧阳秀英")
        other = register(desk, complainant_phone="13700000001", complainant_name="李四")
        out = io.StringIO()
        call_command("pipl", "export", "--phone", B_CASE["complainant_phone"], stdout=out)
        exported = json.loads(out.getvalue())
        assert len(exported) == 2 and {r["complainant_name"] for r in exported} == {"欧阳秀英"}
        assert AccessEntry.objects.filter(action="pipl_export").count() == 2

        out = io.StringIO()
        call_command(
            "pipl",
            "anonymise",
            "--phone",
            B_CASE["complainant_phone"],
            "--reason",
            "本人来函要求删除 2026-11-10",
            stdout=out,
        )
        assert "anonymised 2 case(s)" in out.getvalue()
        case = Complaint.objects.get(number=first["number"])
        assert (case.complainant_name, case.complainant_phone, case.complainant_unit) == ("", "", "")
        assert case.category == "cleaning" and case.department.code == "wy_cleaning"  # statistics keep it
        assert Event.objects.filter(complaint=case, action="anonymise").exists()
        assert Complaint.objects.get(number=other["number"]).complainant_name == "李四"
        # Search no longer finds the person; the timeline chain still verifies.
        assert desk.api.get("/complaints", q=B_CASE["complainant_phone"]).json()["items"] == []
        call_command("audit", "verify", stdout=io.StringIO())


def test_closed_cases_past_the_retention_period_are_anonymised_and_still_counted(person):
    desk = person("receptionist", "wy_customer_service")
    with time_machine.travel(local(2022, 3, 1, 10), tick=False):
        old = register(desk)
        recent = register(desk, complainant_name="张三", complainant_phone="13700000002")
        for number in (old["number"], recent["number"]):
            desk.api.act(number, "withdraw", reason="业主撤回")
    Complaint.objects.filter(number=recent["number"]).update(closed_at=local(2025, 6, 1))
    scope = Scope(period=period.parse("2022-03"), policy="property-office")
    before = monthly_statistics(scope)
    with time_machine.travel(local(2026, 11, 10, 3), tick=False):
        assert pipl.anonymise_expired() == 1  # three years after closing (the preset's value)
        assert Complaint.objects.get(number=old["number"]).complainant_phone == ""
        assert Complaint.objects.get(number=recent["number"]).complainant_phone == "13700000002"
        assert pipl.anonymise_expired() == 0
    after = monthly_statistics(Scope(period=period.parse("2022-03"), policy="property-office", as_of=scope.as_of))
    # Everything but the repeat figures, which are made of the personal data itself (the
    # same phone or unit) and rightly forget an anonymised case.
    assert dataclasses.replace(after, repeats=before.repeats) == before


def test_the_admin_page_anonymises_one_persons_data_with_the_reason_logged(person, admin_client):
    with time_machine.travel(local(2026, 11, 10, 10), tick=False):
        desk = person("receptionist", "wy_customer_service")
        case = register(desk)
        exported = admin_client.post(
            "/admin/audit/accessentry/pipl/",
            {"phone": B_CASE["complainant_phone"], "reason": "本人申请查阅", "what": "export"},
        )
        assert exported["Content-Disposition"].startswith("attachment")
        assert json.loads(exported.content)[0]["complainant_name"] == B_CASE["complainant_name"]
        done = admin_client.post(
            "/admin/audit/accessentry/pipl/",
            {"phone": B_CASE["complainant_phone"], "reason": "本人申请删除", "what": "anonymise"},
        )
        assert done.status_code == 200
        assert Complaint.objects.get(number=case["number"]).complainant_phone == ""
        assert AccessEntry.objects.filter(action="anonymise", reason="本人申请删除").count() == 1
