"""Build the Django fixtures in ``fixtures/`` from the transcribed tables and the curation files.

- ``fixtures/tables/``: what the review printed, row by row (see ``kb.pipeline.transcription``).
- ``fixtures/curation/``: one CSV per kind of record, keyed by slug: which printed row a record
  comes from, its vocabulary values, its links, the identifiers added in curation, and the errata
  register (``errata.csv``).

Values are derived from the printed cells by the rules of ``kb.pipeline.normalize``, after the errata marked
``apply`` have corrected the printed text; every ``*_as_printed`` value and every quote is copied
from the transcription, never typed twice. The output is deterministic: the same input builds the
same bytes, which a test compares with the committed fixtures.
"""

import json
from collections import defaultdict
from pathlib import Path

from kb.core import kinds

from . import normalize
from .curation_files import BuildError, names_in, natural_keys, plain, read_curation, split
from .statements import statement_objects
from .steps import STEPS, RecordSteps
from .transcription import Part, Row, Transcription, TranscriptionError, read_transcription

__all__ = ["BuildError", "build", "render"]

# Identifier fields: the review prints none of them (NCT numbers aside), so they are always curated.
IDENTIFIER_FIELDS = (
    "hgnc_id",
    "full_name",
    "chembl_id",
    "cellosaurus_accession",
    "mirbase_accession",
    "registry_phase",
    "registry_status",
)
# The identifiers, each entered only once it was checked in a public record (curation/identifier_checks.csv).
CHECKED_FIELDS = ("hgnc_id", "chembl_id", "cellosaurus_accession", "mirbase_accession")


