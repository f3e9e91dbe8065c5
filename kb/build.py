"""Build the Django fixtures in ``fixtures/`` from the transcribed tables and the curation files.

- ``fixtures/tables/``: what the review printed, row by row (see ``kb.transcription``).
- ``fixtures/curation/``: one CSV per kind of record, keyed by slug: which printed row a record
  comes from, its vocabulary values, its links, the identifiers added in curation, and the errata
  register (``errata.csv``).

Values are derived from the printed cells by the rules of ``kb.normalize``, after the errata marked
``apply`` have corrected the printed text; every ``*_as_printed`` value and every quote is copied
from the transcription, never typed twice. The output is deterministic: the same input builds the
same bytes, which a test compares with the committed fixtures.
"""

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

from . import normalize
from .transcription import Part, Row, Transcription, TranscriptionError, read_transcription

FIXTURE_FILES = ("kb.json", "mechanisms.json", "biomarkers.json", "trials.json")

# Kinds of record as the curation files name them: model label and fixture file.
KINDS = {
    "gene": ("kb.gene", "kb.json"),
    "mechanism": ("mechanisms.mechanism", "mechanisms.json"),
    "strategy": ("mechanisms.strategy", "mechanisms.json"),
    "cell-line": ("mechanisms.cellline", "mechanisms.json"),
    "subgroup": ("mechanisms.celllinesubgroup", "mechanisms.json"),
    "model-system": ("mechanisms.modelsystem", "mechanisms.json"),
    "biomarker": ("biomarkers.biomarker", "biomarkers.json"),
    "mirna": ("biomarkers.microrna", "biomarkers.json"),
    "compound": ("trials.compound", "trials.json"),
    "trial": ("trials.trial", "trials.json"),
}
# Identifier fields: the review prints none of them (NCT numbers aside), so they are always curated.
IDENTIFIER_FIELDS = ("hgnc_id", "full_name", "chembl_id", "cellosaurus_accession", "registry_phase", "registry_status")


class BuildError(Exception):
    """A transcription or curation file the build cannot use, with the file, row and column concerned."""


def _plain(text: str) -> str:
    """Text with the extraction's no-break spaces as plain ones, for comparing printed strings."""
    return text.replace("\u00a0", " ")


def _names(name: str, text: str) -> bool:
    """Whether the text prints the name as a word of its own, whatever its capitals, spaces or hyphens."""
    words = [re.escape(word) for word in re.split(r"[\s-]+", name.lower()) if word]
    pattern = r"(?<![a-z0-9])" + r"[\s-]?".join(words) + r"(?![a-z0-9])"
    return re.search(pattern, normalize.restore_case(normalize.join_lines(text)).lower()) is not None


def _split(value: str) -> list[str]:
    return [item.strip() for item in (value or "").split(";") if item.strip()]


def _keys(values) -> list[list[str]]:
    return [[value] for value in sorted(values)]


