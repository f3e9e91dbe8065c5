"""Every endpoint lists and shows the loaded records, as JSON and as CSV, with the fields scripts rely on."""

import csv
import io

import pytest
from django.apps import apps
from django.urls import reverse

pytestmark = pytest.mark.django_db

# endpoint basename: (model label, lookup field)
ENDPOINTS = {
    "mechanism": ("mechanisms.Mechanism", "slug"),
    "strategy": ("mechanisms.Strategy", "slug"),
    "biomarker": ("biomarkers.Biomarker", "slug"),
    "microrna": ("biomarkers.MicroRNA", "slug"),
    "compound": ("trials.Compound", "slug"),
    "trial": ("trials.Trial", "nct_id"),
    "gene": ("kb.Gene", "name"),
    "cellline": ("mechanisms.CellLine", "slug"),
    "celllinesubgroup": ("mechanisms.CellLineSubgroup", "slug"),
    "modelsystem": ("mechanisms.ModelSystem", "slug"),
    "erratum": ("kb.Erratum", "slug"),
    "source": ("kb.Source", "slug"),
}
PATHS = {
    "mechanism": "mechanisms",
    "strategy": "strategies",
    "biomarker": "biomarkers",
    "microrna": "mirnas",
    "compound": "compounds",
    "trial": "trials",
    "gene": "genes",
    "cellline": "cell-lines",
    "celllinesubgroup": "cell-line-subgroups",
    "modelsystem": "model-systems",
    "erratum": "errata",
    "statement": "statements",
    "source": "sources",
}


def all_pages(client, url):
    rows = []
    while url:
        body = client.get(url, HTTP_ACCEPT="application/json").json()
        rows += body["results"]
        url = body["next"]
    return rows


def test_the_api_root_lists_every_endpoint_with_an_example_that_answers(api_client):
    body = api_client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    assert set(body) == set(PATHS.values()) | {"search", "graph", "status", "schema", "docs", "examples"}
    assert set(body["examples"]) == set(body) - {"examples"}, "one example for every endpoint"
    for name, example in body["examples"].items():
        assert api_client.get(example).status_code == 200, (name, example)


@pytest.mark.parametrize("basename", ENDPOINTS)
def test_each_endpoint_lists_and_shows_every_loaded_record(api_client, basename):
    label, lookup = ENDPOINTS[basename]
    model = apps.get_model(label)
    url = reverse(f"{basename}-list")
    assert url == f"/api/v1/{PATHS[basename]}/"
    rows = all_pages(api_client, url + "?page_size=7")
    expected = model.objects.all()
    assert sorted(row["id"] for row in rows) == sorted(expected.values_list("pk", flat=True))
    for row in rows:
        assert {"id", "url", "name"} <= set(row)
        if basename != "source":
            assert {"status", "provenance"} <= set(row) and set(row["provenance"]) == {
                "source",
                "locator",
                "line",
                "quote",
            }
        detail = api_client.get(row["url"], HTTP_ACCEPT="application/json")
        assert detail.status_code == 200 and detail.json()["id"] == row["id"]
    key = getattr(expected.first(), lookup)
    assert api_client.get(reverse(f"{basename}-detail", kwargs={lookup: key})).status_code == 200


def test_pagination_has_count_next_previous_results_and_a_limit(api_client):
    body = api_client.get("/api/v1/mirnas/?page_size=5&page=2").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 22 and len(body["results"]) == 5 and body["previous"] and body["next"]
    assert len(api_client.get("/api/v1/mirnas/?page_size=500").json()["results"]) == 22
    refused = api_client.get("/api/v1/mirnas/?page_size=501")
    assert refused.status_code == 400 and refused.json() == {"page_size": ["A whole number from 1 to 500."]}


def test_a_script_can_walk_from_a_mechanism_to_trials(api_client):
    mechanism = api_client.get("/api/v1/mechanisms/dna-repair/").json()
    biomarker = next(b for b in mechanism["biomarkers"] if b["slug"] == "brca-mutations")
    compounds = api_client.get(biomarker["url"]).json()["compounds"]
    olaparib = api_client.get(next(c["url"] for c in compounds if c["slug"] == "olaparib")).json()
    trial = api_client.get(olaparib["trials"][0]["url"]).json()
    assert trial["nct_id"] == "NCT00494234" and trial["phase_as_printed"] == "phase ii"


