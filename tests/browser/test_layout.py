"""Every kind of page at 1280 and 360 pixels in Chromium: nothing wider than the screen, no word broken inside itself,
pictures' text at 12 CSS pixels at least, no serious accessibility violation; screenshots for the record."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.test_journey import PAGES

WIDTHS = [1280, 360]
LAYOUT_PAGES = [*PAGES, "/", "/mechanisms/dna-repair/", "/statements/", "/about/", "/downloads/"]
SHOTS = {"home": "/", "hub": "/mechanisms/dna-repair/", "chart": "/mirnas/", "search": "/search/?q=HER2"}
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

# Words (runs of letters and digits) the browser laid out over two lines: a word broken inside itself. A break at a
# hyphen or a slash is a line break between words, and text in pictures does not wrap.
BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => node.parentElement.closest("svg, script, style, [hidden]")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/[\\p{L}\\p{N}]{2,}/gu)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""

# The smallest text in the pictures, in CSS pixels as drawn (the SVG's own size times its scale on the page).
SMALLEST_PICTURE_TEXT = """() => {
  let smallest = Infinity;
  for (const text of document.querySelectorAll("main svg text")) {
    const svg = text.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
  }
  return smallest;
}"""


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def sized(request, browser, live_kb):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    context.set_default_timeout(10000)
    page = context.new_page()
    page.width = request.param
    yield page
    context.close()


def test_no_page_is_wider_than_the_screen_nor_breaks_a_word_and_pictures_read_at_12_pixels(sized, live_kb):
    problems = {}
    for path in LAYOUT_PAGES:
        sized.goto(live_kb.url + path)
        overflow = sized.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        broken = sized.evaluate(BROKEN_WORDS)
        smallest = sized.evaluate(SMALLEST_PICTURE_TEXT)
        found = {}
        if overflow > 0:
            found["wider than the screen by"] = overflow
        if broken:
            found["broken words"] = broken[:8]
        if smallest < 12:
            found["smallest text in a picture"] = round(smallest, 1)
        if found:
            problems[path] = found
    assert problems == {}, problems


def test_screenshots_of_home_a_hub_the_chart_and_search(sized, live_kb):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in SHOTS.items():
        sized.goto(live_kb.url + path)
        target = ARTIFACTS / f"{name}-{sized.width}.png"
        sized.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000, target


def test_no_serious_accessibility_violation_at_360_pixels(browser, live_kb, axe):
    context = browser.new_context(viewport={"width": 360, "height": 900})
    page = context.new_page()
    found = {}
    for path in LAYOUT_PAGES:
        page.goto(live_kb.url + path)
        violations = axe(page)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}


def test_the_broken_word_check_can_fail(browser, live_kb):
    """The trials' list laid out as it was (every word breakable anywhere) in cells three letters wide: the check
    finds the broken words."""
    context = browser.new_context(viewport={"width": 360, "height": 900})
    page = context.new_page()
    page.goto(live_kb.url + "/trials/")
    assert page.evaluate(BROKEN_WORDS) == []
    page.evaluate(
        """() => document.querySelectorAll("main td").forEach((cell) => {
            cell.style.overflowWrap = "anywhere"; cell.style.maxWidth = "3rem"; cell.style.width = "3rem"; })"""
    )
    assert page.evaluate(BROKEN_WORDS), "a cell three letters wide breaks its words"
    context.close()


def test_a_record_page_prints_the_record_without_the_sites_navigation(page, live_kb):
    page.goto(live_kb.url + "/compounds/olaparib/")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ["header.site nav", "header.site form.search", "footer.site", "a.json"].map(
            (selector) => getComputedStyle(document.querySelector(selector)).display)"""
    )
    assert hidden == ["none"] * 4
    assert page.locator("h1").is_visible() and page.locator(".provenance").is_visible()


def test_the_search_box_and_a_link_filter_suggest_as_one_types(page, live_kb):
    page.goto(live_kb.url + "/")
    page.locator("#site-search").press_sequentially("lapat", delay=30)
    suggestions = page.locator("#site-search-suggestions option")
    expect(suggestions.first).to_have_attribute("value", "Lapatinib")
    page.goto(live_kb.url + "/mechanisms/")
    gene = page.locator("#id_gene")
    gene.press_sequentially("BRCA", delay=30)
    options = page.locator(f"#{gene.get_attribute('list')} option")
    expect(options.first).to_have_attribute("value", re.compile(r"^BRCA[12]$"))
    assert all(url.startswith(live_kb.url) for url in page.requests), "suggestions come from this site only"
