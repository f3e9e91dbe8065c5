"""Search: the right record first for what a researcher types, on SQLite and on PostgreSQL alike."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from kb.core.kinds import fixture_files
from kb.core.querysets import PUBLIC
from kb.models import SearchEntry
from kb.search import search
from trials.models import Compound

pytestmark = pytest.mark.django_db

FIRST = [  # query, kind, name of the record that must come first
    # the queries
    ("P-gp", "biomarker", "P-glycoprotein (P-gp)"),
    ("MDR1", "gene", "ABCB1"),
    ("T-DM1", "compound", "Trastuzumab emtansine"),
    ("lapatanib", "compound", "Lapatinib"),
    ("Has-mir-195a-5p", "microRNA", "hsa-miR-195-5p"),
    ("HER2 resistance", "biomarker", "HER2 expression"),
    (
        "NCT03227328",
        "trial",
        "CDK4/6 inhibitor or chemotherapy, in combination with endocrine therapy, in advanced breast cancer",
    ),
    # gene symbols and synonyms
    ("BRCA1", "gene", "BRCA1"),
    ("ERBB2", "gene", "ERBB2"),
    ("ki67", "biomarker", "Ki-67"),
    ("aromatase", "gene", "CYP19A1"),
    # identifiers
    ("CHEMBL554", "compound", "Lapatinib"),
    ("HGNC:40", "gene", "ABCB1"),
    ("CVCL_0179", "cell line", "BT-474"),
    ("KU-0059436", "compound", "Olaparib"),
    ("WNT974", "compound", "LGK974"),
    # drug classes
    ("PARP inhibitor", "compound", "Olaparib"),
    ("tyrosine kinase inhibitor", "compound", "Lapatinib"),
    # the review's printed typos
    ("letozole", "compound", "Letrozole"),
    ("TrC105", "compound", "TRC105"),
    ("Has-mir-4472", "microRNA", "hsa-miR-4472"),
    # mechanism phrases
    ("crosstalk bypass", "mechanism", "Crosstalk and bypass pathways"),
    ("epithelial mesenchymal", "mechanism", "Epithelial-to-mesenchymal transition (EMT)"),
    ("DNA repair", "mechanism", "DNA repair"),
    ("synthetic lethality", "strategy", "Exploiting synthetic lethality"),
    # cell lines written without their hyphens, trials by number and subtype
    ("MDA-MB231", "cell line", "MDA-MB-231"),
    ("BT474", "cell line", "BT-474"),
    ("T47D", "cell line", "T-47D"),
    ("NCT00494234", "trial", "Olaparib (KU-0059436) in BRCA1- or BRCA2-positive advanced breast cancer"),
    ("TNBC", "trial", "LGK974 in patients with malignancies dependent on Wnt ligands"),
    # misspellings
    ("everolimsu", "compound", "Everolimus"),
    ("senesence", "mechanism", "Senescence"),
    ("unregulated", "erratum", "Table 4, rows 13 to 18: unregulated"),
]


@pytest.mark.parametrize(("query", "kind", "name"), FIRST, ids=[query for query, _, _ in FIRST])
def test_the_right_record_comes_first(query, kind, name):
    hits = search(query, user=PUBLIC)
    assert hits, f"nothing found for {query!r} on {connection.vendor}"
    assert (hits[0].kind, hits[0].name) == (kind, name), [(h.kind, h.name, h.score) for h in hits[:3]]


def test_the_api_answers_the_same_ranking(api_client):
    body = api_client.get("/api/v1/search/", {"q": "P-gp"}).json()
    assert [(r["kind"], r["name"]) for r in body["results"][:2]] == [
        ("biomarker", "P-glycoprotein (P-gp)"),
        ("gene", "ABCB1"),
    ]
    first = body["results"][0]
    assert first["url"].endswith("/api/v1/biomarkers/p-glycoprotein/") and first["page"].endswith(
        "/biomarkers/p-glycoprotein/"
    )
    assert "<mark>P-gp</mark>" in first["snippet"] and first["score"] > body["results"][1]["score"]
    narrowed = api_client.get("/api/v1/search/", {"q": "P-gp", "kind": "gene"}).json()
    assert [r["name"] for r in narrowed["results"]] == ["ABCB1"]
    paged = api_client.get("/api/v1/search/", {"q": "resistance", "page_size": 5}).json()
    assert paged["count"] > 5 and len(paged["results"]) == 5 and paged["next"]
    assert api_client.get("/api/v1/search/").status_code == 400
    assert api_client.get("/api/v1/search/", {"q": "x", "kind": "drug"}).status_code == 400


def test_the_search_page_labels_kinds_marks_matches_and_offers_did_you_mean(client):
    html = client.get(reverse("kb:search"), {"q": "MDR1"}).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    gene = main[main.index('<h2 class="result-kind">Gene</h2>') :]
    assert gene.index('<a href="/genes/ABCB1/">ABCB1</a>') < gene.index("</ol>") and "<mark>MDR1</mark>" in html
    html = client.get(reverse("kb:search"), {"q": "olaparib-xxxxxxx"}).content.decode()
    assert 'Did you mean <a href="?q=Olaparib">Olaparib</a>?' in html
    html = client.get(reverse("kb:search"), {"q": "T-DM1", "kind": "compound"}).content.decode()
    assert "Trastuzumab emtansine" in html and '<h2 class="result-kind">Erratum</h2>' not in html


def test_search_on_every_list_uses_the_same_service(api_client, client):
    assert [r["slug"] for r in api_client.get("/api/v1/compounds/", {"search": "T-DM1"}).json()["results"]] == [
        "trastuzumab-emtansine"
    ]
    assert [r["name"] for r in api_client.get("/api/v1/genes/", {"search": "P-gp"}).json()["results"]] == ["ABCB1"]
    html = client.get("/cell-lines/", {"search": "MDAMB231"}).content.decode()
    assert 'href="/cell-lines/mda-mb-231/"' in html and 'href="/cell-lines/bt-474/"' not in html


def test_drafts_never_appear_in_public_results(api_client, client, curator):
    Compound.objects.filter(slug="lapatinib").update(status="draft")
    assert "Lapatinib" not in [hit.name for hit in search("lapatinib", user=PUBLIC)]
    assert "Lapatinib" not in [
        r["name"] for r in api_client.get("/api/v1/search/", {"q": "lapatinib"}).json()["results"]
    ]
    assert 'href="/compounds/lapatinib/"' not in client.get(reverse("kb:search"), {"q": "lapatinib"}).content.decode()
    assert api_client.get("/api/v1/compounds/", {"search": "lapatinib"}).json()["count"] == 0
    api_client.force_authenticate(curator)
    assert "Lapatinib" in [r["name"] for r in api_client.get("/api/v1/search/", {"q": "lapatinib"}).json()["results"]]


def test_the_index_follows_an_api_write(editor):
    client = APIClient()
    client.force_authenticate(editor)
    tag = client.get("/api/v1/compounds/everolimus/")["ETag"]
    client.patch(
        "/api/v1/compounds/everolimus/", {"description": "A rapalog (Afinitor)."}, format="json", HTTP_IF_MATCH=tag
    )
    assert [hit.name for hit in search("rapalog Afinitor", user=editor)][:1] == ["Everolimus"]
    assert search("rapalog", user=PUBLIC) == [], "the edit made it a draft: not public until published"


def test_the_index_follows_an_admin_edit_of_an_inline_synonym(admin_client, superuser):
    compound = Compound.objects.get(slug="lapatinib")
    url = reverse("admin:trials_compound_change", args=[compound.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "errata": [],
            "change_reason": "Its brand name.",
            "synonyms-TOTAL_FORMS": "1",
            "synonyms-INITIAL_FORMS": "0",
            "synonyms-MIN_NUM_FORMS": "0",
            "synonyms-MAX_NUM_FORMS": "1000",
            "synonyms-0-name": "Tykerb",
            "synonyms-0-added_in_curation": "on",
            "target_links-TOTAL_FORMS": "0",
            "target_links-INITIAL_FORMS": "0",
            "target_links-MIN_NUM_FORMS": "0",
            "target_links-MAX_NUM_FORMS": "1000",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [hit.name for hit in search("Tykerb", user=superuser)][:1] == ["Lapatinib"]


def test_the_index_follows_load_kb(tmp_path):
    for name in fixture_files():
        shutil.copy(Path(settings.KB_FIXTURES_DIR) / name, tmp_path / name)
    path = tmp_path / "kb.json"
    objects = json.loads(path.read_text(encoding="utf-8"))
    gene = next(o for o in objects if o["model"] == "kb.gene" and o["fields"]["slug"] == "porcn")
    gene["fields"]["full_name"] = "porcupine O-acyltransferase (Wnt palmitoleoyl transferase)"
    path.write_text(json.dumps(objects), encoding="utf-8")
    SearchEntry.objects.all().delete()
    call_command("load_kb", "--fixtures", str(tmp_path), stdout=io.StringIO())
    assert [hit.name for hit in search("palmitoleoyl", user=PUBLIC)] == ["PORCN"]
    assert SearchEntry.objects.count() == sum(1 for _ in SearchEntry.objects.all()) > 100


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's")
def test_postgresql_keeps_a_weighted_vector_with_a_gin_index():
    entry = SearchEntry.objects.get(name="ABCB1")
    with connection.cursor() as cursor:
        cursor.execute("SELECT vector::text FROM kb_searchentry WHERE id = %s", [entry.pk])
        vector = cursor.fetchone()[0]
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'kb_searchentry'")
        indexes = " ".join(row[0] for row in cursor.fetchall())
    assert "'abcb1':1A" in vector and "'mdr1'" in vector
    assert "USING gin (vector)" in indexes and "gin_trgm_ops" in indexes


def _near_names(count: int, name: str = "Synthetic compound {n}", first: int = 0) -> None:
    """``count`` search entries named alike ("Synthetic compound 0", "… 1", …), as at 100,000 records."""
    from django.contrib.contenttypes.models import ContentType

    from kb.search.index import search_vector

    kind = ContentType.objects.get_for_model(Compound)
    SearchEntry.objects.bulk_create(
        SearchEntry(
            content_type=kind,
            object_id=10_000_000 + first + n,
            kind="compound",
            name=name.format(n=n),
            status="published",
            terms_a=name.format(n=n),
            terms_c="A kinase inhibitor of resistance.",
        )
        for n in range(count)
    )
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(vector__isnull=True).update(vector=search_vector())


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Synthetic compound 417", "Synthetic compound 417"),  # equal, among 700 that contain "Synthetic compound"
        ("synthetic-compound-41", "Synthetic compound 41"),  # letters and digits only
        ("Synthetic compund 417", "Synthetic compound 417"),  # misspelt, among 700 near names
    ],
)
def test_a_name_among_hundreds_alike_still_comes_first(query, first, curator):
    """On PostgreSQL the candidates are bounded (kb.search.query.CANDIDATES): the bound keeps the best, not any."""
    _near_names(700)
    hits = search(query, user=curator)
    assert hits[0].name == first, [(h.name, h.score) for h in hits[:3]]


def test_a_short_name_is_found_among_more_names_that_contain_it_than_are_looked_through(curator):
    """More than kb.search.query.MATCHES names hold the letters and the word ENGX, written before the one named so."""
    _near_names(1200, "Synthetic ENGX compound {n}")
    _near_names(1, "ENGX", first=5000)
    hits = search("engx", user=curator)
    assert hits[0].name == "ENGX", [(h.name, h.score) for h in hits[:3]]


@pytest.mark.parametrize("query", ["resistance", "lapatinib", "lapatanib", "MDA-MB231", "kinase inhibitor"])
def test_the_search_api_takes_at_most_8_queries_whatever_it_finds(api_client, query):
    _near_names(700)
    api_client.get("/api/v1/search/", {"q": "P-gp"})  # content types are cached once per process
    with CaptureQueriesContext(connection) as captured:
        body = api_client.get("/api/v1/search/", {"q": query, "page_size": 500}).json()
    assert body["count"] > 0
    assert len(captured) <= 8, [q["sql"][:80] for q in captured]
    if query == "resistance":
        assert len({row["kind"] for row in body["results"]}) >= 5  # records of many kinds, one query for them all
