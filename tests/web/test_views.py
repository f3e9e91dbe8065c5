import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kb.core import kinds
from kb.core.querysets import PUBLIC
from mechanisms.models import Mechanism
from tests.factories import CompoundFactory, MechanismFactory, TrialFactory

pytestmark = pytest.mark.django_db


def test_home_lists_the_published_counts_per_kind(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    for kind in kinds.records():
        count = kind.model.objects.visible_to(PUBLIC).count()
        assert f'data-model="{kind.label}">{count}</td>' in html
    assert 'data-model="biomarkers.MicroRNA">22</td>' in html


def test_home_counts_only_published_records_for_the_public(admin_client, superuser):
    from kb.curation.services import record_transition

    record_transition(record=Mechanism.objects.get(slug="senescence"), action="draft", user=superuser)
    public = Client().get(reverse("home")).content.decode()
    staff = admin_client.get(reverse("home")).content.decode()
    assert 'data-model="mechanisms.Mechanism">23</td>' in public
    assert 'data-model="mechanisms.Mechanism">24</td>' in staff


def test_home_queries_do_not_grow_with_the_records(client):
    with CaptureQueriesContext(connection) as before:
        assert client.get(reverse("home")).status_code == 200
    TrialFactory(compounds=[CompoundFactory(mechanisms=[MechanismFactory()])])  # more records, linked, of 3 kinds
    with CaptureQueriesContext(connection) as after:
        assert client.get(reverse("home")).status_code == 200
    assert len(after) == len(before)


def test_home_has_entry_points_and_recent_changes(client):
    html = client.get(reverse("home")).content.decode()
    assert '/mechanisms/?category=origin">Origin of resistance</a> (2)' in html
    assert '/mechanisms/?therapy_context=endocrine">Endocrine therapy</a> (6)' in html
    assert "Recent changes" in html and "Loaded from the review" in html


def test_every_page_footer_names_the_source_and_the_data_release(client):
    for url in ("/", "/mechanisms/", "/trials/NCT00494234/"):
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site">') :]
        assert 'href="/sources/review/">Drug resistance in breast cancer</a>, data of 26 November 2026' in footer
        assert "Data release:" in footer and 'href="/about/#cite">How to cite</a>' in footer


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/mechanisms/dna-repair/",
        "/mechanisms/",
        "/compounds/olaparib/",
        "/compounds/",
        "/mirnas/",
        "/errata/",
        "/sources/review/",
        "/statements/",
        "/statements/compound-lapatinib-targets-erbb2/",
        "/biomarkers/her2-expression/",
        "/genes/ERBB2/",
        "/search/?q=HER2",
        "/search/?q=resistance",
    ],
)
def test_pages_stay_within_15_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 15, [q["sql"][:80] for q in queries.captured_queries]
