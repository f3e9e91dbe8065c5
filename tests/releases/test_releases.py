"""Data releases: a round trip gives the same files, drafts stay out, counts match the API, diffs are exact."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.management import call_command

from kb.releases import current_release, release_diff, release_write
from tests.factories import CompoundFactory
from tests.helpers import empty_kb
from trials.models import Compound

pytestmark = pytest.mark.django_db
BASE = "http://testserver"


@pytest.fixture(autouse=True)
def releases_dir(settings, tmp_path):
    settings.KB_RELEASES_DIR = tmp_path / "releases"
    return settings.KB_RELEASES_DIR


def export(folder) -> dict:
    return release_write(out_dir=folder, base_url=BASE)


def files(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_export_load_into_an_empty_database_and_export_again_gives_the_same_release(tmp_path):
    first = export(tmp_path / "a")
    assert export(tmp_path / "a")["release"] == first["release"], "exporting twice without a change: same hash"
    empty_kb()
    call_command("load_kb", "--fixtures", str(tmp_path / "a" / first["release"] / "fixtures"), stdout=io.StringIO())
    second = export(tmp_path / "b")
    assert second["release"] == first["release"]
    assert files(tmp_path / "a" / first["release"]) == files(tmp_path / "b" / second["release"])


def test_the_export_command_reports_each_file_and_the_release(releases_dir):
    out = io.StringIO()
    call_command("export_kb", "--base-url", BASE, stdout=out)
    text = out.getvalue()
    assert "wrote fixtures/kb.json" in text and "wrote graph/links.graphml" in text and "mirnas: 22" in text
    (folder,) = releases_dir.iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["release"] == folder.name and folder.name.startswith(manifest["date"])
    for path, entry in manifest["files"].items():
        import hashlib

        assert hashlib.sha256((folder / path).read_bytes()).hexdigest() == entry["sha256"]


def test_drafts_never_appear_in_a_release(tmp_path):
    Compound.objects.filter(slug="letrozole").update(status="draft")
    manifest = export(tmp_path)
    folder = tmp_path / manifest["release"]
    compounds = json.loads((folder / "fixtures" / "trials.json").read_text())
    assert "letrozole" not in {o["fields"].get("slug") for o in compounds}
    assert ["letrozole"] not in [o["fields"].get("compound") for o in compounds]
    assert "/compounds/letrozole/" not in (folder / "csv" / "compounds.csv").read_text()
    assert "compound:letrozole" not in (folder / "graph" / "nodes.csv").read_text()
    assert "compound:letrozole" not in (folder / "graph" / "links.graphml").read_text()
    trials = json.loads((folder / "fixtures" / "trials.json").read_text())
    trial = next(o for o in trials if o["model"] == "trials.trial" and o["fields"]["nct_id"] == "NCT02520063")
    assert ["letrozole"] not in trial["fields"]["compounds"], "no link to a draft either"


def test_manifest_counts_equal_the_api_counts(tmp_path, api_client):
    manifest = export(tmp_path)
    for kind, count in manifest["counts"].items():
        assert api_client.get(f"/api/v1/{kind}/").json()["count"] == count, kind


def test_csv_files_parse_back_to_the_api_rows(tmp_path, api_client):
    manifest = export(tmp_path)
    for kind in manifest["counts"]:
        released = list(
            csv.DictReader(
                io.StringIO((tmp_path / manifest["release"] / "csv" / f"{kind}.csv").read_text(encoding="utf-8"))
            )
        )
        api = list(csv.DictReader(io.StringIO(api_client.get(f"/api/v1/{kind}/?format=csv").getvalue().decode())))
        by_id = {row["id"]: row for row in api}
        assert sorted(row["id"] for row in released) == sorted(by_id)
        for row in released:
            expected = {k: v.replace("?format=csv", "") for k, v in by_id[row["id"]].items()}
            assert row == expected, kind


def test_graphml_parses_with_the_expected_nodes_and_edges(tmp_path):
    manifest = export(tmp_path)
    folder = tmp_path / manifest["release"] / "graph"
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = ET.parse(folder / "links.graphml").getroot().find("g:graph", ns)
    nodes = {node.get("id") for node in graph.findall("g:node", ns)}
    edges = {(e.get("source"), e.get("target"), e.find("g:data", ns).text) for e in graph.findall("g:edge", ns)}
    assert len(nodes) == sum(1 for _ in csv.DictReader((folder / "nodes.csv").open()))
    assert len(edges) == sum(1 for _ in csv.DictReader((folder / "edges.csv").open()))
    assert {"mechanism:dna-repair", "trial:NCT00494234", "gene:ERBB2", "microrna:hsa-mir-195-5p"} <= nodes
    assert ("trial:NCT00494234", "compound:olaparib", "tests") in edges
    assert ("compound:lapatinib", "gene:EGFR", "targets") in edges
    assert ("biomarker:brca-mutations", "mechanism:dna-repair", "signals") in edges


def test_the_diff_reports_a_changed_an_added_and_a_retired_record(tmp_path):
    before = export(tmp_path)
    Compound.objects.filter(slug="everolimus").update(description="Changed for the next release.")
    Compound.objects.filter(slug="trc105").update(status="retired")
    CompoundFactory(slug="tucatinib", name="Tucatinib")
    after = export(tmp_path)
    diff = release_diff(tmp_path / before["release"], tmp_path / after["release"])
    assert ("trials.compound", "tucatinib") in diff["added"]
    assert ("trials.compound", "everolimus") in diff["changed"]
    assert ("trials.compound", "trc105") in diff["removed"]
    assert ("trials.compound", "lapatinib") not in diff["changed"]
    out = io.StringIO()
    call_command("export_kb", "--out", str(tmp_path), "--base-url", BASE, "--since", before["release"], stdout=out)
    assert "trials.compound tucatinib" in out.getvalue() and "removed: " in out.getvalue()


def test_downloads_page_lists_releases_and_serves_their_files_only(client, releases_dir):
    manifest = export(releases_dir)
    page = client.get("/downloads/").content.decode()
    assert f"{manifest['release']} (current)" in page and "csv/mirnas.csv" in page
    response = client.get(f"/downloads/{manifest['release']}/csv/mirnas.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert client.get(f"/downloads/{manifest['release']}/../../settings.py").status_code == 404
    assert client.get("/downloads/2000-01-01-deadbeef/manifest.json").status_code == 404


def test_every_page_and_api_response_names_the_current_release(client, api_client, releases_dir):
    assert api_client.get("/api/v1/genes/")["X-KB-Release"] == "unreleased"
    manifest = export(releases_dir)  # the current release is read anew: exporting moved the data version on
    assert manifest["release"] in client.get("/").content.decode()
    assert api_client.get("/api/v1/genes/")["X-KB-Release"] == manifest["release"]


def test_a_not_modified_answer_names_the_current_release_too(api_client, releases_dir, settings):
    manifest = export(releases_dir)
    settings.KB_CACHE_SECONDS = 60  # the list from the shared cache, the record's 304 answered from there too
    for url in ("/api/v1/genes/", "/api/v1/genes/ERBB2/"):
        tag = api_client.get(url)["ETag"]
        unchanged = api_client.get(url, HTTP_IF_NONE_MATCH=tag)
        assert unchanged.status_code == 304 and unchanged["X-KB-Release"] == manifest["release"], url


def test_the_graph_api_whole_and_around_a_record(api_client):
    whole = api_client.get("/api/v1/graph/").json()
    around = api_client.get("/api/v1/graph/", {"record": "mechanism:dna-repair", "depth": 1}).json()
    ids = {node["id"] for node in around["nodes"]}
    assert "biomarker:brca-mutations" in ids and "compound:olaparib" in ids and len(ids) < len(whole["nodes"])
    assert all(edge["source"] in ids and edge["target"] in ids for edge in around["edges"])
    node = next(n for n in around["nodes"] if n["id"] == "mechanism:dna-repair")
    assert node["url"].endswith("/mechanisms/dna-repair/") and node["kind"] == "mechanism"
    deeper = api_client.get("/api/v1/graph/", {"record": "mechanism:dna-repair", "depth": 2}).json()
    assert "trial:NCT00494234" in {n["id"] for n in deeper["nodes"]}
    assert api_client.get("/api/v1/graph/", {"record": "mechanism:nope"}).status_code == 400
    assert api_client.get("/api/v1/graph/", {"record": "mechanism:dna-repair", "depth": 9}).status_code == 400


def test_after_make_runs_set_up_the_downloads_page_lists_a_release(client):
    """`make setup` (which `make run` runs) loads the knowledge base, then builds a release of it, quietly."""
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.fail("make is needed to read the set-up's steps")
    recipe = subprocess.run(["make", "-n", "setup"], cwd=settings.BASE_DIR, capture_output=True, text=True).stdout
    steps = [line for line in recipe.splitlines() if "manage.py" in line]
    assert [step.split("manage.py ")[1].split()[0] for step in steps][:3] == ["migrate", "load_kb", "export_kb"]
    assert client.get("/downloads/").content.decode().count("(current)") == 0
    out = io.StringIO()
    call_command("export_kb", "--verbosity", "0", stdout=out)  # the set-up's own step
    assert out.getvalue() == ""
    page = client.get("/downloads/").content.decode()
    assert "(current)" in page and "fixtures/kb.json" in page and "No release has been built yet" not in page
    assert "from Drug resistance in breast cancer" in page, "a release is of the review's curation"
    assert f'href="/downloads/">{current_release()}</a>' in client.get("/").content.decode()
