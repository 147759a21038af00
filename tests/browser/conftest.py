"""Browser tests: the real server (`tousu serve`, gunicorn) on the test database, driven by
Playwright in Debian's chromium (/usr/bin/chromium, headless). See tests/browser/README.md.

- `server`: base URL of the real app; the test's data must be committed, so it uses
  `transactional_db` (pytest-django flushes the database after the test).
- `page`: a page in a fresh browser context. Any request to another host than the server
  fails the test (no page may load anything from outside the product), and so does an
  uncaught JavaScript error.
- `new_page()`: another page in another fresh context (no cookies: e.g. the complainant
  opening a callback link), with the same guards.
- `desk_user(role, department)`: a staff member who can log in (username, password).
- `login(page, username, password)`, `screenshot(page, name)`, `axe(page)`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from tousu.core.liveserver import current_database_url, running_server

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# to set up data would otherwise be refused as "async unsafe". The server under test runs
# in its own processes and is not affected.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, expect, sync_playwright

CHROMIUM = os.environ.get("TOUSU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# The machine is shared and small (2 cores): waits are generous, failures stay real.
TIMEOUT_MS = 20_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(autouse=True)
def fast_password_hashing() -> None:
    """Overrides the suite's MD5 hasher: the server in another process must verify the
    passwords the tests set, with the hashers of the real settings."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        # launch() gives every browser a fresh temporary user data dir of its own.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server(transactional_db: None, setup_data: None, tmp_path: Path) -> Iterator[str]:
    """The base URL of `tousu serve` (2 workers) on this test's database."""
    assert not connection.in_atomic_block, "browser tests need committed data (transactional_db)"
    log = tmp_path / "server.log"
    try:
        # A shared 2-core machine may take long to start two workers; waiting is cheap.
        with running_server(current_database_url(), workers=2, log=log, ready_within=120) as url:
            yield url
    finally:
        if log.exists():
            errors = [line for line in log.read_text(errors="replace").splitlines() if "Traceback" in line]
            if errors:
                print(log.read_text(errors="replace")[-6000:])  # shown with a failing test


class Guard:
    """Collects what must fail a test: requests to other hosts, uncaught JS errors."""

    def __init__(self, base: str):
        self.origin = urlsplit(base).netloc
        self.problems: list[str] = []

    def route(self, route: Route, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.origin:
            self.problems.append(f"external request: {request.method} {request.url}")
            route.abort()
            return
        route.continue_()

    def attach(self, context: BrowserContext) -> None:
        context.route(re.compile(r".*"), self.route)
        context.on("page", self.watch)

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda e: self.problems.append(f"JS error: {e}"))
        # A Content Security Policy violation is reported on the console (issue 6).
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"CSP violation: {m.text}")
                if m.type == "error" and "Content Security Policy" in m.text
                else None
            ),
        )

    def check(self) -> None:
        if self.problems:
            pytest.fail("\n".join(self.problems))


@pytest.fixture
def new_page(browser: Browser, server: str) -> Iterator[Callable[..., Page]]:
    """new_page(viewport=DESKTOP, locale="zh-CN") -> a page in a fresh context."""
    contexts: list[BrowserContext] = []
    guard = Guard(server)

    def make(viewport: dict[str, int] | None = None, locale: str = "zh-CN") -> Page:
        # zh-CN: the desk's users run Chinese browsers; English comes through the switch.
        context = browser.new_context(
            base_url=server, viewport=viewport or DESKTOP, locale=locale, timezone_id="Asia/Shanghai"
        )
        context.set_default_timeout(TIMEOUT_MS)
        guard.attach(context)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    guard.check()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.fixture
def desk_user(setup_data: None) -> Callable[..., tuple[str, str]]:
    """desk_user("receptionist", "wy_customer_service", name="张丽") -> (username, password)."""
    from tousu.org.management.commands.user import add_user

    counter = {"n": 0}

    def make(role: str, department: str | None = None, name: str | None = None) -> tuple[str, str]:
        counter["n"] += 1
        username = f"{role}{counter['n']}"
        password = f"pw-{username}-2026"
        add_user(username, role, department, name or username, password)
        return username, password

    return make


@pytest.fixture
def login(server: str) -> Callable[[Page, str, str], None]:
    def do(page: Page, username: str, password: str) -> None:
        page.goto(f"{server}/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/desk/.*"))

    return do


@pytest.fixture(scope="session")
def screenshot() -> Callable[[Page, str], Path]:
    """screenshot(page, "worklist") -> var/screenshots/worklist.png (the full page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(scope="session")
def axe() -> Callable[[Page], list[dict[str, Any]]]:
    """axe(page): runs axe-core (vendored) on the page; fails on serious or critical
    violations; returns all violations found."""
    source = AXE_JS.read_text()

    def run(page: Page) -> list[dict[str, Any]]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, not as a <script> tag: the pages'
            # Content Security Policy allows no inline script, and must not be loosened for tests.
            page.evaluate(source)
        violations: list[dict[str, Any]] = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
        if bad:
            lines = [f"axe-core on {page.url}:"]
            for v in bad:
                targets = [", ".join(node["target"]) for node in v["nodes"][:5]]
                lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} at {targets}")
            pytest.fail("\n".join(lines))
        return violations

    return run
