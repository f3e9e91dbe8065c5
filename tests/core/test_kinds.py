"""The registry of kinds is the one list: a kind added through it alone is served, loaded, released and drawn."""

import csv
import io
import json
import types

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test.utils import isolate_apps
from django.urls import include, path

from kb.api import CuratedModelViewSet, CuratedSerializer
from kb.core import kinds
from kb.core.graph import build_graph
from kb.core.kinds import Kind
from kb.core.querysets import PUBLIC
from kb.releases.export import manifest_for, release_files
from kb.urls import api_router
from mechanisms.models import CellLine

pytestmark = pytest.mark.django_db
BASE = "http://testserver"


@pytest.fixture
def throwaway(settings):
    """A kind of record the project does not have (the cell lines again, under another name), added in the test
    through the registry alone; the URLs are built anew from the registry, as kb/urls.py builds them."""
    with isolate_apps("mechanisms"):

        class Throwaway(CellLine):
            __module__ = "mechanisms.models"  # its history model belongs to the app too

            class Meta:
                proxy = True
                app_label = "mechanisms"

            def get_absolute_url(self):
                return f"/throwaways/{self.slug}/"

        class ThrowawaySerializer(CuratedSerializer):
            class Meta:
                model = Throwaway
                fields = CuratedSerializer.common_fields
                read_only_fields = CuratedSerializer.common_read_only

        class ThrowawayViewSet(CuratedModelViewSet):
            queryset = Throwaway.objects.all()
            serializer_class = ThrowawaySerializer

        kind = Kind(Throwaway, "throwaways.json", api="throwaways", viewset=ThrowawayViewSet, graph=(), order=200)
        kinds.register(kind)
        urls = types.ModuleType("throwaway_urls")
        urls.urlpatterns = [path("api/v1/", include(api_router().urls)), path("", include("kb.urls"))]
        settings.ROOT_URLCONF = urls
        try:
            yield kind
        finally:
            kinds.unregister(kind)


def test_a_kind_added_through_the_registry_is_in_the_router_and_served(throwaway, api_client):
    prefixes = [prefix for prefix, _, _ in api_router().registry]
    assert prefixes[-1] == "throwaways" and prefixes.index("errata") < prefixes.index("throwaways")
    assert "throwaways" in api_client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    listed = api_client.get("/api/v1/throwaways/", HTTP_ACCEPT="application/json").json()
    assert listed["count"] == CellLine.objects.visible_to(PUBLIC).count() == 3
    assert listed["results"][0]["url"].startswith(f"{BASE}/api/v1/throwaways/")


def test_a_kind_added_through_the_registry_is_in_the_fixtures_order(throwaway):
    assert kinds.every_kind()[-1] == throwaway
    assert kinds.fixture_files()[-1] == "throwaways.json"
    assert kinds.fixture_files()[:5] == [
        "kb.json",
        "statements.json",
        "mechanisms.json",
        "biomarkers.json",
        "trials.json",
    ]
    assert throwaway in kinds.records()


def test_a_kind_added_through_the_registry_is_in_the_release(throwaway):
    files = release_files(base_url=BASE)
    fixtures = json.loads(files["fixtures/throwaways.json"])
    assert {obj["model"] for obj in fixtures} == {"mechanisms.throwaway"} and len(fixtures) == 3
    rows = list(csv.DictReader(io.StringIO(files["csv/throwaways.csv"])))
    assert sorted(row["slug"] for row in rows) == sorted(CellLine.objects.values_list("slug", flat=True))
    assert rows[0]["url"].startswith(f"{BASE}/api/v1/throwaways/")
    assert manifest_for(files)["counts"]["throwaways"] == 3


def test_a_kind_added_through_the_registry_is_in_the_graph(throwaway):
    nodes, _ = build_graph(base_url=BASE)
    drawn = {node.id: node for node in nodes if node.kind == "throwaway"}
    assert set(drawn) == {f"throwaway:{slug}" for slug in CellLine.objects.values_list("slug", flat=True)}
    assert drawn["throwaway:bt-474"].url == f"{BASE}/throwaways/bt-474/"


def test_the_registry_refuses_a_model_registered_as_two_kinds_and_takes_the_same_kind_twice():
    mechanism = kinds.kind_of("mechanisms.Mechanism")
    kinds.register(mechanism)  # an app's ready() run again (Django may): nothing changes
    assert kinds.every_kind().count(mechanism) == 1
    with pytest.raises(ImproperlyConfigured, match="two different kinds"):
        kinds.register(Kind(mechanism.model, "elsewhere.json", api="mechanisms", viewset=mechanism.viewset, order=10))
    with pytest.raises(ImproperlyConfigured, match="no viewset"):
        kinds.register(Kind(CellLine, "mechanisms.json", api="more-cell-lines"))
    with pytest.raises(ImproperlyConfigured, match="give it an API prefix and an order"):
        kinds.register(Kind(CellLine, "mechanisms.json"))  # a record nobody could list, search or release
    assert kinds.kind_of(CellLine).api == "cell-lines"
