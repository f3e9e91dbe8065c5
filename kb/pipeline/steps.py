"""The build's steps, one per kind of record the review's tables and lists give (see ``kb.pipeline.build``).

Each reads its curation file (``fixtures/curation/<kind>.csv``), finds the printed row each record
comes from, derives the normalized values from the printed cells (``kb.pipeline.normalize``), and
checks that every value it says was printed is printed there.
"""

from kb.core import kinds

from . import normalize
from .curation_files import BuildError, names_in, plain, split
from .transcription import Part, Row


class RecordSteps:
    """The kinds' steps of ``Builder``, in the order ``STEPS`` runs them."""

    def genes(self):
        for curation in self.read("genes.csv"):
            if curation["part"]:
                part, row = self.row_of(curation)
                cells = [cell for cell in row.cells.values() if plain(curation["name_as_printed"]) in plain(cell)]
                if not cells:
                    raise BuildError(
                        f"{curation['_where']}, name_as_printed: "
                        f"{curation['name_as_printed']!r} is not printed in that row"
                    )
                self.record("gene", curation, self._gene_fields(curation), part=part, row=row, quote=cells[0])
            else:
                self.record("gene", curation, self._gene_fields(curation), part=None, row=None, curated=["name"])
            record = self.records[("gene", curation["slug"])]["fields"]
            for synonym in split(curation["synonyms"]):
                # Printed in the gene's row, or elsewhere in the review: the locator says only the former.
                here = names_in(synonym, record["quote"])
                locator = record["locator"] if here else ""
                self.synonym("kb.GeneSynonym", curation["slug"], synonym, added=False, locator=locator)
            for synonym in split(curation["synonyms_added"]):
                self.synonym("kb.GeneSynonym", curation["slug"], synonym, added=True)

    def _gene_fields(self, curation):
        return {
            "name": curation["name"],
            "name_as_printed": curation["name_as_printed"],
            "description": "",
            "full_name": curation["full_name"],
            "hgnc_id": curation["hgnc_id"],
            "errata": [],
        }

    def synonym(self, label: str, owner: str, name: str, *, added: bool, locator: str = ""):
        owner_field = kinds.kind_of(label).owner
        self.add(label, {owner_field: [owner], "name": name, "added_in_curation": added, "locator": locator})

    def mechanisms(self):
        for curation in self.read("mechanisms.csv"):
            part, row = self.row_of(curation)
            fields = self.named_fields("mechanism", curation, part, row) | {
                "category": curation["category"],
                "therapy_context": curation["therapy_context"],
                "parent": [curation["parent"]] if curation["parent"] else None,
                "genes": self.link(curation, "genes", "gene", curation["genes"]),
                "errata": [],
            }
            if curation["parent"]:
                self.links.append((curation["_where"], "parent", "mechanism", curation["parent"]))
            self.record("mechanism", curation, fields, part=part, row=row)

    def strategies(self):
        for curation in self.read("strategies.csv"):
            part, row = self.row_of(curation)
            fields = self.named_fields("strategy", curation, part, row) | {
                "kind": curation["kind"],
                "therapy_context": curation["therapy_context"],
                "mechanisms": self.link(curation, "mechanisms", "mechanism", curation["mechanisms"]),
                "errata": [],
            }
            self.record("strategy", curation, fields, part=part, row=row)

    def cell_lines(self):
        for curation in self.read("cell_lines.csv"):
            part, row = self.row_of(curation, "text-cell-lines")
            fields = self.named_fields("cell-line", curation, part, row) | {
                "cellosaurus_accession": curation["cellosaurus_accession"],
                "culture_conditions": curation["culture_conditions"],
                "errata": [],
            }
            self.record(
                "cell-line",
                curation,
                fields,
                part=part,
                row=row,
                curated=["culture_conditions"] * bool(curation["culture_conditions"]),
            )

    def subgroups(self):
        part = self.transcription.part("table-6")
        for curation in self.read("cell_line_subgroups.csv"):
            _, row = self.row_of(curation, "table-6")
            _, subtypes_row = self.row_of({**curation, "row": curation["molecular_subtypes_row"]}, "table-6")
            fields = {
                "name": curation["name"],
                "name_as_printed": row.cells["subgroup"],
                "description": "",
                "molecular_subtypes": curation["molecular_subtypes"],
                "molecular_subtypes_as_printed": subtypes_row.cells["molecular_subtypes"],
                "errata": [],
            }
            self.record("subgroup", curation, fields, part=part, row=row)

    def model_systems(self):
        for curation in self.read("model_systems.csv"):
            if curation["part"] == "table-8":
                self._table_8_column(curation)
                continue
            part, row = self.row_of(curation)
            fields = self.named_fields("model-system", curation, part, row) | {"kind": curation["kind"], "errata": []}
            self.record("model-system", curation, fields, part=part, row=row)

    def _table_8_column(self, curation):
        part = self.transcription.part("table-8")
        column = curation["kind"]
        heading = part.columns[part.cell_names.index(column)]
        cells = [part.rows[number].cells[column] for number in sorted(part.rows)]
        fields = {
            "name": curation["name"],
            "name_as_printed": heading,
            "description": "",
            "kind": curation["kind"],
            "errata": [],
        }
        self.record(
            "model-system",
            curation,
            fields,
            part=part,
            row=None,
            quote=" | ".join([heading, *cells]),
            locator=f'{part.locator}, column "{heading}"',
            line=part.line,
        )
        for number in sorted(part.rows):
            row = part.rows[number]
            self.add(
                "mechanisms.ModelSystemFeature",
                {
                    "model_system": [curation["slug"]],
                    "position": number,
                    "text": normalize.prose(row.cells[column]),
                    "text_as_printed": row.cells[column],
                    "locator": part.row_locator(number),
                    "line": row.line,
                },
            )

    def biomarkers(self):
        for curation in self.read("biomarkers.csv"):
            part, row = self.row_of(curation)
            fields = self.named_fields("biomarker", curation, part, row) | {
                "kind": curation["kind"],
                "therapy_context": curation["therapy_context"],
                "genes": self.link(curation, "genes", "gene", curation["genes"]),
                "mechanisms": self.link(curation, "mechanisms", "mechanism", curation["mechanisms"]),
                "errata": [],
            }
            self.record("biomarker", curation, fields, part=part, row=row)

    def mirnas(self):
        part = self.transcription.part("table-4")
        by_row = {int(curation["row"]): curation for curation in self.read("mirnas.csv")}
        for number in sorted(part.rows):
            row = part.rows[number]
            curation = by_row.get(number, {"_where": f"curation/mirnas.csv, row {number}"})
            printed = row.cells["microrna"]
            # A microRNA's slug comes from its corrected name, so the corrections are found by the row.
            text, used = plain(printed), []
            for erratum in self.errata:
                if erratum["part"] == "table-4" and erratum["apply"] == "yes" and plain(erratum["as_printed"]) in text:
                    text, used = text.replace(plain(erratum["as_printed"]), erratum["correction"]), used + [erratum]
            try:
                name = normalize.mirna_name(text)
                slug = normalize.slug(name)
                fold = normalize.fold_change(row.cells["fold_change"])
                direction = normalize.direction(row.cells["expression"])
            except ValueError as exc:
                raise BuildError(f"tables/table-4.csv, row {number}: {exc}") from None
            for erratum in used:
                if (erratum["slug"], "mirna", slug) not in self.applied:
                    raise BuildError(
                        f"{erratum['_where']}, records: it corrects row {number} but does not name mirna:{slug}"
                    )
                self.applied[(erratum["slug"], "mirna", slug)] = True
            fields = {
                "slug": slug,
                "name": name,
                "name_as_printed": printed,
                "description": "",
                "direction": direction,
                "direction_as_printed": row.cells["expression"],
                "fold_change": None if fold is None else str(fold),
                "fold_change_as_printed": row.cells["fold_change"],
                "mechanisms": self.link(curation, "mechanisms", "mechanism", curation.get("mechanisms", "")),
                "biomarkers": self.link(curation, "biomarkers", "biomarker", curation.get("biomarkers", "")),
                "errata": [],
            }
            self.record("mirna", curation, fields, part=part, row=row)

    def compounds(self):
        rows = self.read("compounds.csv")
        self._check_table_1(rows)
        for curation in rows:
            part, row = self.row_of(curation)
            slug = curation["slug"]
            self.check_printed(curation, "name_as_printed", curation["name_as_printed"], row)
            self.check_printed(curation, "drug_class_as_printed", curation["drug_class_as_printed"], row)
            corrected_name = self.corrected("compound", slug, curation["name_as_printed"])
            description = curation["description"]
            if not description and part.slug == "table-1":
                description = normalize.prose(self.corrected("compound", slug, row.cells["description"]))
            fields = {
                "name": curation["name"] or normalize.compound_name(corrected_name),
                "name_as_printed": curation["name_as_printed"],
                "description": description,
                "drug_class": curation["drug_class"],
                "drug_class_as_printed": curation["drug_class_as_printed"],
                "chembl_id": curation["chembl_id"],
                "mechanisms": self.link(curation, "mechanisms", "mechanism", curation["mechanisms"]),
                "biomarkers": self.link(curation, "biomarkers", "biomarker", curation["biomarkers"]),
                "strategies": self.link(curation, "strategies", "strategy", curation["strategies"]),
                "errata": [],
            }
            self.record("compound", curation, fields, part=part, row=row)
            for entry in split(curation["synonyms"]):
                synonym, locator = self.printed_synonym(curation, entry, part, row)
                self.synonym("trials.CompoundSynonym", slug, synonym, added=False, locator=locator)
            for synonym in split(curation["synonyms_added"]):
                self.synonym("trials.CompoundSynonym", slug, synonym, added=True)
            for target in split(curation["targets"]):
                gene, _, printed = target.partition("=")
                self.check_printed(curation, "targets", printed, row)
                self._target(curation, gene, printed, False)
            for gene in split(curation["targets_added"]):
                self._target(curation, gene, "", True)

    def printed_synonym(self, curation, entry: str, part: Part, row: Row) -> tuple[str, str]:
        """A printed synonym ("KU-0059436@table-7:1" if printed in another row) and the locator of its row."""
        synonym, _, elsewhere = entry.partition("@")
        if elsewhere:
            part_slug, _, number = elsewhere.partition(":")
            part, row = self.row_of({**curation, "row": number}, part_slug)
        text = self.corrected("compound", curation["slug"], row.text())
        if not names_in(synonym, text):
            raise BuildError(
                f"{curation['_where']}, synonyms: {synonym!r} is not printed in {part.row_locator(row.number)}"
            )
        return synonym, part.row_locator(row.number)

    def _target(self, curation, gene, printed, added):
        self.links.append((curation["_where"], "targets", "gene", gene))
        self.add(
            "trials.CompoundTarget",
            {"compound": [curation["slug"]], "gene": [gene], "as_printed": printed, "added_in_curation": added},
        )

    def _check_table_1(self, rows):
        """Every compound a row of Table 1 names, by the splitting rule, has exactly one curation row."""
        part = self.transcription.part("table-1")
        for number, row in sorted(part.rows.items()):
            curated = [
                curation for curation in rows if curation["part"] == "table-1" and curation["row"] == str(number)
            ]
            named = [
                printed
                for printed, _ in normalize.split_compounds(
                    self.corrected_any("compound", curated, row.cells["compound"])
                )
            ]
            listed = [self.corrected("compound", curation["slug"], curation["name_as_printed"]) for curation in curated]
            if sorted(named) != sorted(listed):
                raise BuildError(
                    f"curation/compounds.csv: Table 1, row {number} names {named}, "
                    f"but the curation rows for it are {listed}"
                )

    def corrected_any(self, kind, curated, text):
        for curation in curated:
            text = self.corrected(kind, curation["slug"], text)
        return text

    def trials(self):
        part = self.transcription.part("table-7")
        for curation in self.read("trials.csv"):
            _, row = self.row_of(curation, "table-7")
            cells = {name: self.corrected("trial", curation["slug"], text) for name, text in row.cells.items()}
            try:
                nct = normalize.nct_id(cells["trial_id"])
                values = {
                    "phase": normalize.trial_phase(cells["phase"]),
                    "trial_type": normalize.trial_type(cells["type"]),
                    "recruitment_status": normalize.trial_status(cells["status"]),
                }
            except ValueError as exc:
                raise BuildError(f"tables/table-7.csv, row {row.number}: {exc}") from None
            if curation["slug"] != nct.lower():
                raise BuildError(
                    f"{curation['_where']}, slug: row {row.number} prints {nct}; the slug must be {nct.lower()!r}"
                )
            fields = {
                "name": curation["name"],
                "name_as_printed": row.cells["trial_id"],
                "description": "",
                "nct_id": nct,
                "intervention_as_printed": row.cells["intervention"],
                "subtype": curation["subtype"],
                "subtype_as_printed": row.cells["subtype"],
                "phase_as_printed": row.cells["phase"],
                "trial_type_as_printed": row.cells["type"],
                "status_as_printed": row.cells["status"],
                **self.registry_values(curation),
                "compounds": self.link(curation, "compounds", "compound", curation["compounds"]),
                "biomarkers": self.link(curation, "biomarkers", "biomarker", curation["biomarkers"]),
                "errata": [],
                **values,
            }
            self.record("trial", curation, fields, part=part, row=row)

    def registry_values(self, curation: dict) -> dict:
        """A trial's phase and status in the registry, from the registry record (a source of curation/sources.csv)
        named as their source, with the day it was read and the date of the record; none without one."""
        values = {"registry_phase": curation["registry_phase"], "registry_status": curation["registry_status"]}
        source = curation.get("registry_source", "")
        if not source:
            if any(values.values()):
                raise BuildError(f"{curation['_where']}, registry_source: registry values need their record")
            return {**values, "registry_checked_on": None, "registry_as_of": None, "registry_source": None}
        record = self.extra_sources.get(source)
        if record is None or record["kind"] != "registry":
            raise BuildError(f"{curation['_where']}, registry_source: no registry record {source!r} in sources.csv")
        return {
            **values,
            "registry_checked_on": record["checked_on"],
            "registry_as_of": curation.get("registry_as_of") or None,
            "registry_source": [source],
        }


# The steps, in the order the build runs them: a record's links are checked once all are built.
STEPS = (
    RecordSteps.genes,
    RecordSteps.mechanisms,
    RecordSteps.strategies,
    RecordSteps.cell_lines,
    RecordSteps.subgroups,
    RecordSteps.model_systems,
    RecordSteps.biomarkers,
    RecordSteps.mirnas,
    RecordSteps.compounds,
    RecordSteps.trials,
)
