"""Pages in a real Chromium (Debian's package) driven by Playwright, against a live server on 127.0.0.1."""

import io
import os
import shutil

import pytest
from django.core.management import call_command

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the database calls of these tests stay synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian package `chromium`; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_kb(live_server):
    """The live server, with the knowledge base loaded (a transactional test empties the tables after itself)."""
    call_command("load_kb", stdout=io.StringIO())
    return live_server


@pytest.fixture
def page(browser, live_kb):
    context = browser.new_context()
    page = context.new_page()
    page.requests, page.blocked = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    # A request the page's Content-Security-Policy stops in the browser never reaches the network.
    page.on(
        "requestfailed",
        lambda request: request.failure in ("csp", "net::ERR_BLOCKED_BY_CSP") and page.blocked.append(request.url),
    )
    yield page
    context.close()
