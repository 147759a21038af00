"""Who reads what by Open311 (P2.11): without a key only the policies that declare their
cases public are listed, never a report, and the public is rate-limited like the
portal's lookup; a key holder reads within the scope of their positions, and a
confidential reporter is never in what Open311 sends."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from tousu.cases.models import Complaint

from .conftest import api_key

pytestmark = pytest.mark.django_db
LIST = "/open311/v2/requests.json"
START = dt.datetime(2026, 5, 11, 9, 0, tzinfo=dt.UTC)

REPORTER, PHONE = "甄秘密", "13912345678"
REPORT = {
    "policy": "special-equipment",
    "channel": "hotline",
    "kind": "report",
    "complainant_name": REPORTER,
    "complainant_phone": PHONE,
    "category": "elevator",
    "equipment_type": "elevator",
    "content": f"我是{REPORTER}，电话{PHONE}。商场扶梯维保记录造假。",
    "location": "龙湖区某商场",
}
COMPLAINT = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": "王芳",
    "complainant_phone": "13800001234",
    "complainant_unit": "3栋1单元502",
    "category": "elevator",
    "content": "3栋电梯停在8楼不动。",
}


def registered(api: Any, case: dict[str, Any]) -> str:
    answer = api.post("/complaints", case)
    assert answer.status_code == 201, answer.content.decode()
    return str(answer.json()["number"])


def public(params: dict[str, str], path: str = LIST, address: str = "198.51.100.7") -> Any:
    return Client(REMOTE_ADDR=address).get(path, params)


def test_the_public_lists_only_the_policies_that_say_so_and_never_a_report(staff: Any) -> None:
    report = registered(staff("receptionist", "ts_supervision"), REPORT)
    complaint = registered(staff("receptionist", "wy_customer_service"), COMPLAINT)

    # property-office declares public_listing: its complaints, status only.
    [row] = public({"jurisdiction_id": "property-office"}).json()
    assert (row["service_request_id"], row["description"], row["address"]) == (complaint, None, None)

    # special-equipment does not: without a key it answers exactly as an unknown
    # jurisdiction, for the list and for one request, whatever is asked.
    unknown = public({"jurisdiction_id": "no-such-policy"})
    assert unknown.status_code == 404
    for params, path in [
        ({"jurisdiction_id": "special-equipment"}, LIST),
        ({"jurisdiction_id": "special-equipment", "service_request_id": report}, LIST),
        ({"jurisdiction_id": "special-equipment"}, f"/open311/v2/requests/{report}.json"),
    ]:
        answer = public(params, path)
        assert (answer.status_code, answer.content) == (404, unknown.content)

    # Even in a listed policy a report is never shown publicly (P2.11).
    Complaint.objects.filter(number=complaint).update(kind="report")
    assert public({"jurisdiction_id": "property-office"}).json() == []
    by_number = public({"jurisdiction_id": "property-office"}, f"/open311/v2/requests/{complaint}.json")
    assert by_number.status_code == 404


def test_the_public_listing_is_rate_limited_with_429_and_retry_after(setup_data: None, settings: Any) -> None:
    settings.TOUSU_PUBLIC_PER_ADDRESS = 3
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(3):
            assert public({"jurisdiction_id": "property-office"}).status_code == 200
        refused = public({"jurisdiction_id": "property-office"})
        assert refused.status_code == 429
        assert 0 < int(refused["Retry-After"]) <= settings.TOUSU_PUBLIC_WINDOW_SECONDS
        assert refused.json()[0]["code"] == 429 and "请求过于频繁" in refused.json()[0]["description"]
        # An unlisted jurisdiction counts the same: it cannot be told apart by the limit.
        assert public({"jurisdiction_id": "special-equipment"}).status_code == 429
        assert public({"jurisdiction_id": "property-office"}, address="198.51.100.8").status_code == 200
        clock.shift(dt.timedelta(seconds=settings.TOUSU_PUBLIC_WINDOW_SECONDS))
        assert public({"jurisdiction_id": "property-office"}).status_code == 200


def test_a_key_holder_reads_within_the_scope_of_their_positions_never_the_reporter(staff: Any) -> None:
    report = registered(staff("receptionist", "ts_supervision"), REPORT)
    section = staff("department_head", "ts_special")  # the report is routed to his section (P2.4)
    boiler = staff("handler", "ts_boiler")
    estate = staff("complaint_manager", "wy_customer_service")

    def listed(holder: Any, jurisdiction: str = "special-equipment") -> list[dict[str, Any]]:
        answer = public({"jurisdiction_id": jurisdiction, "api_key": api_key(holder)})
        assert answer.status_code == 200, answer.content.decode()
        return list(answer.json())

    [row] = listed(section)
    assert row["service_request_id"] == report
    # He reads what was reported and where, but the reporter is cut out of it (P2.11).
    assert "商场扶梯维保记录造假" in row["description"] and row["address"] == "龙湖区某商场"
    assert REPORTER not in row["description"] and PHONE not in row["description"]
    assert "139****5678" not in row["description"]
    # Another section's handler and another organisation's manager read nothing of it.
    assert listed(boiler) == []
    assert listed(estate) == []
    one = public(
        {"jurisdiction_id": "special-equipment", "api_key": api_key(boiler)}, f"/open311/v2/requests/{report}.json"
    )
    assert one.status_code == 404
