"""Pages in a real Chromium (Debian's package) driven by Playwright, against a live server on 127.0.0.1."""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
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
    """The live server, with the knowledge base and the role groups (a transactional test empties the tables)."""
    from django.contrib.auth.models import Group, Permission

    from kb.curation.roles import sync_role_groups

    call_command("load_kb", stdout=io.StringIO())
    sync_role_groups(Group, Permission)
    return live_server


@pytest.fixture
def page(browser, live_kb):
    context = browser.new_context()
    context.set_default_timeout(10000)
    page = context.new_page()
    page.requests, page.blocked, page.policy_violations = [], [], []
    page.on("request", lambda request: page.requests.append(request.url))
    # What the Content-Security-Policy refused, as Chromium reports it on the console.
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and page.policy_violations.append(message.text),
    )
    # A request the page's Content-Security-Policy stops in the browser never reaches the network.
    page.on(
        "requestfailed",
        lambda request: request.failure in ("csp", "net::ERR_BLOCKED_BY_CSP") and page.blocked.append(request.url),
    )
    yield page
    context.close()


def outside_requests(page, server) -> list[str]:
    """The requests the page made to another host (those its policy blocked in the browser excepted)."""
    local = (server.url, "data:", f"blob:{server.url}")
    return [url for url in page.requests if not url.startswith(local) and url not in page.blocked]


AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe():
    """Run axe-core in the page; return the violations that are serious or critical."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci; `make test` runs it)")
    source = AXE.read_text(encoding="utf-8")

    def check(page):
        page.evaluate(source)  # run by the browser's devtools protocol: the page's policy allows no inline script
        result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})")
        return [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return check


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing browser test saves a screenshot of its page in test-artifacts/."""
    report = yield
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        folder = Path(settings.BASE_DIR) / "test-artifacts"
        folder.mkdir(exist_ok=True)
        name = "".join(c if c.isalnum() else "-" for c in item.nodeid)[-120:]
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        report.sections.append(("screenshot", str(folder / f"{name}.png")))
    return report
