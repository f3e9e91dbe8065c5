"""Writes: curators only, validated with field errors, stamped, in the history; drafts invisible to the public."""

import csv
import io

import pytest
from rest_framework.authtoken.models import Token

from trials.models import Compound

pytestmark = pytest.mark.django_db

NEW = {
    "slug": "neratinib",
    "name": "Neratinib",
    "drug_class": "Tyrosine kinase inhibitor",
    "chembl_id": "CHEMBL180022",
    "curated_fields": ["chembl_id"],
    "curator_note": "Added by a curator; not named by the review.",
}


def token_client(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api_client


def test_anonymous_writes_are_refused(api_client):
    assert api_client.post("/api/v1/compounds/", NEW, format="json").status_code in (401, 403)
    assert api_client.patch("/api/v1/compounds/lapatinib/", {"name": "x"}, format="json").status_code in (401, 403)
    assert api_client.delete("/api/v1/trials/NCT00494234/").status_code in (401, 403)
    assert Compound.objects.get(slug="lapatinib").name == "Lapatinib"


def test_a_reader_without_the_permission_cannot_write(api_client, reader):
    client = token_client(api_client, reader)
    assert client.get("/api/v1/compounds/").status_code == 200
    assert client.post("/api/v1/compounds/", NEW, format="json").status_code == 403


def test_a_curators_write_is_validated_with_field_errors(api_client, curator):
    client = token_client(api_client, curator)
    response = client.post(
        "/api/v1/compounds/", {**NEW, "chembl_id": "chembl 180022", "mechanisms": ["nope"]}, format="json"
    )
    assert response.status_code == 400
    assert "CHEMBL554" in response.json()["chembl_id"][0]
    assert "mechanisms" in response.json()
    response = client.post("/api/v1/compounds/", {**NEW, "provenance": {"locator": "Table 1, row 9"}}, format="json")
    assert response.status_code == 400 and "source" in response.json()
    response = client.post("/api/v1/compounds/", {**NEW, "slug": "lapatinib", "name": "Lapatinib"}, format="json")
    assert response.status_code == 400 and "slug" in response.json()
    assert not Compound.objects.filter(slug="neratinib").exists()


def test_a_curators_write_is_stamped_and_in_the_history(api_client, curator):
    client = token_client(api_client, curator)
    response = client.post("/api/v1/compounds/", NEW, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    # the login name is private: the public sees the display name the curator chose, here none
    assert body["status"] == "draft" and body["created_by"] is body["updated_by"] is None
    assert body["mechanisms"] == [] and body["biomarkers"] == [], "links are drawn by statements"
    compound = Compound.objects.get(slug="neratinib")
    assert compound.created_by == curator and compound.history.get().history_user == curator

    tag = client.get("/api/v1/compounds/neratinib/")["ETag"]
    response = client.patch(
        "/api/v1/compounds/neratinib/",
        {"description": "An irreversible pan-HER inhibitor.", "provenance": {"source": "review", "line": 5}},
        format="json",
        HTTP_IF_MATCH=tag,
    )
    assert response.status_code == 200, response.content
    compound.refresh_from_db()
    assert (
        compound.description.startswith("An irreversible") and compound.line == 5 and compound.source.slug == "review"
    )
    latest = compound.history.latest("history_date")
    assert latest.history_type == "~" and latest.history_user == curator
    assert client.delete("/api/v1/compounds/neratinib/").status_code == 403, "curators do not delete"


def test_an_editor_deletes_and_the_deletion_is_in_the_history(api_client, editor):
    client = token_client(api_client, editor)
    assert client.delete("/api/v1/compounds/letrozole/").status_code == 204
    compound = Compound.history.filter(slug="letrozole").latest("history_date")
    assert compound.history_type == "-" and compound.history_user == editor


def test_session_writes_need_the_csrf_token(curator):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(curator)
    assert client.post("/api/v1/compounds/", NEW, format="json").status_code == 403


def test_drafts_are_invisible_to_anonymous_readers(api_client, curator):
    Compound.objects.filter(slug="lapatinib").update(status="draft")
    listed = {row["slug"] for row in api_client.get("/api/v1/compounds/?page_size=500").json()["results"]}
    assert "lapatinib" not in listed and len(listed) == Compound.objects.count() - 1
    assert api_client.get("/api/v1/compounds/lapatinib/").status_code == 404
    csv_rows = list(csv.DictReader(io.StringIO(api_client.get("/api/v1/compounds/?format=csv").getvalue().decode())))
    assert "lapatinib" not in {row["slug"] for row in csv_rows} and len(csv_rows) == len(listed)
    gene = api_client.get("/api/v1/genes/EGFR/").json()
    assert gene["compounds"] == [], "links do not reveal a draft either"
    trial_links = api_client.get("/api/v1/biomarkers/her2-expression/").json()["compounds"]
    assert "lapatinib" not in {c["slug"] for c in trial_links}

    api_client.force_authenticate(curator)
    assert api_client.get("/api/v1/compounds/lapatinib/").json()["status"] == "draft"
    assert api_client.get("/api/v1/compounds/?status=draft").json()["count"] == 1
