"""For every list and detail page, the number of SQL queries grows neither with the rows nor with the links."""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.helpers import KINDS, add_links, clone, count_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("label", KINDS)
def test_list_page_queries_do_not_grow_with_rows(client, label):
    model = apps.get_model(label)
    url = reverse(f"{model._meta.app_label}:{model._meta.model_name}_list")
    few = count_queries(client, url)
    clone(model, 15)
    assert count_queries(client, url) == few


@pytest.mark.parametrize("label", KINDS)
def test_detail_page_queries_do_not_grow_with_links(client, label):
    model = apps.get_model(label)
    record = model.objects.order_by("pk").first()
    add_links(record, limit=1)  # one link of each kind, then many: the second costs no more queries
    few = count_queries(client, record.get_absolute_url())
    add_links(record)
    if hasattr(record, "errata"):
        record.errata.add(*apps.get_model("kb.Erratum").objects.all())
    assert count_queries(client, record.get_absolute_url()) == few


def test_the_mechanism_hub_queries_do_not_grow_with_compounds_and_trials(client):
    mechanism = apps.get_model("mechanisms.Mechanism").objects.get(slug="dna-repair")
    few = count_queries(client, mechanism.get_absolute_url())
    add_links(mechanism)
    for compound in mechanism.compounds.all():
        add_links(compound)
    assert count_queries(client, mechanism.get_absolute_url()) == few


@pytest.mark.parametrize("url", ["/mechanisms/", "/mechanisms/dna-repair/", "/compounds/olaparib/", "/statements/"])
def test_page_queries_do_not_grow_with_the_statements_behind_the_links(client, url):
    from tests.api.test_queries import more_statements

    few = count_queries(client, url)
    more_statements(3)
    assert count_queries(client, url) == few <= 15