def test_records_carry_identifiers_with_link_outs_and_their_errata(api_client):
    gene = api_client.get("/api/v1/genes/ABCB1/").json()
    assert gene["hgnc_id"] == "HGNC:40" and gene["hgnc_url"].endswith("HGNC:40")
    synonyms = {synonym["name"]: synonym["added_in_curation"] for synonym in gene["synonyms"]}
    assert synonyms == {"P-gp": False, "P-glycoprotein": False, "MDR1": True}, "MDR1 is a curator's addition"
    compound = api_client.get("/api/v1/compounds/lapatinib/").json()
    assert compound["chembl_id"] == "CHEMBL554" and compound["chembl_url"].endswith("CHEMBL554")
    assert compound["targets"] == ["EGFR", "ERBB2"]
    trial = api_client.get("/api/v1/trials/NCT02520063/").json()
    assert trial["registry_url"] == "https://clinicaltrials.gov/study/NCT02520063"
    assert {e["slug"] for e in trial["errata"]} >= {"table-7-letozole", "table-7-nct02520063-phase"}
    mirna = api_client.get("/api/v1/mirnas/hsa-mir-195-5p/").json()
    assert (mirna["name"], mirna["name_as_printed"], mirna["direction"], mirna["fold_change"]) == (
        "hsa-miR-195-5p",
        "Has-mir-195a-5p",
        "up",
        "5.44",
    )
    erratum = api_client.get("/api/v1/errata/table-4-mir-195a/").json()
    assert [r["url"] for r in erratum["records"]] == [mirna["url"]]


@pytest.mark.parametrize("basename", [b for b in ENDPOINTS if b != "source"])
def test_csv_parses_back_to_the_json_rows(api_client, basename):
    url = reverse(f"{basename}-list")
    rows = all_pages(api_client, url + "?page_size=500")
    for request in ({"path": url + "?format=csv"}, {"path": url, "HTTP_ACCEPT": "text/csv"}):
        response = api_client.get(**request)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        parsed = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8"))))
        assert [int(r["id"]) for r in parsed] == [r["id"] for r in rows], "every row, in the same order"
        for csv_row, json_row in zip(parsed, rows, strict=True):
            assert csv_row["name"] == str(json_row["name"])
            assert csv_row["provenance.locator"] == json_row["provenance"]["locator"]
            assert csv_row["provenance.quote"] == json_row["provenance"]["quote"]
            assert csv_row["status"] == json_row["status"]
            for name, value in json_row.items():
                if isinstance(value, list) and all(isinstance(v, dict) and "name" in v for v in value):
                    assert csv_row[name] == ";".join(v["name"] for v in value)


def test_csv_follows_the_filters(api_client):
    response = api_client.get("/api/v1/mirnas/?direction=down&format=csv")
    names = [row["name"] for row in csv.DictReader(io.StringIO(response.getvalue().decode()))]
    assert len(names) == 12 and "hsa-miR-4472" in names


def test_csv_is_streamed_in_chunks_with_one_header_and_every_row(api_client, monkeypatch):
    assert not api_client.get("/api/v1/mirnas/?format=csv").streaming  # one chunk: one response, cacheable
    monkeypatch.setattr("kb.api.base.CSV_CHUNK", 3)
    response = api_client.get("/api/v1/mirnas/?format=csv")
    assert response.streaming
    text = response.getvalue().decode()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert text.count("\r\nid,") == 0 and text.startswith("id,")
    assert [r["slug"] for r in rows] == [r["slug"] for r in all_pages(api_client, "/api/v1/mirnas/?page_size=500")]


def test_a_record_asked_with_a_format_suffix_gives_its_own_address_with_it(api_client):
    record = api_client.get("/api/v1/mechanisms/dna-repair.json").json()
    assert record["url"] == "http://testserver/api/v1/mechanisms/dna-repair.json"
    assert all(gene["url"].endswith("/") for gene in record["genes"])  # links are to the records, as JSON by default