class Builder:
    """Turns a transcription and the curation files into fixture objects, one list per fixture file."""

    def __init__(self, transcription: Transcription, curation_dir: Path):
        self.t = transcription
        self.curation_dir = curation_dir
        self.stamp = transcription.source["release_date"]
        self.source_key = [transcription.source["slug"]]
        self.files: dict[str, list[dict]] = {name: [] for name in FIXTURE_FILES}
        self.records: dict[tuple[str, str], dict] = {}
        self.links: list[tuple[str, str, str, str]] = []  # (where, field, kind, slug) to check at the end
        self.errata = self.read("errata.csv")
        self.applied: dict[tuple[str, str, str], bool] = {}
        self.errata_of: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for erratum in self.errata:
            for ref in _split(erratum["records"]):
                kind, _, slug = ref.partition(":")
                if kind not in KINDS:
                    raise BuildError(f"{erratum['_where']}, records: unknown kind of record {kind!r} in {ref!r}")
                self.errata_of[(kind, slug)].append(erratum)
                if erratum["apply"] == "yes":
                    self.applied[(erratum["slug"], kind, slug)] = False

    # Reading

    def read(self, name: str) -> list[dict]:
        path = self.curation_dir / name
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as exc:
            raise BuildError(f"{path}: {exc}") from exc
        for number, row in enumerate(rows, 2):
            row["_where"] = f"curation/{name}, line {number}" + (f" ({row['slug']})" if row.get("slug") else "")
        return rows

    def row_of(self, record: dict, part_slug: str | None = None) -> tuple[Part, Row]:
        try:
            part = self.t.part(part_slug or record["part"])
            return part, part.row(int(record["row"]))
        except (TranscriptionError, ValueError, KeyError) as exc:
            raise BuildError(f"{record['_where']}, part/row: {exc}") from None

    def corrected(self, kind: str, slug: str, text: str) -> str:
        """The printed text with the corrections of the errata marked ``apply`` that touch this record."""
        text = _plain(text)
        for erratum in self.errata_of[(kind, slug)]:
            printed = _plain(erratum["as_printed"])
            if erratum["apply"] == "yes" and printed in text:
                text = text.replace(printed, erratum["correction"])
                self.applied[(erratum["slug"], kind, slug)] = True
        return text

    # Records

    def record(
        self,
        kind: str,
        cur: dict,
        fields: dict,
        *,
        part: Part | None,
        row: Row | None,
        quote: str | None = None,
        curated=(),
        locator: str | None = None,
        line: int | None = None,
    ) -> dict:
        model, file = KINDS[kind]
        slug = cur["slug"] if "slug" in cur and cur["slug"] else fields.pop("slug")
        if (kind, slug) in self.records:
            raise BuildError(f"{cur['_where']}, slug: {kind} {slug!r} is defined twice")
        curated_fields = set(_split(cur.get("curated_fields", ""))) | set(curated)
        curated_fields |= {name for name in IDENTIFIER_FIELDS if fields.get(name)}
        has_source = part is not None or locator is not None
        obj = {
            "model": model,
            "fields": {
                "slug": slug,
                "source": self.source_key if has_source else None,
                "locator": locator or (part.row_locator(row.number) if part and row else ""),
                "line": line or (row.line if row else None),
                "quote": quote if quote is not None else (part.quote(row.number) if part and row else ""),
                "curated_fields": sorted(curated_fields),
                "status": "published",
                "curator_note": cur.get("note", ""),
                "created_at": self.stamp,
                "updated_at": self.stamp,
                **fields,
            },
        }
        self.records[(kind, slug)] = obj
        self.files[file].append(obj)
        return obj

    def link(self, cur: dict, field: str, kind: str, value: str) -> list[list[str]]:
        slugs = _split(value)
        self.links += [(cur["_where"], field, kind, slug) for slug in slugs]
        return _keys(slugs)

    def check_printed(self, cur: dict, field: str, printed: str, row: Row):
        if printed and _plain(printed) not in _plain(row.text()):
            raise BuildError(f"{cur['_where']}, {field}: {printed!r} is not printed in that row")

    def named(self, kind: str, cur: dict, part: Part, row: Row) -> dict:
        """Name, name as printed and description of a record whose row is a name and a text."""
        name_cell, text_cell = part.cell_names[0], part.cell_names[1]
        printed = row.cells[name_cell]
        name = cur.get("name") or normalize.name(self.corrected(kind, cur["slug"], printed))
        description = cur.get("description", "")
        if description == "(none)":
            description = ""
        elif not description:
            description = normalize.prose(self.corrected(kind, cur["slug"], row.cells[text_cell]))
        return {"name": name, "name_as_printed": printed, "description": description}

    # Kinds

    def genes(self):
        for cur in self.read("genes.csv"):
            if cur["part"]:
                part, row = self.row_of(cur)
                cells = [cell for cell in row.cells.values() if _plain(cur["name_as_printed"]) in _plain(cell)]
                if not cells:
                    raise BuildError(
                        f"{cur['_where']}, name_as_printed: {cur['name_as_printed']!r} is not printed in that row"
                    )
                self.record("gene", cur, self._gene_fields(cur), part=part, row=row, quote=cells[0])
            else:
                self.record("gene", cur, self._gene_fields(cur), part=None, row=None, curated=["name"])
            record = self.records[("gene", cur["slug"])]["fields"]
            for synonym in _split(cur["synonyms"]):
                # Printed in the gene's row, or elsewhere in the review: the locator says only the former.
                here = _names(synonym, record["quote"])
                locator = record["locator"] if here else ""
                self.owned("kb.genesynonym", "kb.json", "gene", cur["slug"], synonym, False, locator)
            for synonym in _split(cur["synonyms_added"]):
                self.owned("kb.genesynonym", "kb.json", "gene", cur["slug"], synonym, True, "")

    def _gene_fields(self, cur):
        return {
            "name": cur["name"],
            "name_as_printed": cur["name_as_printed"],
            "description": "",
            "full_name": cur["full_name"],
            "hgnc_id": cur["hgnc_id"],
            "errata": [],
        }

    def owned(self, model, file, owner_field, owner, name, added, locator):
        self.files[file].append(
            {
                "model": model,
                "fields": {owner_field: [owner], "name": name, "added_in_curation": added, "locator": locator},
            }
        )

    def mechanisms(self):
        for cur in self.read("mechanisms.csv"):
            part, row = self.row_of(cur)
            fields = self.named("mechanism", cur, part, row) | {
                "category": cur["category"],
                "therapy_context": cur["therapy_context"],
                "parent": [cur["parent"]] if cur["parent"] else None,
                "genes": self.link(cur, "genes", "gene", cur["genes"]),
                "errata": [],
            }
            if cur["parent"]:
                self.links.append((cur["_where"], "parent", "mechanism", cur["parent"]))
            self.record("mechanism", cur, fields, part=part, row=row)

    def strategies(self):
        for cur in self.read("strategies.csv"):
            part, row = self.row_of(cur)
            fields = self.named("strategy", cur, part, row) | {
                "kind": cur["kind"],
                "therapy_context": cur["therapy_context"],
                "mechanisms": self.link(cur, "mechanisms", "mechanism", cur["mechanisms"]),
                "errata": [],
            }
            self.record("strategy", cur, fields, part=part, row=row)

    def cell_lines(self):
        for cur in self.read("cell_lines.csv"):
            part, row = self.row_of(cur, "text-cell-lines")
            fields = self.named("cell-line", cur, part, row) | {
                "cellosaurus_accession": cur["cellosaurus_accession"],
                "culture_conditions": cur["culture_conditions"],
                "errata": [],
            }
            self.record(
                "cell-line",
                cur,
                fields,
                part=part,
                row=row,
                curated=["culture_conditions"] * bool(cur["culture_conditions"]),
            )

    def subgroups(self):
        part = self.t.part("table-6")
        for cur in self.read("cell_line_subgroups.csv"):
            _, row = self.row_of(cur, "table-6")
            _, subtypes_row = self.row_of({**cur, "row": cur["molecular_subtypes_row"]}, "table-6")
            fields = {
                "name": cur["name"],
                "name_as_printed": row.cells["subgroup"],
                "description": "",
                "molecular_subtypes": cur["molecular_subtypes"],
                "molecular_subtypes_as_printed": subtypes_row.cells["molecular_subtypes"],
                "errata": [],
            }
            self.record("subgroup", cur, fields, part=part, row=row)

    def model_systems(self):
        for cur in self.read("model_systems.csv"):
            if cur["part"] == "table-8":
                self._table_8_column(cur)
                continue
            part, row = self.row_of(cur)
            fields = self.named("model-system", cur, part, row) | {"kind": cur["kind"], "errata": []}
            self.record("model-system", cur, fields, part=part, row=row)

    def _table_8_column(self, cur):
        part = self.t.part("table-8")
        column = cur["kind"]
        heading = part.columns[part.cell_names.index(column)]
        cells = [part.rows[number].cells[column] for number in sorted(part.rows)]
        fields = {"name": cur["name"], "name_as_printed": heading, "description": "", "kind": cur["kind"], "errata": []}
        self.record(
            "model-system",
            cur,
            fields,
            part=part,
            row=None,
            quote=" | ".join([heading, *cells]),
            locator=f'{part.locator}, column "{heading}"',
            line=part.line,
        )
        for number in sorted(part.rows):
            row = part.rows[number]
            self.files["mechanisms.json"].append(
                {
                    "model": "mechanisms.modelsystemfeature",
                    "fields": {
                        "model_system": [cur["slug"]],
                        "position": number,
                        "text": normalize.prose(row.cells[column]),
                        "text_as_printed": row.cells[column],
                        "locator": part.row_locator(number),
                        "line": row.line,
                    },
                }
            )

    def biomarkers(self):
        for cur in self.read("biomarkers.csv"):
            part, row = self.row_of(cur)
            fields = self.named("biomarker", cur, part, row) | {
                "kind": cur["kind"],
                "therapy_context": cur["therapy_context"],
                "genes": self.link(cur, "genes", "gene", cur["genes"]),
                "mechanisms": self.link(cur, "mechanisms", "mechanism", cur["mechanisms"]),
                "errata": [],
            }
            self.record("biomarker", cur, fields, part=part, row=row)

    def mirnas(self):
        part = self.t.part("table-4")
        curation = {int(cur["row"]): cur for cur in self.read("mirnas.csv")}
        for number in sorted(part.rows):
            row = part.rows[number]
            cur = curation.get(number, {"_where": f"curation/mirnas.csv, row {number}"})
            printed = row.cells["microrna"]
            # A microRNA's slug comes from its corrected name, so the corrections are found by the row.
            text, used = _plain(printed), []
            for erratum in self.errata:
                if erratum["part"] == "table-4" and erratum["apply"] == "yes" and _plain(erratum["as_printed"]) in text:
                    text, used = text.replace(_plain(erratum["as_printed"]), erratum["correction"]), used + [erratum]
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
                "mechanisms": self.link(cur, "mechanisms", "mechanism", cur.get("mechanisms", "")),
                "biomarkers": self.link(cur, "biomarkers", "biomarker", cur.get("biomarkers", "")),
                "errata": [],
            }
            self.record("mirna", cur, fields, part=part, row=row)

    def compounds(self):
        rows = self.read("compounds.csv")
        self._check_table_1(rows)
        for cur in rows:
            part, row = self.row_of(cur)
            slug = cur["slug"]
            self.check_printed(cur, "name_as_printed", cur["name_as_printed"], row)
            self.check_printed(cur, "drug_class_as_printed", cur["drug_class_as_printed"], row)
            corrected_name = self.corrected("compound", slug, cur["name_as_printed"])
            description = cur["description"]
            if not description and part.slug == "table-1":
                description = normalize.prose(self.corrected("compound", slug, row.cells["description"]))
            fields = {
                "name": cur["name"] or normalize.compound_name(corrected_name),
                "name_as_printed": cur["name_as_printed"],
                "description": description,
                "drug_class": cur["drug_class"],
                "drug_class_as_printed": cur["drug_class_as_printed"],
                "chembl_id": cur["chembl_id"],
                "mechanisms": self.link(cur, "mechanisms", "mechanism", cur["mechanisms"]),
                "biomarkers": self.link(cur, "biomarkers", "biomarker", cur["biomarkers"]),
                "strategies": self.link(cur, "strategies", "strategy", cur["strategies"]),
                "errata": [],
            }
            self.record("compound", cur, fields, part=part, row=row)
            for entry in _split(cur["synonyms"]):
                synonym, locator = self.printed_synonym(cur, entry, part, row)
                self.owned("trials.compoundsynonym", "trials.json", "compound", slug, synonym, False, locator)
            for synonym in _split(cur["synonyms_added"]):
                self.owned("trials.compoundsynonym", "trials.json", "compound", slug, synonym, True, "")
            for target in _split(cur["targets"]):
                gene, _, printed = target.partition("=")
                self.check_printed(cur, "targets", printed, row)
                self._target(cur, gene, printed, False)
            for gene in _split(cur["targets_added"]):
                self._target(cur, gene, "", True)

    def printed_synonym(self, cur, entry: str, part: Part, row: Row) -> tuple[str, str]:
        """A printed synonym ("KU-0059436@table-7:1" if printed in another row) and the locator of its row."""
        synonym, _, elsewhere = entry.partition("@")
        if elsewhere:
            part_slug, _, number = elsewhere.partition(":")
            part, row = self.row_of({**cur, "row": number}, part_slug)
        text = self.corrected("compound", cur["slug"], row.text())
        if not _names(synonym, text):
            raise BuildError(f"{cur['_where']}, synonyms: {synonym!r} is not printed in {part.row_locator(row.number)}")
        return synonym, part.row_locator(row.number)

    def _target(self, cur, gene, printed, added):
        self.links.append((cur["_where"], "targets", "gene", gene))
        self.files["trials.json"].append(
            {
                "model": "trials.compoundtarget",
                "fields": {
                    "compound": [cur["slug"]],
                    "gene": [gene],
                    "as_printed": printed,
                    "added_in_curation": added,
                },
            }
        )

    def _check_table_1(self, rows):
        """Every compound a row of Table 1 names, by the splitting rule, has exactly one curation row."""
        part = self.t.part("table-1")
        for number, row in sorted(part.rows.items()):
            curated = [cur for cur in rows if cur["part"] == "table-1" and cur["row"] == str(number)]
            named = [
                printed
                for printed, _ in normalize.split_compounds(
                    self.corrected_any("compound", curated, row.cells["compound"])
                )
            ]
            listed = [self.corrected("compound", cur["slug"], cur["name_as_printed"]) for cur in curated]
            if sorted(named) != sorted(listed):
                raise BuildError(
                    f"curation/compounds.csv: Table 1, row {number} names {named}, "
                    f"but the curation rows for it are {listed}"
                )

    def corrected_any(self, kind, curated, text):
        for cur in curated:
            text = self.corrected(kind, cur["slug"], text)
        return text

    def trials(self):
        part = self.t.part("table-7")
        for cur in self.read("trials.csv"):
            _, row = self.row_of(cur, "table-7")
            cells = {name: self.corrected("trial", cur["slug"], text) for name, text in row.cells.items()}
            try:
                nct = normalize.nct_id(cells["trial_id"])
                values = {
                    "phase": normalize.trial_phase(cells["phase"]),
                    "trial_type": normalize.trial_type(cells["type"]),
                    "recruitment_status": normalize.trial_status(cells["status"]),
                }
            except ValueError as exc:
                raise BuildError(f"tables/table-7.csv, row {row.number}: {exc}") from None
            if cur["slug"] != nct.lower():
                raise BuildError(
                    f"{cur['_where']}, slug: row {row.number} prints {nct}; the slug must be {nct.lower()!r}"
                )
            fields = {
                "name": cur["name"],
                "name_as_printed": row.cells["trial_id"],
                "description": "",
                "nct_id": nct,
                "intervention_as_printed": row.cells["intervention"],
                "subtype": cur["subtype"],
                "subtype_as_printed": row.cells["subtype"],
                "phase_as_printed": row.cells["phase"],
                "trial_type_as_printed": row.cells["type"],
                "status_as_printed": row.cells["status"],
                "registry_phase": cur["registry_phase"],
                "registry_status": cur["registry_status"],
                "registry_checked_on": None,
                "compounds": self.link(cur, "compounds", "compound", cur["compounds"]),
                "biomarkers": self.link(cur, "biomarkers", "biomarker", cur["biomarkers"]),
                "errata": [],
                **values,
            }
            self.record("trial", cur, fields, part=part, row=row)

    # Sources and errata

    def sources(self) -> list[dict]:
        source = self.t.source
        objects = [
            {
                "model": "kb.source",
                "fields": {
                    "slug": source["slug"],
                    "kind": source["kind"],
                    "title": source["title"],
                    "citation": source.get("citation", ""),
                    "description": source.get("description", ""),
                    "released_on": self.stamp[:10],
                    "url": "",
                },
            }
        ]
        for part in self.t.parts.values():
            objects.append(
                {
                    "model": "kb.sourcepart",
                    "fields": {
                        "source": self.source_key,
                        "slug": part.slug,
                        "kind": part.kind,
                        "number": part.number,
                        "position": part.position,
                        "title_as_printed": part.title_as_printed,
                        "locator": part.locator,
                        "line": part.line,
                        "in_scope": part.in_scope,
                        "scope_note": part.scope_note,
                        "columns": part.columns,
                        "rows": [
                            {"row": row.number, "line": row.line, "cells": row.cells}
                            for _, row in sorted(part.rows.items())
                        ],
                    },
                }
            )
        return objects

    def erratum_objects(self) -> list[dict]:
        objects = []
        for cur in self.errata:
            quote, locator, line = cur["as_printed"], cur["locator"], int(cur["line"]) if cur["line"] else None
            if cur["part"] and cur["row"]:
                part, row = self.row_of(cur)
                cells = [cell for cell in row.cells.values() if _plain(cur["as_printed"]) in _plain(cell)]
                if not cells:
                    raise BuildError(f"{cur['_where']}, as_printed: {cur['as_printed']!r} is not printed in that row")
                quote, locator, line = cells[0], locator or part.row_locator(row.number), line or row.line
            if not locator or not line:
                raise BuildError(f"{cur['_where']}, locator: give the part and row, or the locator and line")
            objects.append(
                {
                    "model": "kb.erratum",
                    "fields": {
                        "slug": cur["slug"],
                        "source": self.source_key,
                        "locator": locator,
                        "line": line,
                        "quote": quote,
                        "curated_fields": [],
                        "status": "published",
                        "curator_note": cur["note"],
                        "created_at": self.stamp,
                        "updated_at": self.stamp,
                        "kind": cur["kind"],
                        "as_printed": cur["as_printed"],
                        "correction": cur["correction"],
                    },
                }
            )
            for ref in _split(cur["records"]):
                kind, _, slug = ref.partition(":")
                if (kind, slug) not in self.records:
                    raise BuildError(f"{cur['_where']}, records: no {kind} {slug!r}")
                self.records[(kind, slug)]["fields"]["errata"].append([cur["slug"]])
        return objects

    def run(self) -> dict[str, list[dict]]:
        for step in (
            self.genes,
            self.mechanisms,
            self.strategies,
            self.cell_lines,
            self.subgroups,
            self.model_systems,
            self.biomarkers,
            self.mirnas,
            self.compounds,
            self.trials,
        ):
            step()
        for where, field, kind, slug in self.links:
            if (kind, slug) not in self.records:
                raise BuildError(f"{where}, {field}: no {kind} {slug!r}")
        errata = self.erratum_objects()
        for (erratum, kind, slug), done in sorted(self.applied.items()):
            if not done:
                raise BuildError(
                    f"curation/errata.csv ({erratum}), as_printed: not printed in the row of {kind} {slug!r}"
                )
        for obj in self.records.values():
            obj["fields"]["errata"].sort()
        self.files["kb.json"][:0] = self.sources() + errata
        for objects in self.files.values():
            objects.sort(key=_order)
        return self.files


