"""A researcher's journey in Chromium, the list filters, the chart, and axe-core on every kind of page."""

import re

from playwright.sync_api import expect

from .conftest import outside_requests


def test_a_researchers_journey_from_home_to_a_trial(page, live_kb):
    page.goto(live_kb.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("drug resistance in breast cancer")
    expect(page.locator('td[data-model="biomarkers.MicroRNA"]')).to_have_text("22")

    page.get_by_role("navigation", name="Kinds of record").get_by_role("link", name="Mechanisms").click()
    expect(page).to_have_url(re.compile(r"/mechanisms/$"))
    page.get_by_role("link", name="DNA repair", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("DNA repair")
    expect(page.get_by_test_id("quote")).to_contain_text("senescence, dna repair, tumor heter-")
    expect(page.locator("svg.graph")).to_be_visible()

    page.locator("section").filter(has_text="Biomarkers that signal it").get_by_role(
        "link", name="BRCA mutations"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("BRCA mutations")
    expect(page.get_by_test_id("quote")).to_contain_text("respond well to ParP")

    page.locator("section").filter(has_text="Compounds").get_by_role("link", name="Olaparib").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Olaparib")
    expect(page.locator("#targets-title + ul")).to_contain_text("PARP1")
    expect(page.get_by_role("link", name="CHEMBL521686")).to_have_attribute(
        "href", "https://www.ebi.ac.uk/chembl/explore/compound/CHEMBL521686"
    )

    page.locator("section").filter(has_text="Trials").get_by_role("link", name="NCT00494234").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Olaparib (KU-0059436)")
    expect(page.locator("dl.facts")).to_contain_text("Phase 2 (in the extracted text: “phase ii”)")
    expect(page.locator("dl.facts")).to_contain_text("NCT00494234")
    assert outside_requests(page, live_kb) == []


def test_the_header_search_finds_a_synonym(page, live_kb):
    page.goto(live_kb.url + "/")
    page.get_by_label("Search the knowledge base").fill("T-DM1")
    page.get_by_role("button", name="Search").first.click()
    expect(page).to_have_url(re.compile(r"/search/\?q=T-DM1"))
    page.get_by_role("link", name="Trastuzumab emtansine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trastuzumab emtansine")


def test_the_list_filters(page, live_kb):
    page.goto(live_kb.url + "/mirnas/")
    page.get_by_role("group", name="Direction").get_by_role("radio", name=re.compile(r"^Down")).check()  # a facet
    page.get_by_role("combobox", name="Fold change reported").select_option("false")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"direction=down"))
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(6)
    expect(page.locator("main")).to_contain_text("6 microRNAs match these filters")
    csv = page.get_by_role("link", name="Download as CSV").get_attribute("href")
    assert "direction=down" in csv and "format=csv" in csv


def test_the_chart_shows_every_microrna_and_links_to_it(page, live_kb):
    page.goto(live_kb.url + "/mirnas/")
    chart = page.locator("svg.chart")
    expect(chart.locator("a")).to_have_count(22)
    expect(chart.locator("rect.unreported:not(.legend)")).to_have_count(6)
    expect(chart.locator("text.note").filter(has_text="not reported")).to_have_count(6)
    chart.locator("a").first.locator("text.label").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("hsa-miR-195-5p")
    expect(page.locator("main")).to_contain_text("In the extracted text: “Has-mir-195a-5p”")


PAGES = [
    "/",
    "/mechanisms/",
    "/mechanisms/dna-repair/",
    "/strategies/",
    "/strategies/targeted-delivery/",
    "/biomarkers/",
    "/biomarkers/brca-mutations/",
    "/mirnas/",
    "/mirnas/hsa-mir-195-5p/",
    "/compounds/",
    "/compounds/olaparib/",
    "/trials/",
    "/trials/NCT02520063/",
    "/genes/",
    "/genes/ERBB2/",
    "/cell-lines/",
    "/cell-lines/mda-mb-231/",
    "/cell-line-subgroups/basal-b/",
    "/model-systems/in-vitro-models/",
    "/errata/",
    "/errata/table-4-has-prefix/",
    "/sources/review/",
    "/search/?q=HER2",
]


def test_no_serious_accessibility_violation_on_any_kind_of_page(page, live_kb, axe):
    found = {}
    for path in PAGES:
        page.goto(live_kb.url + path)
        violations = axe(page)
        if violations:
            found[path] = violations
    assert found == {}
    assert outside_requests(page, live_kb) == []
    assert page.policy_violations == [], "the pages run and style nothing the Content-Security-Policy refuses"


def test_the_policy_refuses_an_injected_inline_script(page, live_kb):
    page.goto(live_kb.url + "/mechanisms/")
    # A script element in the page's markup, as stored script would be were it not escaped.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.body.dataset.injected = 'ran'";
            document.body.append(script);
        }"""
    )
    assert page.evaluate("() => document.body.dataset.injected") is None
    assert any("script-src" in violation for violation in page.policy_violations)


def test_the_accessibility_check_can_fail(page, live_kb, axe):
    page.set_content('<html><body><img src="x.png"><input type="text"><a href="#"></a></body></html>')
    assert {violation[0] for violation in axe(page)} >= {"image-alt", "label"}