class Builder(RecordSteps):
    """Turns a transcription and the curation files into fixture objects, one list per fixture file."""

    def __init__(self, transcription: Transcription, curation_dir: Path):
        self.transcription = transcription
        self.curation_dir = curation_dir
        self.stamp = transcription.source["release_date"]
        self.source_key = [transcription.source["slug"]]
        self.files: dict[str, list[dict]] = {name: [] for name in kinds.fixture_files()}
        self.records: dict[tuple[str, str], dict] = {}
        self.links: list[tuple[str, str, str, str]] = []  # (where, field, kind, slug) to check at the end
        self.errata = self.read("errata.csv")
        # The sources besides the review: registry records, primary papers (curation/sources.csv).
        self.extra_sources = {row["slug"]: row for row in self.read("sources.csv")}
        self.applied: dict[tuple[str, str, str], bool] = {}
        self.errata_of: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for erratum in self.errata:
            for ref in split(erratum["records"]):
                kind, _, slug = ref.partition(":")
                if not _is_kind(kind):
                    raise BuildError(f"{erratum['_where']}, records: unknown kind of record {kind!r} in {ref!r}")
                self.errata_of[(kind, slug)].append(erratum)
                if erratum["apply"] == "yes":
                    self.applied[(erratum["slug"], kind, slug)] = False

    # Reading

    def read(self, name: str) -> list[dict]:
        return read_curation(self.curation_dir, name)

    def row_of(self, record: dict, part_slug: str | None = None) -> tuple[Part, Row]:
        try:
            part = self.transcription.part(part_slug or record["part"])
            return part, part.row(int(record["row"]))
        except (TranscriptionError, ValueError, KeyError) as exc:
            raise BuildError(f"{record['_where']}, part/row: {exc}") from None

    def corrected(self, kind: str, slug: str, text: str) -> str:
        """The printed text with the corrections of the errata marked ``apply`` that touch this record."""
        text = plain(text)
        for erratum in self.errata_of[(kind, slug)]:
            printed = plain(erratum["as_printed"])
            if erratum["apply"] == "yes" and printed in text:
                text = text.replace(printed, erratum["correction"])
                self.applied[(erratum["slug"], kind, slug)] = True
        return text

    # Records

    def record(
        self,
        kind: str,
        curation: dict,
        fields: dict,
        *,
        part: Part | None,
        row: Row | None,
        quote: str | None = None,
        curated=(),
        locator: str | None = None,
        line: int | None = None,
    ) -> dict:
        of_kind = kinds.by_curation_name(kind)
        slug = curation["slug"] if "slug" in curation and curation["slug"] else fields.pop("slug")
        if (kind, slug) in self.records:
            raise BuildError(f"{curation['_where']}, slug: {kind} {slug!r} is defined twice")
        curated_fields = set(split(curation.get("curated_fields", ""))) | set(curated)
        curated_fields |= {name for name in IDENTIFIER_FIELDS if fields.get(name)}
        curated_fields |= self.written_in_curation(curation, fields, row)
        has_source = part is not None or locator is not None
        obj = {
            "model": of_kind.model._meta.label_lower,
            "fields": {
                "slug": slug,
                "source": self.source_key if has_source else None,
                "locator": locator or (part.row_locator(row.number) if part and row else ""),
                "line": line or (row.line if row else None),
                "quote": quote if quote is not None else (part.quote(row.number) if part and row else ""),
                "curated_fields": sorted(curated_fields),
                "status": "published",
                "curator_note": curation.get("note", ""),
                "created_at": self.stamp,
                "updated_at": self.stamp,
                **fields,
            },
        }
        if hasattr(of_kind.model, "identifier_checks"):
            obj["fields"]["identifier_checks"] = {}
        self.records[(kind, slug)] = obj
        self.files[of_kind.fixture].append(obj)
        return obj

    @staticmethod
    def written_in_curation(curation: dict, fields: dict, row: Row | None) -> set[str]:
        """The name and description a curator wrote, where the source does not print them: a name the row does not
        print as it stands (a trial's title, a gene's symbol for "HER2"), a description the curation file gives."""
        written = set()
        name = curation.get("name", "")
        if name and fields.get("name") == name and (row is None or not names_in(name, row.text())):
            written.add("name")
        if curation.get("description", "") not in ("", "(none)") and fields.get("description"):
            written.add("description")
        return written

    def add(self, label: str, fields: dict) -> None:
        """A row that is not a record of its own (a synonym, a target, a feature), in its kind's fixture file."""
        kind = kinds.kind_of(label)
        self.files[kind.fixture].append({"model": kind.model._meta.label_lower, "fields": fields})

    def link(self, curation: dict, field: str, kind: str, value: str) -> list[list[str]]:
        slugs = split(value)
        self.links += [(curation["_where"], field, kind, slug) for slug in slugs]
        return natural_keys(slugs)

    def check_printed(self, curation: dict, field: str, printed: str, row: Row):
        if printed and plain(printed) not in plain(row.text()):
            raise BuildError(f"{curation['_where']}, {field}: {printed!r} is not printed in that row")

    def named_fields(self, kind: str, curation: dict, part: Part, row: Row) -> dict:
        """Name, name as printed and description of a record whose row is a name and a text."""
        name_cell, text_cell = part.cell_names[0], part.cell_names[1]
        printed = row.cells[name_cell]
        name = curation.get("name") or normalize.name(self.corrected(kind, curation["slug"], printed))
        description = curation.get("description", "")
        if description == "(none)":
            description = ""
        elif not description:
            description = normalize.prose(self.corrected(kind, curation["slug"], row.cells[text_cell]))
        return {"name": name, "name_as_printed": printed, "description": description}

    # Sources and errata

    def sources(self) -> list[dict]:
        source = self.transcription.source
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
        for row in self.extra_sources.values():
            objects.append(
                {
                    "model": "kb.source",
                    "fields": {
                        "slug": row["slug"],
                        "kind": row["kind"],
                        "title": row["title"],
                        "citation": "",
                        "authors": row["authors"],
                        "journal": row["journal"],
                        "year": int(row["year"]) if row["year"] else None,
                        "doi": row["doi"],
                        "pmid": row["pmid"],
                        "licence": row["licence"],
                        "checked_on": row["checked_on"] or None,
                        "description": row["description"],
                        "released_on": None,
                        "url": row["url"],
                    },
                }
            )
        for part in self.transcription.parts.values():
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
        for curation in self.errata:
            quote, locator, line = (
                curation["as_printed"],
                curation["locator"],
                int(curation["line"]) if curation["line"] else None,
            )
            if curation["part"] and curation["row"]:
                part, row = self.row_of(curation)
                cells = [cell for cell in row.cells.values() if plain(curation["as_printed"]) in plain(cell)]
                if not cells:
                    raise BuildError(
                        f"{curation['_where']}, as_printed: {curation['as_printed']!r} is not printed in that row"
                    )
                quote, locator, line = cells[0], locator or part.row_locator(row.number), line or row.line
            if not locator or not line:
                raise BuildError(f"{curation['_where']}, locator: give the part and row, or the locator and line")
            objects.append(
                {
                    "model": "kb.erratum",
                    "fields": {
                        "slug": curation["slug"],
                        "source": self.source_key,
                        "locator": locator,
                        "line": line,
                        "quote": quote,
                        "curated_fields": [],
                        "status": "published",
                        "curator_note": curation["note"],
                        "created_at": self.stamp,
                        "updated_at": self.stamp,
                        "kind": curation["kind"],
                        "as_printed": curation["as_printed"],
                        "correction": curation["correction"],
                    },
                }
            )
            for ref in split(curation["records"]):
                kind, _, slug = ref.partition(":")
                if (kind, slug) not in self.records:
                    raise BuildError(f"{curation['_where']}, records: no {kind} {slug!r}")
                self.records[(kind, slug)]["fields"]["errata"].append([curation["slug"]])
        return objects

    def check_identifiers(self) -> None:
        """Each identifier with where and when it was checked; one nobody checked is refused."""
        for check in self.read("identifier_checks.csv"):
            obj = self.records.get((check["kind"], check["slug"]))
            if obj is None:
                raise BuildError(f"{check['_where']}: no {check['kind']} {check['slug']!r}")
            fields, name = obj["fields"], check["field"]
            if name == "mirbase_accession" and not fields.get(name):
                fields[name] = check["value"]  # the accession is given with its check
                fields["curated_fields"] = sorted({*fields["curated_fields"], name})
            if fields.get(name) != check["value"]:
                raise BuildError(f"{check['_where']}, value: {check['value']!r} is not the record's {name}")
            if not check["where"].strip() or not check["checked_on"]:
                raise BuildError(f"{check['_where']}: say where and when the identifier was checked")
            fields["identifier_checks"][name] = {"checked_on": check["checked_on"], "where": check["where"]}
        for (kind, slug), obj in self.records.items():
            for name in CHECKED_FIELDS:
                if obj["fields"].get(name) and name not in obj["fields"]["identifier_checks"]:
                    raise BuildError(f"{kind} {slug!r}, {name}: no check of it in curation/identifier_checks.csv")

    def run(self) -> dict[str, list[dict]]:
        for step in STEPS:
            step(self)
        for where, field, kind, slug in self.links:
            if (kind, slug) not in self.records:
                raise BuildError(f"{where}, {field}: no {kind} {slug!r}")
        self.check_identifiers()
        errata = self.erratum_objects()
        for (erratum, kind, slug), done in sorted(self.applied.items()):
            if not done:
                raise BuildError(
                    f"curation/errata.csv ({erratum}), as_printed: not printed in the row of {kind} {slug!r}"
                )
        for obj in self.records.values():
            obj["fields"]["errata"].sort()
        self.files[kinds.kind_of("kb.Statement").fixture] += statement_objects(self)
        self.files[kinds.kind_of("kb.Source").fixture][:0] = self.sources() + errata
        for objects in self.files.values():
            objects.sort(key=_order)
        return self.files


