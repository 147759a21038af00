"""Open311 GeoReport v2 at /open311/v2/, driven by published Open311 clients from PyPI
(not our code): civicbot's Open311Client (JSON, and the only maintained Python client
that can file a request) and georeport (read-only, here in XML), against the real
server on loopback. A civic app files a property-office complaint (P4.4.1 online
channel) and follows it until it is closed."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from civicbot.http import HttpError, HttpTransport, RateLimiter
from civicbot.open311 import Open311Client
from civicbot.registry import Endpoint
from django.contrib.auth.models import User
from django.db import connections
from georeport import GeoReport

from tousu.cases.actions import perform
from tousu.cases.models import Complaint, Event

pytestmark = pytest.mark.django_db(transaction=True)

JURISDICTION = "property-office"


@pytest.fixture
def base(live_server: Any, setup_data: None, monkeypatch: pytest.MonkeyPatch) -> str:
    # The live server's request threads open their own connections; persistent ones
    # (CONN_MAX_AGE) would outlive the test and keep PostgreSQL from dropping the test
    # database. The settings dict is shared by every thread's connection.
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    return f"{live_server.url}/open311/v2"


@pytest.fixture
def client(base: str) -> Open311Client:
    endpoint = Endpoint(id="tousu", name="Tousu", base_url=base, write=True)
    # No politeness delay against our own loopback server.
    transport = HttpTransport(rate_limiter=RateLimiter(min_interval=0.0))
    return Open311Client(endpoint, transport, jurisdiction_id=JURISDICTION)


@pytest.fixture
def api_key(staff: Any) -> str:
    """An app of the estate's web forum, with the token of a customer-service account."""
    app = staff("receptionist", "wy_customer_service")
    return str(app.headers["HTTP_AUTHORIZATION"].removeprefix("Bearer "))


def test_an_app_lists_services_files_a_request_and_reads_it_back(
    client: Open311Client, api_key: str, staff: Any
) -> None:
    services = {s["service_code"]: s for s in client.list_services()}
    # The policy's categories (P4.4.2), subcategories grouped under their parent.
    assert services["elevator"]["service_name"] == "电梯故障"
    assert services["elevator"]["group"] == services["equipment"]["service_name"]
    assert services["elevator"]["type"] == "realtime" and services["elevator"]["metadata"] is True
    definition = client.get_service_definition("elevator")
    # The property office's form needs the unit number (P5.1-style registration): an attribute.
    unit = next(a for a in definition["attributes"] if a["code"] == "complainant_unit")
    assert unit["required"] is True and unit["datatype"] == "string"

    filed = client.create_request(
        "elevator",
        dry_run=False,
        confirm="SEND",
        api_key=api_key,
        validate_remote=True,  # the client checks the form against our service definition
        lat=23.354,
        lng=116.682,
        address_string="金湾花园3栋电梯厅",
        description="3栋电梯困人二十分钟，按警铃无人应答。",
        first_name="小红",
        last_name="林",
        phone="13800138000",
        email="lin@example.cn",
        attributes={"complainant_unit": "3栋1单元1203"},
    )

    [answer] = filed.response
    number = answer["service_request_id"]
    case = Complaint.objects.get(number=number)
    assert (case.channel, case.category, case.complainant_name, case.complainant_unit) == (
        "api",
        "elevator",
        "林小红",
        "3栋1单元1203",
    )
    assert case.location == "金湾花园3栋电梯厅" and case.extra["lat"] == "23.354"
    assert case.verification_code in answer["service_notice"]

    read = client.get_request(number)
    assert read is not None
    assert (read["service_request_id"], read["service_code"], read["status"]) == (number, "elevator", "open")
    assert read["agency_responsible"] == case.department.name
    # Without an api_key nobody reads what the complainant wrote or where (P2.11).
    assert read["description"] is None and read["lat"] is None
    # With the app's api_key the request reads in full.
    keyed = requests.get(
        f"{client.endpoint.base_url}/requests/{number}.json",
        params={"jurisdiction_id": JURISDICTION, "api_key": api_key},
        timeout=30,
    ).json()[0]
    assert keyed["description"] == case.content and (keyed["lat"], keyed["long"]) == (23.354, 116.682)
    assert keyed["address"] == "金湾花园3栋电梯厅"
    # A key whose holder's scope does not take the case in (another department) reads
    # only what everyone reads: the same access rule as the desk and the API.
    cleaning = staff("handler", "wy_cleaning").headers["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    for path in (f"requests/{number}.json", "requests.json"):
        other = requests.get(
            f"{client.endpoint.base_url}/{path}",
            params={"jurisdiction_id": JURISDICTION, "api_key": cleaning},
            timeout=30,
        ).json()
        assert [(r["service_request_id"], r["description"], r["address"]) for r in other] == [(number, None, None)]
    listed = client.list_requests(service_request_ids=[number])
    assert [r["service_request_id"] for r in listed] == [number]
    assert [r["service_request_id"] for r in client.list_requests(service_code="elevator", status="open")] == [number]
    assert client.list_requests(status="closed") == []


def test_the_same_request_reads_in_xml_and_closes(base: str, client: Open311Client, api_key: str, staff: Any) -> None:
    filed = client.create_request(
        "cleaning",
        dry_run=False,
        confirm="SEND",
        api_key=api_key,
        address_string="5栋楼道",
        description="5栋楼道垃圾三天没人清理。",
        first_name="Wei",
        last_name="Zhang",
        phone="13900139000",
        attributes={"complainant_unit": "5栋2单元301"},
    )
    number = filed.response[0]["service_request_id"]
    xml = GeoReport(base, jurisdiction=JURISDICTION, output_format="xml")

    services = xml.get_service_list()
    assert "cleaning" in [s["service_code"] for s in services]
    request = xml.get_service_request(number)
    assert (request["service_request_id"], request["status"], request["service_code"]) == (number, "open", "cleaning")

    # The complainant withdraws: the request is closed for every client.
    case = Complaint.objects.get(number=number)
    manager = staff("complaint_manager", "wy_customer_service")
    perform(case, "withdraw", {"reason": "已自行解决"}, actor=User.objects.get(username=manager.username))
    assert xml.get_service_request(number)["status"] == "closed"
    assert Event.objects.filter(complaint=case, action="withdraw").exists()


def test_errors_are_a_list_of_code_and_description(base: str, client: Open311Client) -> None:
    with pytest.raises(HttpError) as refused:
        client.create_request(
            "elevator", dry_run=False, confirm="SEND", api_key="ts_not-a-key", address_string="x", description="x"
        )
    assert refused.value.status == 403
    as_json = requests.post(
        f"{base}/requests.json", data={"jurisdiction_id": JURISDICTION, "service_code": "x"}, timeout=30
    )
    assert as_json.status_code == 403
    [problem] = as_json.json()
    # In the user's language: Simplified Chinese unless the client asks for English.
    assert problem == {"code": 403, "description": "未提供 api_key 或 api_key 无效"}
    english = requests.post(
        f"{base}/requests.json", data={"jurisdiction_id": JURISDICTION}, headers={"Accept-Language": "en"}, timeout=30
    )
    assert english.json() == [{"code": 403, "description": "api_key was not provided or is not valid"}]
    missing = requests.get(f"{base}/requests/WY20990101-0001.xml", params={"jurisdiction_id": JURISDICTION}, timeout=30)
    assert missing.status_code == 404
    assert missing.text.startswith('<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code>')
    unknown = requests.get(f"{base}/services.json", timeout=30)  # no jurisdiction_id and no default
    assert unknown.status_code == 400 and unknown.json()[0]["code"] == 400
