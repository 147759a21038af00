"""The browser fixtures' own guard: a request to any host but the server is recorded
(and aborted, so nothing leaves the machine), and an uncaught script error too."""

from tests.browser.conftest import Guard


def test_requests_to_other_hosts_and_script_errors_are_caught(browser, server):
    guard = Guard(server)
    context = browser.new_context(base_url=server)
    guard.attach(context)
    page = context.new_page()
    page.goto(f"{server}/accounts/login/")  # the server itself: allowed
    # A page without the product's Content Security Policy, which would block both itself.
    page.goto("about:blank")
    page.set_content('<img src="http://cdn.example.invalid/x.png"><script>throw new Error("boom")</script>')
    page.wait_for_timeout(500)
    context.close()
    assert any("cdn.example.invalid" in p for p in guard.problems), guard.problems
    assert any("boom" in p for p in guard.problems), guard.problems
    assert not any("/accounts/login/" in p for p in guard.problems)
