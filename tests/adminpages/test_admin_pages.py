"""Administration pages: policies (versions, YAML, the moves of the state diagram, import
with located errors), units, staff and roles, the working-day calendar year grid."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.policies.organisations import sunshine
from tousu.org.management.commands.user import add_user
from tousu.policies.loader import PRESETS_DIR
from tousu.policies.models import Policy, PolicyVersion


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="application/x-yaml")


def test_the_admin_is_styled_by_the_products_own_stylesheet(admin_client_zh):
    body = admin_client_zh.get("/admin/").content.decode()
    assert "/static/adminpages/admin.css" in body
    assert "投诉受理平台管理" in body
    # Nothing is loaded from outside the product: no external scripts, images or stylesheets.
    assert not re.findall(r'src="https?://|<link[^>]+href="https?://', body)


def test_a_policy_lists_its_versions_and_a_version_shows_its_yaml_and_moves(admin_client_zh):
    policy = Policy.objects.get(name="property-office")
    page = admin_client_zh.get(f"/admin/policies/policy/{policy.pk}/change/")
    assert page.status_code == 200
    assert f"/admin/policies/policyversion/{policy.current_id}/change/" in page.content.decode()

    version = admin_client_zh.get(f"/admin/policies/policyversion/{policy.current_id}/change/")
    body = version.content.decode()
    assert "name: property-office" in body  # the YAML source, as loaded
    moves = body[body.index('id="moves-table"') : body.index("</table>", body.index('id="moves-table"'))]
    # P4.5.3 sign-off is switched on for this policy; P2.8 screening is not.
    assert "<code>sign_off</code>" in moves and "P4.5.3" in moves
    assert "<code>callback</code>" in moves and "P4.9" in moves
    assert "<code>screen</code>" not in moves
    assert "stateDiagram-v2" in body  # the Mermaid text, for those who draw it elsewhere

    special = Policy.objects.get(name="special-equipment")
    body = admin_client_zh.get(f"/admin/policies/policyversion/{special.current_id}/change/").content.decode()
    assert "out_of_scope → 已转介" in body  # P2.8 referral outcome


def test_importing_a_broken_policy_names_file_line_and_field_and_stores_nothing(admin_client_zh):
    source = (PRESETS_DIR / "property-office.yaml").read_text(encoding="utf-8")
    broken = source.replace("tracking_prefix: WY", "tracking_prefix: wy1")
    line = next(i for i, text in enumerate(broken.splitlines(), start=1) if text.startswith("tracking_prefix"))
    before = PolicyVersion.objects.count()
    response = admin_client_zh.post(
        "/admin/policies/policy/import/", {"file": upload("office.yaml", broken), "action": "import"}
    )
    assert response.status_code == 200
    problems = re.findall(r"<li>(office\.yaml:\d+: [^<]*)</li>", response.content.decode())
    assert problems and problems[0].startswith(f"office.yaml:{line}: tracking_prefix:")
    assert PolicyVersion.objects.count() == before


def test_validating_then_importing_a_policy_file_stores_the_next_version(admin_client_zh):
    source = (PRESETS_DIR / "property-office.yaml").read_text(encoding="utf-8")
    changed = source.replace(
        "duration: {amount: 3, unit: calendar_days}", "duration: {amount: 2, unit: calendar_days}", 1
    )
    assert changed != source
    checked = admin_client_zh.post(
        "/admin/policies/policy/import/", {"file": upload("office.yaml", changed), "action": "validate"}
    )
    assert 'id="policy-valid"' in checked.content.decode()
    assert Policy.objects.get(name="property-office").current.number == 1

    stored = admin_client_zh.post(
        "/admin/policies/policy/import/", {"file": upload("office.yaml", changed), "action": "import"}
    )
    policy = Policy.objects.get(name="property-office")
    assert policy.current.number == 2
    assert policy.current.source == changed
    assert stored.status_code == 302
    assert stored["Location"] == f"/admin/policies/policyversion/{policy.current_id}/change/"


def test_only_administrators_import_policies(setup_data):
    add_user("clerk", "receptionist", "wy_customer_service", "前台", "clerk-password-123456")
    clerk = get_user_model().objects.get(username="clerk")
    clerk.is_staff = True
    clerk.save()
    client = Client()
    client.force_login(clerk)
    assert client.get("/admin/policies/policy/import/").status_code == 403

    add_user("keeper", "administrator", None, "管理员", "keeper-password-123456")
    keeper = get_user_model().objects.get(username="keeper")
    keeper.is_staff = True
    keeper.save()
    client.force_login(keeper)
    assert client.get("/admin/policies/policy/import/").status_code == 200


def test_the_calendar_year_grid_marks_holidays_and_adjusted_working_days(admin_client_zh):
    body = admin_client_zh.get("/admin/workcal/calendaryear/grid/2026/").content.decode()
    assert body.count('class="month"') == 12
    # National Day 1–7 October 2026 are holidays; Saturday 10 October is an adjusted working day.
    assert re.search(r'<td class="day-holiday" title="[^"]*">1<span class="sr-only"> 节假日 [^<]*</span>', body)
    assert '<td class="day-adjusted"' in body
    october = body[body.index('aria-label="2026-10"') : body.index('aria-label="2026-11"')]
    assert october.count('class="day-holiday"') == 7
    assert october.count('class="day-adjusted"') == 1
    for legend in ["工作日", "周末", "法定节假日（休）", "调休上班（班）"]:
        assert legend in body

    unknown = admin_client_zh.get("/admin/workcal/calendaryear/grid/2031/").content.decode()
    assert 'class="estimated"' in unknown  # no notice loaded: weekdays only, deadlines estimated
    assert '<td class="day-holiday"' not in unknown


def test_units_staff_and_roles(admin_client_zh):
    assert "wy_engineering" in admin_client_zh.get("/admin/org/unit/").content.decode()
    add_user("li", "handler", "wy_engineering", "李强", "li-password-123456")
    staff_page = admin_client_zh.get("/admin/org/staff/").content.decode()
    assert "李强" in staff_page and "/admin/org/staff/roles/" in staff_page
    roles = admin_client_zh.get("/admin/org/staff/roles/").content.decode()
    assert 'id="roles-table"' in roles
    # The matrix comes from the lifecycle table: a handler resolves but does not assign.
    table = roles[roles.index('id="roles-table"') :]
    headers = re.findall(r'<th scope="col">([^<]+)<br>', table)
    rows = {
        re.sub(r"<[^>]+>|\(.*\)", "", m.group(1)).strip(): re.findall(r"<td>(✓|<span aria-hidden)", m.group(2))
        for m in re.finditer(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table)
    }
    handler = headers.index("处理人")
    assert rows["办结"][handler] == "✓"
    assert rows["分派"][handler] != "✓"
    li = get_user_model().objects.get(username="li")
    user_page = admin_client_zh.get(f"/admin/auth/user/{li.pk}/change/").content.decode()
    assert "李强" in user_page  # the person's name, and their position below it
    assert 'name="positions-0-role"' in user_page and "物业管理处客服部 / 工程部" in user_page


def test_importing_a_policy_that_does_not_resolve_where_staff_work_needs_import_anyway(admin_client_zh):
    # 阳光物业 runs P4 and has staff; a new version whose sign-off group (P4.5.3) nobody
    # in the company fits would leave every case without a head to sign it off.
    sunshine()
    add_user("zhao", "department_head", "a_engineering", "赵国强", "zhao-password-123456")
    source = (PRESETS_DIR / "property-office.yaml").read_text(encoding="utf-8")
    changed = source.replace("roles: [department_head]\n", "roles: [department_head]\n      duties: [inspector]\n", 1)
    refused = admin_client_zh.post(
        "/admin/policies/policy/import/", {"file": upload("office.yaml", changed), "action": "import"}
    )
    body = refused.content.decode()
    assert refused.status_code == 200 and 'id="policy-unresolved"' in body
    assert re.search(r"<li>office\.yaml:\d+: people\.groups\.department_head: [^<]*阳光物业[^<]*</li>", body)
    assert Policy.objects.get(name="property-office").current.number == 1
    forced = admin_client_zh.post(
        "/admin/policies/policy/import/", {"file": upload("office.yaml", changed), "action": "import", "force": "on"}
    )
    assert forced.status_code == 302
    assert Policy.objects.get(name="property-office").current.number == 2
