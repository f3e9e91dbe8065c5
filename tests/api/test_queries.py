"""For every list endpoint, the number of SQL queries grows neither with the rows nor with the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biomarkers.models import Biomarker, MicroRNA
from kb.api.base import CSV_CHUNK
from kb.models import Erratum, Gene, Statement
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
    "statements": Statement,
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
        assert queries(api_client, url + "?format=csv") <= csv_ceiling(LISTS[path], few)


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


def csv_ceiling(model, page_queries: int) -> int:
    """A CSV is read a chunk of CSV_CHUNK records at a time, each chunk with the page's queries but its COUNT(*)."""
    chunks = -(-model.objects.count() // CSV_CHUNK)
    return (page_queries - 1) * max(chunks, 1)


def more_statements(copies: int) -> None:
    """``copies`` more published statements behind every link the knowledge base holds."""
    originals = list(Statement.objects.all())
    extra = []
    for index in range(copies):
        for statement in originals:
            statement.pk, statement.slug = None, f"{statement.slug[:90]}-more-{index}"
            extra.append(
                Statement(**{f.attname: getattr(statement, f.attname) for f in Statement._meta.concrete_fields})
            )
    Statement.objects.bulk_create(extra)


@pytest.mark.parametrize("path", [path for path in LISTS if path != "sources"])
def test_list_queries_do_not_grow_with_the_statements_behind_the_links(api_client, path):
    url = f"/api/v1/{path}/?page_size=500"
    few = queries(api_client, url)
    more_statements(3)
    assert queries(api_client, url) == few <= 8
    assert queries(api_client, f"/api/v1/{path}/?format=csv") <= csv_ceiling(LISTS[path], few)


@pytest.mark.parametrize(
    "url", ["/api/v1/compounds/lapatinib/", "/api/v1/mechanisms/dna-repair/", "/api/v1/genes/ERBB2/"]
)
def test_a_record_answer_does_not_grow_with_its_statements(api_client, url):
    few = queries(api_client, url)
    more_statements(3)
    assert queries(api_client, url) == few
