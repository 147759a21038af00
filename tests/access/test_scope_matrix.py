"""Issue 6, access: the cross-department matrix; issue 14: across offices and organisations.

For every role of department A (and the administrator and auditor, who manage and audit
but do not read cases), for the customer service and the manager of the company's other
office, and for the complaint manager and the executive of another organisation, every
endpoint and desk page that takes a tracking number answers for department B's case
exactly as for a number that does not exist — same status, body and headers — and the
attempt is in the access log. Lists, searches, counts, reports and exports show nothing of
B's case, and a second case in B changes nothing they see.

The endpoints are read from the URL configuration and the OpenAPI schema, so a new one is
covered without editing this test.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access.conftest import B_CASE, Person, register
from tests.lifecycle.helpers import local
from tests.lifecycle.people import second_office
from tousu.audit.models import AccessEntry

NOW = local(2026, 11, 10, 10)
MISSING = "WY20261110-9999"
OUTSIDERS = [
    # Other departments of the same office.
    ("receptionist", "wy_engineering"),
    ("handler", "wy_engineering"),
    ("department_head", "wy_engineering"),
    # Who manage and audit the installation.
    ("administrator", "wy_office"),
    ("auditor", "wy_office"),
    # The company's other office: its customer service (P4.5.2 is per office) and manager.
    ("receptionist", "ch_customer_service"),
    ("complaint_manager", "ch_customer_service"),
    ("executive", "ch_office"),
    # Another organisation (another property company): its quality supervisor and manager.
    ("complaint_manager", "wg_customer_service"),
    ("executive", "property-rules"),
]
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def url_patterns() -> list[str]:
    """Every URL pattern of the project as one route string, e.g. 'desk/cases/<str:number>/'."""
    out: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                out.append(prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "")
    return out


def with_number(route: str, number: str, token: str) -> str:
    values = {"number": number, "token": token, "action": "note"}
    return "/" + PARAM.sub(lambda m: values.get(m.group(1), m.group(1)), route).lstrip("^").rstrip("$")


def case_routes() -> list[str]:
    """Staff URLs that name a case; the public portal (tracking number + code) is tested
    with the confidential reporter."""
    return [r for r in url_patterns() if "<number>" in r or ":number>" in r if not r.startswith("p/")]


def same_answer(client: Client, method: str, path: str, number: str, token: str, **extra: Any) -> None:
    hidden = _call(client, method, with_number(path, number, token), **extra)
    missing = _call(client, method, with_number(path, MISSING, token), **extra)
    where = f"{method} {with_number(path, number, token)}"
    assert hidden.status_code == missing.status_code, where
    assert hidden.status_code in (403, 404, 405, 422), (where, hidden.status_code)
    assert hidden.content == missing.content, where
    assert _headers(hidden) == _headers(missing), where


def _headers(response: Any) -> dict[str, str]:
    # Server-Timing carries the measured duration, different on every request; its
    # presence is compared, not the number.
    return {k: ("…" if k == "Server-Timing" else v) for k, v in response.items()}


def _call(client: Client, method: str, path: str, **extra: Any) -> Any:
    if method == "get":
        return client.get(path, **extra)
    return client.post(path, "{}", content_type="application/json", **extra)


@pytest.fixture
def b_case(person: Any) -> dict[str, Any]:
    second_office("property-office", "ch", "翠湖管理处")
    with time_machine.travel(NOW, tick=False):
        desk = person("receptionist", "wy_customer_service")
        case = register(desk)
        assert case["department"] == "wy_cleaning"
        upload = desk.api.client.post(
            f"/api/v1/complaints/{case['number']}/attachments",
            {"file": SimpleUploadedFile("photo.txt", b"stairs", content_type="text/plain")},
            **desk.api.headers,
        )
        assert upload.status_code == 201, upload.content.decode()
        return {**case, "token": upload.json()["token"], "by": desk}


def api_methods() -> dict[str, list[str]]:
    """The OpenAPI schema's operations per path, with Django's route syntax."""
    from tousu.api.api import api

    paths = api.get_openapi_schema(path_prefix="api/v1")["paths"]
    return {
        re.sub(r"\{(\w+)\}", r"<\1>", path): [m for m in ops if m in ("get", "post")] for path, ops in paths.items()
    }


def test_a_case_of_another_department_answers_like_a_missing_one_everywhere(person, b_case):
    number, token = b_case["number"], b_case["token"]
    routes = case_routes()
    methods = api_methods()
    assert any(r.startswith("api/v1/") for r in routes) and any(r.startswith("desk/") for r in routes)
    for role, department in OUTSIDERS:
        outsider = person(role, department)
        with time_machine.travel(NOW, tick=False):
            for route in routes:
                if route.startswith("api/v1/"):
                    for method in methods.get(re.sub(r"<\w+:(\w+)>", r"<\1>", route), ["get", "post"]):
                        same_answer(outsider.api.client, method, route, number, token, **outsider.api.headers)
                else:
                    for method in ("get", "post"):
                        same_answer(outsider.desk, method, route, number, token)
        denied = AccessEntry.objects.filter(username=outsider.username, action="denied", number=number)
        assert denied.exists(), role
        assert not AccessEntry.objects.filter(username=outsider.username, number=MISSING).exists()


def _visible_text(outsider: Person, month: str) -> dict[str, bytes]:
    """What the outsider can reach without naming a case: lists, searches, counts,
    reports and exports, through the API and the desk."""
    out: dict[str, bytes] = {}
    api, desk = outsider.api, outsider.desk
    api_lists = {
        "/complaints": {},
        "/complaints?q=垃圾堆积": {},
        "/complaints?phone=" + B_CASE["complainant_phone"]: {},
        "/complaints?department=wy_cleaning": {},
        "/complaints?ordering=due": {},
        "/reports/statistics": {"period": month},
        "/reports/documents/case_register/csv": {"period": month},
        "/reports/documents/customer_summary/csv": {"period": month},
        "/notifications": {},
        "/notifications/unread-count": {},
    }
    for path, params in api_lists.items():
        out["api " + path] = api.get(path, **params).content
    out["api similar"] = api.post("/search/similar", {"content": B_CASE["content"]}).content
    pages = [r for r in url_patterns() if r.startswith("desk/") and "<" not in r]
    for route in pages:
        path = "/" + route
        out["desk " + path] = desk.get(path, {"period": month, "q": "垃圾堆积"}).content
    out["desk caller"] = desk.get("/desk/register/caller/", {"complainant_phone": B_CASE["complainant_phone"]}).content
    for section in ("mine", "queue"):
        out["desk rows " + section] = desk.get(f"/desk/rows/{section}/").content
    out["desk drill"] = desk.get(
        "/desk/reports/cases/", {"period": month, "dimension": "category", "value": "cleaning"}
    ).content
    return out


def test_lists_searches_counts_reports_and_exports_show_nothing_of_another_department(person, b_case):
    outsiders = [person(role, department) for role, department in OUTSIDERS]
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        before = {(o.username, w): body for o in outsiders for w, body in _visible_text(o, "2026-11").items()}
        for where, body in before.items():
            text = body.decode("utf-8", "replace")
            secrets = [b_case["number"], B_CASE["content"], "欧阳"]
            if "caller" not in where[1] and "phone=" not in where[1]:  # those echo the phone asked about
                secrets.append(B_CASE["complainant_phone"])
            for secret in secrets:
                assert secret not in text, (where, secret)
        # Counts and figures: a second case in B changes nothing A sees.
        register(b_case["by"], content="九号楼电梯厅地面油污很滑")
        after = {(o.username, w): body for o in outsiders for w, body in _visible_text(o, "2026-11").items()}
    # Not lists of cases: the registration form (a new random submission key each time) and
    # the access log (it records the exports just made).
    unlisted = {"desk /desk/register/", "desk /desk/audit/"}
    changed = [k for k in before if k[1] not in unlisted and _stable(before[k]) != _stable(after[k])]
    assert changed == []


def _stable(body: bytes) -> bytes:
    # The CSRF token in a desk form is new on every page.
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)
    return re.sub(rb'"X-CSRFToken": "[^"]+"', b"", body)


def test_the_department_concerned_and_the_receiver_do_see_it(person, b_case):
    """The matrix would pass if nobody saw anything: the rule's other side."""
    cleaning = person("handler", "wy_cleaning")
    head = person("department_head", "wy_cleaning")
    with time_machine.travel(NOW, tick=False):
        office = [person("executive", "wy_office"), person("complaint_manager", "wy_customer_service")]
        company = person("executive", "property-office")  # the company's root: both offices
        for who in (cleaning, head, b_case["by"], *office, company):
            assert who.api.get(f"/complaints/{b_case['number']}").status_code == 200, who.username
            assert who.desk.get(f"/desk/cases/{b_case['number']}/").status_code == 200, who.username
            listed = who.api.get("/complaints").json()["items"]
            assert b_case["number"] in [row["number"] for row in listed]
