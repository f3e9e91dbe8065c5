"""Every record's page links to the record's JSON, for scripts and for readers (a link element and a visible link)."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DETAIL_PAGES = [
    "/mechanisms/dna-repair/",
    "/strategies/targeted-delivery/",
    "/biomarkers/brca-mutations/",
    "/mirnas/hsa-mir-195-5p/",
    "/compounds/olaparib/",
    "/trials/NCT02520063/",
    "/genes/ERBB2/",
    "/cell-lines/mda-mb-231/",
    "/cell-line-subgroups/basal-b/",
    "/model-systems/in-vitro-models/",
    "/errata/table-4-has-prefix/",
]


@pytest.mark.parametrize("path", DETAIL_PAGES)
def test_a_record_page_links_to_the_records_json(path):
    client = Client()
    html = client.get(path).content.decode()
    alternate = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', html)
    assert alternate, path
    assert f'<a href="{alternate.group(1)}" type="application/json" class="json">This record as JSON</a>' in html
    answer = client.get(alternate.group(1), HTTP_ACCEPT="application/json")
    assert answer.status_code == 200 and answer.json()["url"].endswith(alternate.group(1))
