"""A record that is not published is on no public surface: pages, links, lists, CSV, search, graph, filters, counts."""

import pytest
from django.db.models import Count
from django.test import Client
from rest_framework.test import APIClient

from kb.core.querysets import PUBLIC
from kb.curation.services import record_save
from mechanisms.models import Mechanism
from tests.conftest import make_account

pytestmark = pytest.mark.django_db
SECRET = "Zyxwquorn unpublished route"


@pytest.fixture
def draft():
    """A linked mechanism, renamed by an editor: the edit takes it off the site, in review, until another editor
    publishes it."""
    record = (
        Mechanism.objects.visible_to(PUBLIC)
        .annotate(links=Count("genes", distinct=True) + Count("compounds", distinct=True))
        .order_by("-links", "pk")
        .first()
    )
    assert record.genes.exists()
    record.name = SECRET
    record_save(record=record, user=make_account("draft-editor", "editors"))
    record.refresh_from_db()
    assert record.status == "in_review"
    return record


def public_surfaces(record) -> list[str]:
    gene = record.genes.first()
    urls = [
        "/",
        "/mechanisms/",
        "/sources/review/",
        gene.get_absolute_url(),
        f"/search/?q={SECRET}",
        "/api/v1/mechanisms/?page_size=500",
        "/api/v1/mechanisms/?format=csv",
        f"/api/v1/genes/{gene.name}/",
        "/api/v1/genes/?format=csv",
        f"/api/v1/search/?q={SECRET}",
        "/api/v1/graph/",
        "/api/v1/errata/?page_size=500",
    ]
    urls += [compound.get_absolute_url() for compound in record.compounds.all()]
    urls += [f"/api/v1/compounds/{compound.slug}/" for compound in record.compounds.all()]
    return urls


def test_a_draft_is_on_no_public_surface(draft):
    client, api = Client(), APIClient()
    for url in public_surfaces(draft):
        response = (api if url.startswith("/api/") else client).get(url)
        assert response.status_code == 200, url
        text = response.getvalue().decode()  # CSV is streamed
        if "q=" in url:  # a search repeats its query; its results must not hold the draft
            text = text.replace(SECRET, "")
        assert SECRET not in text and f"/{draft.slug}/" not in text, f"{url} shows the draft"
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert api.get(f"/api/v1/mechanisms/{draft.slug}/").status_code == 404
    response = api.get(f"/api/v1/mechanisms/?parent={draft.slug}")
    assert response.status_code == 400  # not a choice the public can filter by
    assert api.get(f"/api/v1/graph/?record=mechanism:{draft.slug}").status_code == 400


def test_staff_see_the_draft_where_the_public_does_not(draft, curator):
    client, api = Client(), APIClient()
    client.force_login(curator)
    api.force_authenticate(curator)
    assert SECRET in client.get(draft.get_absolute_url()).content.decode()
    assert api.get(f"/api/v1/mechanisms/{draft.slug}/").json()["status"] == "in_review"
    assert SECRET in api.get(f"/api/v1/search/?q={SECRET}").content.decode()
