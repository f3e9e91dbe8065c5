"""After load_kb, every row of every table is in the database with its printed values."""

from decimal import Decimal

import pytest
from django.apps import apps

from biomarkers.models import Biomarker, MicroRNA
from kb.core.querysets import PUBLIC
from kb.models import Erratum, Gene, SourcePart
from mechanisms.models import CellLine, Mechanism, ModelSystem, Strategy
from trials.models import Compound, Trial

from . import expected

pytestmark = pytest.mark.django_db


def test_all_22_micrornas_with_direction_and_fold_change():
    rows = {m.name: m for m in MicroRNA.objects.all()}
    assert len(rows) == 22
    for name, printed, direction, fold_change in expected.MIRNAS:
        mirna = rows[name]
        assert (mirna.name_as_printed, mirna.direction) == (printed, direction)
        assert mirna.fold_change == (None if fold_change is None else Decimal(fold_change))
        assert mirna.fold_change_as_printed == ("unregulated" if fold_change is None else fold_change)
        assert mirna.direction_as_printed == f"{'up' if direction == 'up' else 'down'}regulated"


def test_table_4_row_order_is_kept_in_the_locators():
    locators = dict(MicroRNA.objects.values_list("name", "locator"))
    for number, (name, *_rest) in enumerate(expected.MIRNAS, 1):
        assert locators[name] == f"Table 4, row {number}"


def test_the_four_trials_with_phase_type_and_status_as_printed():
    trials = {t.nct_id: t for t in Trial.objects.prefetch_related("compounds")}
    assert set(trials) == {row[0] for row in expected.TRIALS}
    for nct, phase_printed, phase, type_printed, status_printed, status in expected.TRIALS:
        trial = trials[nct]
        assert (trial.phase_as_printed, trial.phase) == (phase_printed, phase)
        assert (trial.trial_type_as_printed, trial.trial_type) == (type_printed, "treatment")
        assert (trial.status_as_printed, trial.recruitment_status) == (status_printed, status)
        assert trial.slug == nct.lower()
        assert {c.name for c in trial.compounds.all()} == expected.TRIAL_COMPOUNDS[nct]


def test_registry_values_are_kept_apart_from_the_printed_ones():
    trial = Trial.objects.get(nct_id="NCT02520063")
    assert (trial.phase, trial.registry_phase) == ("phase1", "phase1_2")
    assert "HER2-negative" in trial.subtype and "Her2BC po-" in trial.subtype_as_printed
    kendo = Trial.objects.select_related("registry_source").get(nct_id="NCT03227328")
    # The project's brief said "completed"; the newest stored registry record (July 2020) says recruiting.
    assert (kendo.registry_phase, kendo.registry_status) == ("phase2", "recruiting")
    assert {"registry_phase", "registry_status"} <= set(kendo.curated_fields)
    for trial in Trial.objects.select_related("registry_source"):
        # Every registry value names the registry record it was read from, the day it was read and the record's date.
        assert trial.registry_source.kind == "registry" and trial.nct_id in trial.registry_source.url
        assert trial.registry_checked_on == trial.registry_source.checked_on and trial.registry_as_of is not None
        assert trial.recruitment_status != "active_not_recruiting", "the review's 'active' says no more than that"


def test_every_compound_with_its_targets():
    compounds = {c.name: c for c in Compound.objects.prefetch_related("target_links__gene")}
    assert set(compounds) == set(expected.COMPOUND_TARGETS)
    for name, (printed, added) in expected.COMPOUND_TARGETS.items():
        links = compounds[name].target_links.all()
        assert {link.gene.name: link.as_printed for link in links if not link.added_in_curation} == printed
        assert {link.gene.name for link in links if link.added_in_curation} == added


def test_table_1_rows_naming_several_compounds_become_several_compounds():
    for row, names in expected.TABLE_1_COMPOUNDS.items():
        assert set(Compound.objects.filter(locator=f"Table 1, row {row}").values_list("name", flat=True)) == names


def test_compound_identifiers_and_synonyms():
    for name, chembl in expected.CHEMBL_IDS.items():
        compound = Compound.objects.get(name=name)
        assert compound.chembl_id == chembl
        assert ("chembl_id" in compound.curated_fields) == bool(chembl), "an ID the review does not print is curated"
    for name, synonym in expected.SYNONYMS.items():
        assert Compound.objects.filter(name=name, synonyms__name=synonym).exists()
    assert Compound.objects.get(name="LGK974").synonyms.get(name="WNT974").added_in_curation


