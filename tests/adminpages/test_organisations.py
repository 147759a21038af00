"""Administering organisations (issue 14): the tree of units, kept whole (a parent in the
same organisation, no unit below itself); people and their positions; holiday cover; an
organisation's page with each unit's people."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation

from tests.policies.organisations import sunshine
from tousu.cases.vocab import Duty
from tousu.org.management.commands.user import add_user
from tousu.org.models import Deputy, Organisation, Position, Unit

from .conftest import form_of, options_of

User = get_user_model()


@pytest.fixture
def company(admin_client_zh: Client) -> Organisation:
    company = sunshine()
    add_user("zhao", "department_head", "a_engineering", "赵国强", "pw-zhao-123456", title="工程部主管")
    add_user("wang", "handler", "a_customer_service", "王芳", "pw-wang-123456", duties="butler", area="1-8")
    add_user("chen", "handler", "a_customer_service", "陈静", "pw-chen-123456")
    return company


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def unit_part(tree: str, code: str) -> str:
    """One unit's own part of the tree page: its heading and its people, not its units."""
    start = tree.index(f'id="unit-{code}"')
    after = tree.find('id="unit-', start + 1)
    return tree[start : after if after > 0 else len(tree)]


def test_the_organisation_page_shows_its_tree_with_the_people_in_each_unit(
    admin_client_zh: Client, company: Organisation
) -> None:
    now = timezone.now()
    wang, chen = User.objects.get(username="wang"), User.objects.get(username="chen")
    Deputy.objects.create(
        user=chen, for_user=wang, starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=6)
    )
    change = admin_client_zh.get(f"/admin/org/organisation/{company.pk}/change/").content.decode()
    assert f"/admin/org/organisation/{company.pk}/tree/" in change
    page = admin_client_zh.get(f"/admin/org/organisation/{company.pk}/tree/").content.decode()
    tree = page[page.index('id="org-tree"') :]
    # Nested as the company is: the company → its offices → their departments.
    root, office_a, engineering = (
        tree.index(f'id="unit-{code}"') for code in ("sunshine", "sunshine_a", "a_engineering")
    )
    assert root < office_a < engineering < tree.index('id="unit-sunshine_b"')
    # Each office runs P4; each department says which of the policy's departments it plays.
    assert "运行 property-office" in unit_part(tree, "sunshine_a")
    assert "运行 property-office" not in unit_part(tree, "sunshine")
    department = unit_part(tree, "a_engineering")
    assert "wy_engineering" in department
    assert "赵国强" in department and "部门主管" in department and "工程部主管" in department
    service = unit_part(tree, "a_customer_service")
    # The butler of buildings 1–8 (P4.8), and who covers for her this week.
    with translation.override("zh-hans"):
        butler = str(Duty.BUTLER.label)
    assert "王芳" in service and butler in service and "1,2,3,4,5,6,7,8" in service
    assert re.search(r"陈静: [0-9-]+ [0-9:]+ – [0-9-]+ [0-9:]+ <strong>\(", service)
    assert "赵国强" not in tree[tree.index('id="unit-sunshine_b"') :]


def test_the_unit_list_shows_each_units_place_and_filters_by_organisation(
    admin_client_zh: Client, company: Organisation
) -> None:
    page = admin_client_zh.get(f"/admin/org/unit/?organisation__id__exact={company.pk}").content.decode()
    assert "阳光物业 / 阳光花园管理处 / 工程部" in page and "阳光物业 / 阳光城管理处 / 工程部" in page
    assert '<td class="field-function">wy_engineering</td>' in page
    # Only this company's units: the presets' own organisations are filtered out.
    assert "ts_supervision" not in page and "a_engineering" in page


def test_a_units_parent_is_offered_only_from_its_own_organisation(
    admin_client_zh: Client, company: Organisation
) -> None:
    office = unit("sunshine_a")
    page = admin_client_zh.get(f"/admin/org/unit/{office.pk}/change/").content.decode()
    offered = options_of(page, "parent")
    assert "阳光物业" in offered and "阳光物业 / 阳光城管理处" in offered
    # Not itself nor its own departments (a cycle), nor another organisation's units.
    assert "阳光物业 / 阳光花园管理处" not in offered
    assert not any(label.startswith("阳光物业 / 阳光花园管理处 /") for label in offered)
    assert all(label.startswith("阳光物业") for label in offered)