def _order(obj: dict) -> tuple:
    """Sort key of fixture objects: model in dependency order, parents before children, then natural key."""
    fields = obj["fields"]
    owner = next((fields[name][0] for name in ("gene", "compound", "model_system") if name in fields), "")
    own = fields.get("slug") or fields.get("name") or ""
    if obj["model"] == "trials.compoundtarget":
        own = fields["gene"][0]
    return (MODEL_ORDER.index(obj["model"]), fields.get("parent") is not None, owner, fields.get("position") or 0, own)


MODEL_ORDER = [
    "kb.source",
    "kb.sourcepart",
    "kb.erratum",
    "kb.gene",
    "kb.genesynonym",
    "mechanisms.mechanism",
    "mechanisms.strategy",
    "mechanisms.cellline",
    "mechanisms.celllinesubgroup",
    "mechanisms.modelsystem",
    "mechanisms.modelsystemfeature",
    "biomarkers.biomarker",
    "biomarkers.microrna",
    "trials.compound",
    "trials.compoundsynonym",
    "trials.compoundtarget",
    "trials.trial",
]


def build(fixtures_dir: Path) -> dict[str, list[dict]]:
    """Build every fixture file's objects from ``fixtures_dir``'s ``tables/`` and ``curation/``."""
    try:
        transcription = read_transcription(fixtures_dir / "tables")
    except TranscriptionError as exc:
        raise BuildError(str(exc)) from exc
    return Builder(transcription, fixtures_dir / "curation").run()


def render(objects: list[dict]) -> str:
    """A fixture file's text: stable key order, two-space indent, UTF-8 as is, a final newline."""
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
