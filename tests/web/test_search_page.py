"""The search page: results grouped by kind with counts, records before errata, and a page for what is not here."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def page(query: dict) -> str:
    """The search page's main content (not its title, nor its header's box)."""
    html = Client().get("/search/", query).content.decode()
    assert f"<title>Search: {query['q']} ·" in html, "the title names the search, and only it"
    return html[html.index("<main") : html.index("</main>")]


def groups(html: str) -> list[str]:
    return re.findall(r'<h2 class="result-kind">([^<]+)</h2>', html)


def test_results_are_grouped_by_kind_with_counts_and_records_come_before_errata():
    html = page({"q": "HER2"})
    headings = groups(html)
    assert len(headings) == len(set(headings)) > 1, "each kind once"
    counts = dict(re.findall(r'kind=([a-z]+)">[^<(]+\((\d+)\)</a>', html))
    total = int(re.search(r"(\d+) results? for", html).group(1))
    assert counts and sum(int(n) for n in counts.values()) == total


def test_errata_are_listed_after_every_kind_of_record():
    html = page({"q": "table"})
    headings = groups(html)
    if "Erratum" in headings:
        assert all(heading in ("Erratum", "Statement") for heading in headings[headings.index("Erratum") :])
    assert headings and headings[0] not in ("Erratum", "Statement"), headings


def test_a_kind_filter_keeps_the_counts_of_every_kind():
    html = page({"q": "HER2", "kind": "compound"})
    assert groups(html) == ["Compound"]
    assert "<strong>compound (" in html and 'href="?q=HER2">all kinds</a>' in html


def test_a_drug_the_review_does_not_cover_gets_a_page_that_says_so():
    html = page({"q": "tamoxifen"})
    assert "“tamoxifen” is not in this knowledge base" in html and "0 results" in html
    assert 'href="/about/"' in html and 'href="/mechanisms/"' in html and "24 mechanisms" in html
