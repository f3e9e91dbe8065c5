"""What a line-by-line audit of the knowledge base against the review found, one test per finding.

Each failed on the knowledge base as it was before statements (e72cd7f): a value that said more than the review
printed, a curator's addition shown as printed, a link whose provenance was another passage's, an error of the
review missing from the register, an identifier without its check, a fact the review states and no record held.
"""

import pytest
from django.test import Client

from biomarkers.models import MicroRNA
from kb.core.models import Erratum, Gene, SourcePart
from kb.core.statements import Statement
from mechanisms.models import Mechanism, ModelSystem, Strategy
from trials.models import Compound, Trial

pytestmark = pytest.mark.django_db


def api(path):
    return Client().get(f"/api/v1/{path}").json()


def test_the_reviews_active_is_not_given_a_registry_meaning():
    for nct in ("NCT00494234", "NCT02520063"):
        trial = Trial.objects.get(nct_id=nct)
        assert (trial.status_as_printed, trial.recruitment_status) == ("active", "active")
    assert "not one of the registry" in Trial.objects.get(nct_id="NCT00494234").get_recruitment_status_display()


def test_trial_titles_written_by_a_curator_are_marked_as_such_in_the_api_and_on_the_page():
    for nct in ("NCT00494234", "NCT02520063", "NCT03227328"):
        assert "name" in Trial.objects.get(nct_id=nct).curated_fields, f"{nct}: Table 7 prints no title"
        assert api(f"trials/{nct}/")["name_added_in_curation"] is True
    printed = Trial.objects.get(nct_id="NCT01351103")  # its title is the printed intervention
    assert "name" not in printed.curated_fields and "dependent on\nWnt ligands" in printed.quote
    page = Client().get("/trials/NCT00494234/").content.decode()
    assert "name given in curation" in page


@pytest.mark.parametrize(("path", "name"), [("compounds/lgk974/", "WNT974"), ("genes/ABCB1/", "MDR1")])
def test_curated_synonyms_are_marked_on_the_value_itself(path, name):
    synonyms = {synonym["name"]: synonym for synonym in api(path)["synonyms"]}
    assert synonyms[name]["added_in_curation"] is True
    page = Client().get(f"/{path}").content.decode()
    assert name in page.split("added in curation")[0][-400:] + page, "the page marks it"


def test_parp1_and_parp2_are_the_curators_reading_of_the_printed_parp():
    for slug in ("olaparib", "talazoparib"):
        targets = {target["name"]: target for target in api(f"compounds/{slug}/")["target_details"]}
        for gene in ("PARP1", "PARP2"):
            assert targets[gene]["as_printed"] == "ParP" and targets[gene]["added_in_curation"] is True
            assert [s["basis"] for s in targets[gene]["statements"]] == ["inferred"]


def test_links_drawn_from_another_passage_cite_that_passage():
    efflux = Statement.objects.get(slug="mechanism-drug-efflux-genes-abcb1")
    mechanism = Mechanism.objects.get(slug="drug-efflux")
    assert efflux.locator != mechanism.locator and efflux.locator.startswith("Table 2")
    assert "P-gp" in efflux.quote
    for gene in ("brca1", "brca2", "tp53"):
        statement = Statement.objects.get(slug=f"mechanism-dna-repair-genes-{gene}")
        assert statement.part.slug == "text-passages" and "dna repair mechanisms" in statement.quote


@pytest.mark.parametrize(
    ("one_end", "relation", "other_end", "count"),
    [
        ("strategies/combining-treatments/", "compounds", "compounds/{}/", 3),
        ("biomarkers/microrna-expression/", "mirnas", "mirnas/{}/", 22),
        ("biomarkers/her2-expression/", "compounds", "compounds/{}/", 2),
    ],
)
def test_a_curators_link_is_marked_on_both_ends(one_end, relation, other_end, count):
    links = api(one_end)[relation]
    assert len(links) == count
    back = {"compounds": None, "mirnas": "biomarkers"}
    for link in links:
        assert [s["basis"] for s in link["statements"]] == ["inferred"] and link["statements"][0]["reason"]
        other = api(other_end.format(link["slug"]))
        field = back[relation] or ("strategies" if "strategies" in one_end else "biomarkers")
        mirrored = next(item for item in other[field] if one_end.rstrip("/").endswith(item["slug"]))
        assert mirrored["statements"] == link["statements"]


