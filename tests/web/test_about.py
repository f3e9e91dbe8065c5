"""Trust and citation: the About page, how to cite, the licence, and CITATION.cff saying the same."""

import re

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_about_page_says_what_is_held_the_source_curation_licence_and_how_to_cite():
    html = Client().get("/about/").content.decode()
    for heading in (
        "What it holds, and what it does not",
        "Its source",
        "How curation works",
        "Licence",
        "How to cite",
    ):
        assert heading in html, heading
    assert "24 mechanisms" in html and "56 errata" in html, "the counts are the knowledge base's"
    assert "not known here" in html, "the review's unknown bibliographic record is said to be unknown"
    assert 'rel="license">CC0 1.0</a>' in html
    citation = re.search(r'<blockquote id="citation">(.*?)</blockquote>', html, re.S).group(1).replace("<wbr>", "")
    assert "data release" in citation and "/downloads/" in citation and "Drug resistance in breast cancer" in citation


@pytest.mark.parametrize("url", ["/", "/mechanisms/", "/compounds/lapatinib/", "/about/"])
def test_every_page_leads_to_about_downloads_and_how_to_cite(url):
    html = Client().get(url).content.decode()
    nav = html[html.index('<nav class="kinds"') : html.index("</nav>")]
    assert 'href="/about/">About</a>' in nav and 'href="/downloads/">Downloads</a>' in nav
    assert 'href="/about/#cite">How to cite</a>' in html


def test_citation_cff_is_valid_and_gives_the_pages_licence():
    import yaml  # PyYAML: drf-spectacular's own dependency

    cff = yaml.safe_load((settings.BASE_DIR / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["title"] and cff["message"] and cff["authors"]
    assert cff["license"] == "CC0-1.0"
    assert cff["references"][0]["title"] == "Drug resistance in breast cancer"
