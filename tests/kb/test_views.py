import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kb.selectors import RECORD_MODELS
from mechanisms.models import Mechanism

pytestmark = pytest.mark.django_db


def test_home_lists_the_published_counts_per_kind(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    for label in RECORD_MODELS:
        model = apps.get_model(label)
        count = model.objects.published().count()
        assert f'data-model="{label}">{count}</td>' in html
    assert 'data-model="biomarkers.MicroRNA">22</td>' in html


def test_home_counts_only_published_records_for_the_public(admin_client):
    Mechanism.objects.filter(slug="senescence").update(status="draft")
    public = Client().get(reverse("home")).content.decode()
    staff = admin_client.get(reverse("home")).content.decode()
    assert 'data-model="mechanisms.Mechanism">22</td>' in public
    assert 'data-model="mechanisms.Mechanism">23</td>' in staff


def test_home_takes_one_query_per_kind(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert len(queries) <= len(RECORD_MODELS) + 1
