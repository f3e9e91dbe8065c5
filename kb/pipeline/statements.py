"""The statements behind the links the curation files draw (``fixtures/curation/statements.csv``).

Each row of ``statements.csv`` is one statement of one link: ``subject`` and ``object`` as
``kind:slug`` (the curation files' kinds), the subject's ``relation`` (the column that draws the
link), its ``predicate``, its ``basis`` and where the source states it: ``part`` and ``row`` of the
transcription, and the ``quote``, which must be printed in that row exactly as transcribed (line
breaks, broken words and typos kept). An ``inferred`` statement gives the curator's ``reason``.
``cited_as`` is the review's citation marker for the sentence, if it prints one.

The build refuses a link no statement supports, and a statement of a link the curation files do not
draw, each with the file, line and column concerned.
"""

from kb.core import kinds

from .curation_files import BuildError, plain

LEVEL = "E"  # CIViC's "inferential association": the review states these; it is not the study behind them
MAX_SLUG = 100


def drawn_links(builder) -> set[tuple[str, str, str, str, str]]:
    """Every link of the built records: (subject kind, subject slug, relation, object kind, object slug), the kinds
    as the curation files name them."""
    curation_name = {kind.model._meta.label_lower: kind.curation for kind in kinds.every_kind() if kind.curation}
    links = set()
    for (kind, slug), obj in builder.records.items():
        model = kinds.kind_of(obj["model"]).model
        for name, value in obj["fields"].items():
            if name == "errata" or not value:
                continue
            field = _field(model, name)
            if field is None or not kinds.is_record_model(field.related_model):
                continue
            target = curation_name[field.related_model._meta.label_lower]
            keys = [value] if field.many_to_one else value
            links |= {(kind, slug, name, target, key[0]) for key in keys}
    for obj in builder.files[kinds.kind_of("trials.CompoundTarget").fixture]:
        if obj["model"] == "trials.compoundtarget":
            links.add(("compound", obj["fields"]["compound"][0], "targets", "gene", obj["fields"]["gene"][0]))
    return links


def _field(model, name):
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: a plain value of the fixture
        return None
    return field if field.is_relation and (field.many_to_many or field.many_to_one) else None


def statement_objects(builder) -> list[dict]:
    """The statements of ``statements.csv`` as fixture objects, each checked against the transcription and the
    links drawn; every drawn link must have one."""
    links = drawn_links(builder)
    supported = set()
    objects, slugs = [], set()
    for curation in builder.read("statements.csv"):
        where = curation["_where"]
        subject_kind, _, subject_slug = curation["subject"].partition(":")
        object_kind, _, object_slug = curation["object"].partition(":")
        link = (subject_kind, subject_slug, curation["relation"], object_kind, object_slug)
        if link not in links:
            raise BuildError(
                f"{where}, subject/relation/object: the curation files draw no link {curation['subject']} "
                f"{curation['relation']} {curation['object']}"
            )
        supported.add(link)
        basis = curation["basis"]
        if basis not in ("printed", "inferred", "external"):
            raise BuildError(f"{where}, basis: {basis!r} is not printed, inferred or external")
        if basis == "inferred" and not curation["reason"].strip():
            raise BuildError(f"{where}, reason: an inferred statement needs the curator's reason")
        part, row = builder.row_of(curation)
        quote = curation["quote"]
        if (basis == "printed" or quote) and not any(plain(quote) in plain(cell) for cell in row.cells.values()):
            raise BuildError(f"{where}, quote: {quote!r} is not printed in {part.row_locator(row.number)}")
        subject_model = kinds.by_curation_name(subject_kind).model._meta.model_name
        object_model = kinds.by_curation_name(object_kind).model._meta.model_name
        slug = f"{subject_model}-{subject_slug}-{curation['relation']}-{object_slug}"
        if slug in slugs:
            raise BuildError(f"{where}: a second statement of the same link needs its own row in another source")
        if len(slug) > MAX_SLUG:
            raise BuildError(f"{where}: the statement's slug {slug!r} is longer than {MAX_SLUG} characters")
        slugs.add(slug)
        objects.append(
            {
                "model": "kb.statement",
                "fields": {
                    "slug": slug,
                    "source": builder.source_key,
                    "locator": row.cells.get("section") or part.row_locator(row.number),
                    "line": row.line,
                    "quote": quote,
                    "curated_fields": [],
                    "status": "published",
                    "curator_note": "",
                    "created_at": builder.stamp,
                    "updated_at": builder.stamp,
                    "subject_kind": subject_model,
                    "subject_slug": subject_slug,
                    "relation": curation["relation"],
                    "predicate": curation["predicate"],
                    "object_kind": object_model,
                    "object_slug": object_slug,
                    "part": [*builder.source_key, part.slug],
                    "basis": basis,
                    "reason": curation["reason"],
                    "cited_as": curation["cited_as"],
                    "level": LEVEL,
                    "direction": "supports",
                },
            }
        )
    _mark_inferred_targets(builder, objects)
    missing = sorted(links - supported)
    if missing:
        subject_kind, subject_slug, relation, object_kind, object_slug = missing[0]
        raise BuildError(
            f"curation/statements.csv: no statement supports the link {subject_kind}:{subject_slug} {relation} "
            f"{object_kind}:{object_slug} ({len(missing)} links without one)"
        )
    return objects


def _mark_inferred_targets(builder, statements: list[dict]) -> None:
    """A target the source names only as a family (olaparib's "PARP" as PARP1 and PARP2) is the curator's choice:
    where no statement of it is printed, the target is marked as added in curation, its printed name kept."""
    printed = {
        (obj["fields"]["subject_slug"], obj["fields"]["object_slug"])
        for obj in statements
        if obj["fields"]["relation"] == "targets" and obj["fields"]["basis"] == "printed"
    }
    for obj in builder.files[kinds.kind_of("trials.CompoundTarget").fixture]:
        if obj["model"] == "trials.compoundtarget":
            key = (obj["fields"]["compound"][0], obj["fields"]["gene"][0])
            if key not in printed:
                obj["fields"]["added_in_curation"] = True