@pytest.mark.parametrize(
    ("slug", "kind"),
    [
        ("hormonal-receptors-on-the-surface", "factual"),
        ("cell-lines-used-in-this-study", "inconsistent"),
        ("esr1-this-study-was-justified", "inconsistent"),
        ("table-7-nct00494234-status", "contradicts_registry"),
        ("models-gemms-modified", "factual"),
        ("undiscovered-genes-depression-study", "off_topic"),
    ],
)
def test_errors_of_the_review_found_on_a_second_reading_are_in_the_register(slug, kind):
    erratum = Erratum.objects.get(slug=slug)
    assert erratum.kind == kind and erratum.status == "published" and erratum.correction


def test_the_registry_erratum_nobody_could_verify_is_gone():
    assert not Erratum.objects.filter(slug="table-7-nct03227328-status").exists()
    assert Trial.objects.get(nct_id="NCT03227328").registry_status == "recruiting"


def test_every_identifier_says_where_and_when_it_was_checked():
    checked = 0
    for model, field in (
        (Gene, "hgnc_id"),
        (Compound, "chembl_id"),
        (MicroRNA, "mirbase_accession"),
        (apps_cell_line(), "cellosaurus_accession"),
    ):
        for record in model.objects.exclude(**{field: ""}):
            check = record.identifier_checks[field]
            assert check["where"] and check["checked_on"] == "2026-12-04", f"{record} {field}"
            checked += 1
    assert checked >= 50
    assert MicroRNA.objects.get(name="hsa-miR-200b-3p").mirbase_accession == "MIMAT0000318"
    assert MicroRNA.objects.get(name="hsa-miR-1233-1-5p").mirbase_accession == "", "not a current miRBase name"
    assert Compound.objects.get(slug="ribociclib").chembl_id == "", "public files disagree: left empty"


def apps_cell_line():
    from mechanisms.models import CellLine

    return CellLine


def test_facts_the_review_states_are_held_by_records_and_statements():
    trastuzumab = Compound.objects.get(slug="trastuzumab")
    assert trastuzumab.name_as_printed == "trastuzumab" and "Herceptin" in trastuzumab.synonyms.values_list(
        "name", flat=True
    )
    target = Statement.objects.get(slug="compound-trastuzumab-targets-erbb2")
    assert (target.basis, target.cited_as) == ("printed", "[5]")
    assert {gene.name for gene in Gene.objects.filter(slug__in=["ahr", "nos2"])} == {"AHR", "NOS2"}
    assert Gene.objects.get(slug="nos2").name_as_printed == "inoS"
    hypoxia = Mechanism.objects.get(slug="hypoxia")
    assert hypoxia.parent.slug == "tumor-microenvironment" and "low oxygen" in hypoxia.description
    assert ModelSystem.objects.get(slug="crispr-cas9-screening").kind == "method"
    assert "1 and 1000 nm" in Strategy.objects.get(slug="nanoparticle-drug-delivery").quote
    esr1 = Statement.objects.get(slug="mechanism-acquired-mutations-genes-esr1")
    assert "30% of patients" in esr1.quote
    captions = dict(SourcePart.objects.filter(kind="figure").values_list("slug", "rows"))
    assert {slug: rows[0]["cells"]["caption"].split(".")[0] for slug, rows in captions.items()} == {
        "figure-1": "Figure 1",
        "figure-2": "Figure 2",
        "figure-3": "Figure 3",
    }
    assert "cytotoxic anti-cancer drugs" in captions["figure-2"][0]["cells"]["caption"]
