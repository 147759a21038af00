"""The desk in a real browser: sign-in, the worklist, the language switch, a phone's
width, keyboard use and the accessibility audit."""

from playwright.sync_api import expect

from tests.browser.conftest import PHONE


def test_login_lands_on_the_worklist_in_chinese_and_switches_to_english(
    page, server, desk_user, login, axe, screenshot
):
    username, password = desk_user("receptionist", "wy_customer_service", name="张丽")
    page.goto(f"{server}/")
    assert "/accounts/login/" in page.url  # the desk needs a login
    axe(page)
    screenshot(page, "login")
    login(page, username, password)
    expect(page.locator("h1")).to_have_text("工作清单")
    assert "张丽" in page.locator("header").inner_text()
    axe(page)

    page.get_by_label("语言").select_option("en")
    page.get_by_role("button", name="切换").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Worklist")
    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("工作清单")


def test_the_worklist_works_at_a_phones_width_and_by_keyboard(new_page, server, desk_user, login, axe):
    username, password = desk_user("handler", "wy_engineering")
    page = new_page(viewport=PHONE)
    login(page, username, password)
    # The skip link is the first stop of the keyboard, and it leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page must not scroll sideways on a phone"
    axe(page)