def _order(obj: dict) -> tuple:
    """Sort key of fixture objects: kind in dependency order, parents before children, then natural key."""
    kind, fields = kinds.kind_of(obj["model"]), obj["fields"]
    owner = fields[kind.owner][0] if kind.owner else ""
    own = fields[kind.key] if kind.key else fields.get("slug") or fields.get("name") or ""
    own = own[0] if isinstance(own, list) else own
    position = kinds.every_kind().index(kind)
    return (position, fields.get("parent") is not None, owner, fields.get("position") or 0, own)


def _is_kind(name: str) -> bool:
    try:
        kinds.by_curation_name(name)
    except LookupError:
        return False
    return True


def build(fixtures_dir: Path) -> dict[str, list[dict]]:
    """Build every fixture file's objects from ``fixtures_dir``'s ``tables/`` and ``curation/``."""
    try:
        transcription = read_transcription(fixtures_dir / "tables")
    except TranscriptionError as exc:
        raise BuildError(str(exc)) from exc
    return Builder(transcription, fixtures_dir / "curation").run()


def render(objects: list[dict], *, sort_keys: bool = False) -> str:
    """A fixture file's text: stable key order (the build's own, or sorted: a release's), two-space indent,
    UTF-8 as is, a final newline. The one writer of fixtures, for the build and for the releases."""
    return json.dumps(objects, indent=2, ensure_ascii=False, sort_keys=sort_keys) + "\n"
