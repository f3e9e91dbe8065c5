"""For every list endpoint, the number of SQL queries grows neither with the rows nor with the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biomarkers.models import Biomarker, MicroRNA
from kb.models import Erratum, Gene
from mechanisms.models import CellLine, CellLineSubgroup, Mechanism, ModelSystem, Strategy
from tests.helpers import clone
from trials.models import Compound, Trial

pytestmark = pytest.mark.django_db

LISTS = {
    "mechanisms": Mechanism,
    "strategies": Strategy,
    "biomarkers": Biomarker,
    "mirnas": MicroRNA,
    "compounds": Compound,
    "trials": Trial,
    "genes": Gene,
    "cell-lines": CellLine,
    "cell-line-subgroups": CellLineSubgroup,
    "model-systems": ModelSystem,
    "errata": Erratum,
    "sources": None,
}


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        response.getvalue()  # a streamed CSV reads the database as it is sent
    return len(captured)


@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow_with_rows_or_page_size(api_client, path):
    url = f"/api/v1/{path}/"
    few = queries(api_client, url + "?page_size=1")
    assert queries(api_client, url + "?page_size=500") == few
    if LISTS[path] is not None:
        clone(LISTS[path], 12)
        assert queries(api_client, url + "?page_size=500") == few
        assert queries(api_client, url + "?format=csv") == few - 1  # no COUNT(*) without pagination


@pytest.mark.parametrize("path", ["mechanisms", "compounds", "trials"])
def test_list_queries_for_staff_do_not_grow_either(api_client, curator, path):
    api_client.force_authenticate(curator)
    url = f"/api/v1/{path}/"
    few = queries(api_client, url + "?page_size=1")
    clone(LISTS[path], 8)
    assert queries(api_client, url + "?page_size=500") == few


@pytest.mark.parametrize("path", LISTS)
def test_an_api_list_takes_at_most_8_queries(api_client, settings, path):
    settings.KB_CACHE_SECONDS = 300  # the count cached per data version, as in production; the first request counts it
    for page_size in (1, 500):
        assert queries(api_client, f"/api/v1/{path}/?page_size={page_size}") <= 8