def test_every_biomarker_with_its_genes():
    biomarkers = {b.name_as_printed: b for b in Biomarker.objects.prefetch_related("genes")}
    assert set(biomarkers) == set(expected.BIOMARKERS)
    for printed, genes in expected.BIOMARKERS.items():
        assert {g.name for g in biomarkers[printed].genes.all()} == genes


def test_gene_synonyms_and_identifiers():
    for symbol, synonyms in expected.GENE_SYNONYMS.items():
        assert set(Gene.objects.get(name=symbol).synonyms.values_list("name", flat=True)) == synonyms
    assert Gene.objects.get(name="ABCB1").synonyms.get(name="MDR1").added_in_curation
    for symbol, hgnc in expected.HGNC_IDS.items():
        assert Gene.objects.get(name=symbol).hgnc_id == hgnc


def test_cell_lines_with_cellosaurus_accessions():
    assert dict(CellLine.objects.values_list("name", "cellosaurus_accession")) == expected.CELL_LINES
    assert "L-glutamine" in CellLine.objects.get(name="BT-474").culture_conditions


@pytest.mark.parametrize(("label", "count"), expected.COUNTS.items())
def test_counts_per_kind(label, count):
    assert apps.get_model(label).objects.visible_to(PUBLIC).count() == count


@pytest.mark.parametrize(("table", "spec"), expected.TABLE_RECORDS.items())
def test_every_row_of_every_table_has_its_record(table, spec):
    model, rows = apps.get_model(spec[0]), spec[1]
    locators = set(model.objects.filter(locator__startswith=f"{table}, row ").values_list("locator", flat=True))
    assert locators == {f"{table}, row {n}" for n in range(1, rows + 1)}


def test_table_8_rows_are_the_features_of_the_two_model_systems():
    in_vitro = ModelSystem.objects.get(slug="in-vitro-models")
    in_vivo = ModelSystem.objects.get(slug="in-vivo-models")
    assert [f.text_as_printed for f in in_vitro.features.all()][1:3] == ["Consumes less time", "less precise"]
    assert [f.text for f in in_vivo.features.all()][:3] == [
        "Uses whole living organism",
        "Consumes more time",
        "More precise",
    ]
    assert in_vitro.features.count() == in_vivo.features.count() == 5


@pytest.mark.parametrize(("locator", "names"), expected.MECHANISMS_BY_PART.items())
def test_mechanisms_of_table_3_and_of_the_text(locator, names):
    assert set(Mechanism.objects.filter(locator__startswith=f"{locator}, ").values_list("name", flat=True)) == names


def test_the_seven_nanoparticle_delivery_strategies():
    names = set(Strategy.objects.filter(kind="nanoparticle_delivery").values_list("name", flat=True))
    assert names == expected.NANOPARTICLE_STRATEGIES | {"Nanoparticle drug delivery"}, "the seven and their intro"
    assert "between 1 and 1000 nm" in Strategy.objects.get(slug="nanoparticle-drug-delivery").description


def test_every_part_is_reproduced_and_table_5_is_out_of_scope():
    parts = {p.slug: p for p in SourcePart.objects.all()}
    assert {f"table-{n}" for n in range(1, 9)} <= set(parts)
    table_5 = parts["table-5"]
    assert not table_5.in_scope and "major depressive disorder" in table_5.scope_note
    assert table_5.rows[0]["cells"] == {"label": "Gene", "values": "NDU FS4 NDUFV2 NDUFA2"}
    assert all(p.in_scope for slug, p in parts.items() if slug != "table-5")
    assert Erratum.objects.filter(kind="off_topic", locator="Table 5").exists()


def test_every_record_quotes_its_row_as_printed():
    """A record's quote is its row as the review printed it, traceable to the row's line."""
    parts = {p.locator: p for p in SourcePart.objects.all()}
    for model in (Compound, Biomarker, MicroRNA, Trial, Mechanism):
        for record in model.objects.exclude(locator=""):
            part_locator, _, number = record.locator.rpartition(", ")
            part = parts[part_locator]
            row = next(r for r in part.rows if r["row"] == int(number.split()[-1]))
            assert record.line == row["line"]
            assert record.quote and all(
                piece in "\n".join(row["cells"].values()) for piece in record.quote.split(" | ")
            )


def test_values_the_review_does_not_state_are_marked_as_curated():
    assert Gene.objects.get(name="PORCN").curated_fields == ["full_name", "hgnc_id", "name"]
    assert Gene.objects.get(name="PORCN").source is None
    assert "hgnc_id" in Gene.objects.get(name="ERBB2").curated_fields
    assert Gene.objects.get(name="ERBB2").source.slug == "review"
