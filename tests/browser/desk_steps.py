"""Steps a person takes on the desk, for the browser scenarios: sign in, register a case,
open a case, take an action through its small form, read what the page says."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

Fields = dict[str, str | bool]


def signed_in(new_page: Callable[..., Page], login: Callable[[Page, str, str], None], user: tuple[str, str]) -> Page:
    """A page of its own (fresh browser context) with this staff member signed in."""
    page = new_page()
    login(page, *user)
    return page


def fill(page: Page, fields: Fields, prefix: str = "id_") -> None:
    """Fill form controls by field name: choose in a select, tick a checkbox, type text."""
    for name, value in fields.items():
        control = page.locator(f"#{prefix}{name}")
        tag = control.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
        if tag.startswith("select"):
            control.select_option(str(value))
        elif tag == "input:checkbox":
            control.set_checked(bool(value))
        else:
            control.fill(str(value))


def open_registration(page: Page) -> None:
    page.get_by_role("link", name="登记", exact=True).click()
    expect(page.locator("h1")).to_have_text("登记投诉")


def submit_registration(page: Page) -> str:
    """Register what the form holds; returns the tracking number shown to read out."""
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator("h1")).to_have_text("登记成功")
    assert page.locator("#verification-code").inner_text().strip()
    return page.locator("#tracking-number").inner_text()


def open_case(page: Page, server: str, number: str) -> None:
    page.goto(f"{server}/desk/cases/{number}/")
    expect(page.locator("h1 .number")).to_have_text(number)


def act(page: Page, action: str, fields: dict[str, str | bool] | None = None, expect_ok: bool = True) -> str:
    """Open the action's form, fill it, submit it (htmx swaps the case in place) and
    return the text the page answers with: the done notice, or the engine's refusal."""
    panel = page.locator(f"#action-{action}")
    expect(panel).to_be_visible()
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    fill(page, fields or {}, prefix=f"id_{action}-")
    version = page.locator("#case").get_attribute("data-version")
    with page.expect_response(re.compile(rf".*/act/{action}/$")):
        panel.locator("button[type=submit]").click()
    if expect_ok:
        # The case comes back in place with a new version (each step is one more event).
        expect(page.locator("#case")).not_to_have_attribute("data-version", version or "")
        notice = page.locator("#case .notice")
        expect(notice).to_be_visible()
        return notice.inner_text()
    alert = page.locator(f"#action-{action} .error[role=alert]")
    expect(alert).to_be_visible()
    return alert.inner_text()


def state_of(page: Page) -> str:
    return page.locator("#case-state").inner_text()


def timeline_actions(page: Page) -> list[str]:
    return page.locator(".timeline li strong").all_inner_texts()


def timeline_codes(page: Page) -> list[str]:
    """The timeline's actions by code (their labels follow the language)."""
    return [str(li.get_attribute("data-action")) for li in page.locator(".timeline li").all()]
