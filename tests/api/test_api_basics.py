"""The API's contract: authentication, JSON errors with per-field details, filters,
keyset pagination, attachments, the public status page, the OpenAPI schema."""

import io

import time_machine

from tests.conftest import Api
from tests.lifecycle.helpers import local

CASE = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": "赵敏",
    "complainant_phone": "13912345678",
    "complainant_unit": "5栋2单元1103",
    "category": "cleaning",
    "content": "楼道垃圾三天没人清运，气味很大。",
}


def register(api: Api, **overrides):
    response = api.post("/complaints", {**CASE, **overrides})
    assert response.status_code == 201, response.content.decode()
    return response.json()


def test_requests_without_a_valid_token_are_refused(setup_data):
    anonymous = Api(None)
    response = anonymous.get("/complaints")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert Api("not-a-token").get("/complaints").status_code == 401


def test_invalid_input_names_each_field(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    response = receptionist.post("/complaints", {"policy": "property-office", "channel": "pigeon", "content": ""})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert set(body["details"]) >= {"channel", "content"}


def test_policy_required_fields_are_enforced_p4_5_1(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    response = receptionist.post(
        "/complaints", {"policy": "property-office", "channel": "phone", "content": "电梯坏了"}
    )
    assert response.status_code == 422
    details = response.json()["details"]
    assert {"complainant_name", "complainant_phone", "complainant_unit", "category"} <= set(details)


def test_vocabulary_comes_from_the_policy(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    response = receptionist.post("/complaints", {**CASE, "channel": "hotline", "category": "boiler"})
    assert response.status_code == 422
    assert {"channel", "category"} <= set(response.json()["details"])
    unknown = receptionist.post("/complaints", {**CASE, "policy": "no-such-policy"})
    assert unknown.status_code == 422
    assert "policy" in unknown.json()["details"]


def test_error_messages_follow_the_request_language(staff):
    english = staff("receptionist", "wy_customer_service", language="en")
    chinese = staff("receptionist", "wy_customer_service", language="zh-hans")
    assert english.get("/complaints/WY00000000-0000").json()["message"] == "No case with this tracking number."
    assert chinese.get("/complaints/WY00000000-0000").json()["message"] == "没有这个受理编号的案件。"


def test_stale_version_is_a_conflict_and_nothing_is_lost(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    case = register(receptionist)
    first = receptionist.act(case["number"], "note", note="第一条备注", version=case["version"])
    assert first["complaint"]["version"] == case["version"] + 1
    response = receptionist.post(
        f"/complaints/{case['number']}/note", {"note": "基于旧版本的备注", "version": case["version"]}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    detail = receptionist.get(f"/complaints/{case['number']}").json()
    assert [e["note"] for e in detail["timeline"] if e["action"] == "note"] == ["第一条备注"]


def test_a_refused_action_says_why(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    case = register(receptionist)
    response = receptionist.post(f"/complaints/{case['number']}/resolve", {"outcome": "repair", "summary": "x"})
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_state"
    # P4 has no screening step: the policy switches it off.
    response = receptionist.post(f"/complaints/{case['number']}/screen", {"decision": "in_scope"})
    assert response.status_code == 409
    assert response.json()["code"] == "step_off"


def test_list_filters_and_keyset_pagination(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    with time_machine.travel(local(2026, 11, 2, 9), tick=False):
        numbers = [register(receptionist, complainant_phone=f"1380000{i:04d}")["number"] for i in range(7)]
        register(receptionist, category="elevator", content="电梯异响")
    seen = []
    cursor = None
    while True:
        params = {"limit": 3, "category": "cleaning"}
        if cursor:
            params["cursor"] = cursor
        page = receptionist.get("/complaints", **params).json()
        seen += [item["number"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(numbers)
    assert len(seen) == len(set(seen))
    by_phone = receptionist.get("/complaints", phone="13800000003").json()["items"]
    assert [c["number"] for c in by_phone] == [numbers[3]]
    assert receptionist.get("/complaints", department="wy_engineering").json()["items"][0]["category"] == "elevator"
    text = receptionist.get("/complaints", q="异响").json()["items"]
    assert len(text) == 1
    with time_machine.travel(local(2026, 11, 20, 9), tick=False):
        overdue = receptionist.get("/complaints", overdue="true", ordering="due", limit=100).json()["items"]
        assert len(overdue) == 8
        assert all(item["overdue"] for item in overdue)
        dues = [item["next_due_at"] for item in overdue]
        assert dues == sorted(dues)
    assert receptionist.get("/complaints", received_after="2026-11-03T00:00:00+08:00").json()["items"] == []
    assert receptionist.get("/complaints", cursor="garbage").status_code == 422


def test_attachments_are_size_limited_and_downloadable(staff, settings):
    settings.TOUSU_ATTACHMENT_MAX_BYTES = 1000
    receptionist = staff("receptionist", "wy_customer_service")
    case = register(receptionist)
    url = f"/api/v1/complaints/{case['number']}/attachments"
    photo = io.BytesIO(b"\x89PNG\r\n" + b"x" * 100)
    photo.name = "楼道.png"
    response = receptionist.client.post(url, {"file": photo}, **receptionist.headers)
    assert response.status_code == 201, response.content.decode()
    download = receptionist.client.get(response.json()["url"], **receptionist.headers)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
    big = io.BytesIO(b"x" * 2000)
    big.name = "big.jpg"
    response = receptionist.client.post(url, {"file": big}, **receptionist.headers)
    assert response.status_code == 422
    assert "file" in response.json()["details"]


def test_public_status_needs_the_code_and_shows_nothing_personal(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    case = register(receptionist)
    public = Api(None)
    ok = public.get("/public/status", number=case["number"], code=case["verification_code"])
    assert ok.status_code == 200
    assert ok.json()["state"] == "registered"
    for value in (CASE["complainant_name"], CASE["complainant_phone"], CASE["complainant_unit"], CASE["content"]):
        assert value not in ok.content.decode()
    wrong = public.get(
        "/public/status", number=case["number"], code="000000" if case["verification_code"] != "000000" else "111111"
    )
    unknown = public.get("/public/status", number="WY20990101-9999", code="123456")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_openapi_schema_lists_every_action(setup_data):
    schema = Api(None).get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for action in (
        "screen",
        "verify",
        "assign",
        "reply",
        "extend",
        "set_aside",
        "callback",
        "reopen",
        "close",
        "merge",
    ):
        assert f"/api/v1/complaints/{{number}}/{action}" in paths
    docs = Api(None).client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content


def test_reference_endpoints(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    names = [p["name"] for p in receptionist.get("/policies").json()]
    assert "property-office" in names
    detail = receptionist.get("/policies/property-office").json()
    assert detail["spec"]["tracking_prefix"] == "WY"
    assert any(d["code"] == "wy_engineering" for d in receptionist.get("/departments").json())
    assert any(s["username"] == receptionist.username for s in receptionist.get("/staff").json())
    year = receptionist.get("/calendar/2026").json()
    assert year["official"] is True
    assert {"date": "2026-02-14", "is_workday": True}.items() <= {
        **next(d for d in year["days"] if d["date"] == "2026-02-14")
    }.items()
    assert receptionist.get("/calendar/2031").json()["official"] is False
