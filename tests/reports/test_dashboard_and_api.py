"""The reports in the web desk (dashboard, drill-down from a bar to its cases, the R03
analysis sections) and through the API and the command line, on the hand-built October."""

import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from tousu.org.models import ApiToken

QUERY = {"period": "2026-10", "policy": "property-office"}


def login(username):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_dashboard_shows_the_figures_and_serves_its_chart_library_locally(october):
    response = login("m_office").get("/desk/reports/", QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "月投诉统计表（KH-07-R02）" in page
    assert "71.4%" in page and "57.1%" in page and "75.0%" in page and "80.0%" in page
    data = response.context["data"]
    assert data["outcomes"]["received"] == 8
    assert data["departments"][0]["code"] == "wy_cleaning"
    # ECharts comes from the product's own static files, never from a CDN.
    assert "/static/reports/echarts-6.1.0.common.min.js" in page
    assert "https://" not in page.split("<main")[1]
    assert (
        Path(settings.BASE_DIR) / "tousu/reports/static/reports/echarts-6.1.0.common.min.js"
    ).stat().st_size > 500_000
    assert 'href="/desk/reports/"' in page  # the desk's menu links here


def test_drill_down_from_a_bar_lists_exactly_its_cases(october):
    client = login("m_office")
    response = client.get("/desk/reports/cases/", {**QUERY, "dimension": "category", "value": "elevator"})
    assert response.status_code == 200
    numbers = [r["number"] for r in response.context["section"]["rows"]]
    assert sorted(numbers) == sorted([october["A"].number, october["G"].number])  # N is November's
    resolved = client.get("/desk/reports/cases/", {**QUERY, "dimension": "outcome", "value": "resolved"})
    assert {r["number"] for r in resolved.context["section"]["rows"]} == {october[k].number for k in "ABCH"}
    department = client.get("/desk/reports/cases/", {**QUERY, "dimension": "department", "value": "wy_security"})
    assert {r["number"] for r in department.context["section"]["rows"]} == {october[k].number for k in "EH"}
    month = client.get("/desk/reports/cases/", {**QUERY, "dimension": "month", "value": "2026-09"})
    assert month.context["count"] == 4
    # Only allow-listed dimensions reach the database.
    assert (
        client.get("/desk/reports/cases/", {**QUERY, "dimension": "complainant_phone", "value": "1"}).status_code == 400
    )


def test_reports_are_for_heads_and_managers_and_a_head_sees_only_their_department(october):
    assert login("r_kefu").get("/desk/reports/", QUERY).status_code == 403
    head = login("h_eng").get("/desk/reports/", QUERY)
    assert head.status_code == 200
    assert head.context["data"]["outcomes"]["received"] == 3  # engineering: A, B, G
    # Another department is not even offered to the head; asked for anyway, it is refused.
    assert login("h_eng").get("/desk/reports/", {**QUERY, "department": "wy_cleaning"}).status_code == 400


def test_the_analysis_is_written_in_the_desk_and_kept_with_the_report(october):
    client = login("m_office")
    body = {**QUERY, "department": "", "version": "0", "analysis": "电梯投诉集中。", "proposals": "加强维保。"}
    response = client.post("/desk/reports/analysis/", body)
    assert response.status_code == 302
    page = client.get("/desk/reports/", QUERY).content.decode()
    assert "电梯投诉集中。" in page
    # A second save from a page that still shows version 0 would overwrite it: refused.
    stale = client.post("/desk/reports/analysis/", {**body, "analysis": "旧版本"}, follow=True)
    assert "其他人刚刚保存了这份分析" in stale.content.decode()
    workbook = client.get("/desk/reports/download/monthly_analysis/docx/", QUERY)
    assert workbook.status_code == 200
    assert workbook["Content-Disposition"] == 'attachment; filename="monthly_analysis-property-office-2026-10.docx"'


@pytest.fixture
def api(october):
    user = get_user_model().objects.get(username="m_office")
    _, raw = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_api_statistics_with_numerators_and_denominators(api):
    data = api.get("/api/v1/reports/statistics", QUERY).json()
    assert data["rates"]["response"] == {"numerator": 5, "denominator": 7, "value": 5 / 7}
    assert data["rates"]["callback"]["value"] == 0.8
    assert data["repeats"]["top_complainants"] == [{"phone": "138****0001", "cases": 2}]
    assert api.get("/api/v1/reports/statistics", {"period": "2026-13"}).json()["code"] == "invalid_input"


def test_api_documents_and_analysis(api):
    made = api.get("/api/v1/reports/documents/monthly_statistics/xlsx", QUERY)
    assert made.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(made.content))["概览"]["B4"].value == 8
    wrong = api.get("/api/v1/reports/documents/monthly_statistics/pdf", QUERY)
    assert wrong.status_code == 422 and "xlsx, csv" in wrong.json()["message"]
    saved = api.put(
        "/api/v1/reports/analysis",
        json.dumps({**QUERY, "analysis": "分析", "version": 0}),
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["version"] == 1
    conflict = api.put(
        "/api/v1/reports/analysis",
        json.dumps({**QUERY, "analysis": "x", "version": 0}),
        content_type="application/json",
    )
    assert conflict.status_code == 409
    assert api.get("/api/v1/reports/analysis", QUERY).json()["analysis"] == "分析"


def test_command_line_monthly_report(october, tmp_path):
    call_command(
        "report",
        "monthly",
        "--month",
        "2026-10",
        "--policy",
        "property-office",
        "--format",
        "xlsx",
        "--output",
        str(tmp_path),
    )
    path = tmp_path / "monthly_statistics-property-office-2026-10.xlsx"
    assert openpyxl.load_workbook(path)["概览"]["B4"].value == 8
    call_command(
        "report",
        "register",
        "--period",
        "2026-10-01..2026-10-15",
        "--policy",
        "property-office",
        "--format",
        "csv",
        "--output",
        str(tmp_path),
    )
    rows = (tmp_path / "case_register-property-office-2026-10-01_2026-10-15.csv").read_text("utf-8-sig")
    assert rows.count("WY202610") == 4  # A, B, C, D
    with pytest.raises(CommandError, match="2026-10"):
        call_command("report", "monthly", "--month", "October", "--format", "xlsx")
