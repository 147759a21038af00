"""The worklist with a day's worth of demo cases (`tousu demo`): the department head's
view, filters that can be saved, keyset pages that load in place, the colours of
deadlines, the oversight view, English, and a phone's width."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tousu.cases.models import Complaint
from tousu.core.demo.people import DEMO_PASSWORD


def test_worklist_filters_pages_and_oversight_with_demo_data(page, new_page, server, login, axe, screenshot):
    call_command("demo", "--cases", "160", "--seed", "7", stdout=StringIO())
    login(page, "zhaoguoqiang", DEMO_PASSWORD)  # 赵国强, head of engineering at 锦绣华庭管理处 (P4)
    queue_rows = page.locator("#rows-queue > tr:not(.more)")
    expect(queue_rows.first).to_be_visible()
    # His office's cases only: 翠湖天地管理处 has an engineering department of its own.
    links = page.locator("#rows-queue a[href*='/desk/cases/']").evaluate_all("els => els.map(e => e.pathname)")
    numbers = [link.rstrip("/").rsplit("/", 1)[-1] for link in links]
    homes = set(Complaint.objects.filter(number__in=numbers).values_list("home__code", flat=True))
    assert numbers and homes == {"yg_jinxiu"}
    # Nearest due first: the due times of the first page never go down.
    dues = page.locator("#rows-queue time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dues == sorted(dues)
    axe(page)
    screenshot(page, "worklist-demo")

    # More rows load in place (keyset pagination, htmx), in the same order.
    before = queue_rows.count()
    more = page.locator("#more-queue button")
    if more.count():
        more.click()
        expect(queue_rows).not_to_have_count(before)
        dues = page.locator("#rows-queue time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
        assert dues == sorted(dues)

    # Filters: assigned cases only, saved under a name and used again.
    page.locator("details.filters summary").click()
    page.locator("#id_state").select_option("assigned")
    page.get_by_role("button", name="应用").click()
    expect(page).to_have_url(re.compile(r"state=assigned"))
    expect(queue_rows.first).to_be_visible()
    states = page.locator("#rows-queue > tr:not(.more) td:nth-child(3)").all_inner_texts()
    assert states and set(states) == {"已分派"}
    page.locator("#filter-name").fill("已分派的")
    page.get_by_role("button", name="保存").click()
    page.goto(f"{server}/desk/")
    page.get_by_role("link", name="已分派的").click()
    expect(page.locator("#id_state")).to_have_value("assigned")

    # Overdue only: every row is marked breached (red).
    page.goto(f"{server}/desk/?overdue=on")
    rows = page.locator("tbody tr:not(.more)")
    if rows.count():
        classes = rows.evaluate_all("els => els.map(e => e.className)")
        assert set(classes) == {"due-breached"}

    page.get_by_role("link", name="督办").click()
    expect(page.locator("h1")).to_contain_text("督办")
    axe(page)
    screenshot(page, "oversight-demo")

    # English through the switch.
    page.goto(f"{server}/desk/")
    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    expect(page.locator("h1")).to_have_text("Worklist")
    screenshot(page, "worklist-en")

    # A phone's width: the case page reads from top to bottom, nothing scrolls sideways.
    phone = new_page(viewport=PHONE)
    login(phone, "zhaoguoqiang", DEMO_PASSWORD)
    phone.locator("#rows-queue a").first.click()
    expect(phone.locator("#case")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe(phone)
    screenshot(phone, "case-phone")