def test_a_unit_cannot_be_placed_under_another_organisation_or_below_itself(
    admin_client_zh: Client, company: Organisation
) -> None:
    office = unit("sunshine_a")
    url = f"/admin/org/unit/{office.pk}/change/"
    data = form_of(admin_client_zh, url)
    other = Unit.objects.get(code="ts_supervision")  # the regulator's, another organisation
    refused = admin_client_zh.post(url, {**data, "parent": other.pk})
    assert refused.status_code == 200
    assert "属于另一个机构" in refused.content.decode()
    below = unit("a_engineering")
    refused = admin_client_zh.post(url, {**data, "parent": below.pk})
    assert "不能放在自身之下" in refused.content.decode()
    office.refresh_from_db()
    assert office.parent_id == unit("sunshine").pk
    moved = admin_client_zh.post(url, {**data, "name": "阳光花园一期管理处"})
    assert moved.status_code == 302
    assert unit("sunshine_a").name == "阳光花园一期管理处"


def test_moving_two_units_under_each_other_in_one_save_is_refused(
    admin_client_zh: Client, company: Organisation
) -> None:
    url = f"/admin/org/organisation/{company.pk}/change/"
    data = form_of(admin_client_zh, url)
    ids = {value: key.removesuffix("-id") for key, value in data.items() if re.fullmatch(r"units-\d+-id", key)}
    a, b = ids[str(unit("sunshine_a").pk)], ids[str(unit("sunshine_b").pk)]
    data[f"{a}-parent"] = str(unit("sunshine_b").pk)
    data[f"{b}-parent"] = str(unit("sunshine_a").pk)
    refused = admin_client_zh.post(url, data)
    assert refused.status_code == 200
    assert "不能放在自身之下" in refused.content.decode()
    assert unit("sunshine_a").parent_id == unit("sunshine").pk


def test_positions_on_the_users_page_take_duties_as_boxes_and_areas_as_written(
    admin_client_zh: Client, company: Organisation
) -> None:
    chen = User.objects.get(username="chen")
    url = f"/admin/auth/user/{chen.pk}/change/"
    data = form_of(admin_client_zh, url)
    assert data["positions-TOTAL_FORMS"] == "1"
    # A second position: the butler of buildings 9–12 and 15 in office B (P5.2, P4.8).
    data.update(
        {
            "positions-TOTAL_FORMS": "2",
            "positions-1-role": "handler",
            "positions-1-unit": str(unit("b_customer_service").pk),
            "positions-1-title": "物业管家",
            "positions-1-duty_set": ["butler"],
            "positions-1-area": "9-12, 15",
        }
    )
    saved = admin_client_zh.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    second = Position.objects.get(user=chen, unit=unit("b_customer_service"))
    assert (second.duties, second.area, second.title) == ("butler", "9,10,11,12,15", "物业管家")
    # The unit is chosen by its place in the tree: every office has a 客服部.
    page = admin_client_zh.get(url).content.decode()
    assert "阳光物业 / 阳光城管理处 / 客服部" in options_of(page, "positions-1-unit")
    # A case worker without a unit is refused, with what to do.
    data = form_of(admin_client_zh, url)
    data["positions-1-unit"] = ""
    refused = admin_client_zh.post(url, data)
    assert refused.status_code == 200 and "处理人须属于某个单位" in refused.content.decode()
    assert Position.objects.filter(user=chen).count() == 2


def test_holiday_cover_is_set_on_the_deputys_page_and_shown_on_the_colleagues(
    admin_client_zh: Client, company: Organisation
) -> None:
    chen, wang = User.objects.get(username="chen"), User.objects.get(username="wang")
    url = f"/admin/auth/user/{chen.pk}/change/"
    data = form_of(admin_client_zh, url)
    cover = {
        "deputising-TOTAL_FORMS": "1",
        "deputising-0-for_user": str(wang.pk),
        "deputising-0-starts_at_0": "2026-10-08",
        "deputising-0-starts_at_1": "09:00:00",
        "deputising-0-ends_at_0": "2026-10-01",
        "deputising-0-ends_at_1": "09:00:00",
        "deputising-0-reason": "王芳休年假",
    }
    refused = admin_client_zh.post(url, {**data, **cover})
    assert refused.status_code == 200
    assert "代理应在开始之后结束" in refused.content.decode()
    itself = admin_client_zh.post(
        url, {**data, **cover, "deputising-0-for_user": str(chen.pk), "deputising-0-ends_at_0": "2026-10-15"}
    )
    assert "不能代理自己" in itself.content.decode()
    saved = admin_client_zh.post(url, {**data, **cover, "deputising-0-ends_at_0": "2026-10-15"})
    assert saved.status_code == 302
    deputy = Deputy.objects.get(user=chen)
    assert deputy.for_user == wang and deputy.reason == "王芳休年假"
    colleague = admin_client_zh.get(f"/admin/auth/user/{wang.pk}/change/").content.decode()
    assert ("王芳休年假" in colleague and "陈静" in colleague) or "chen" in colleague
