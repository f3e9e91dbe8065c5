"""Helpers the tests share: more records like the loaded ones, and more links between them."""

import socket

from django.db import connection
from django.test.utils import CaptureQueriesContext

from biomarkers.models import MicroRNA
from kb.core import kinds
from trials.models import Compound, CompoundTarget, Trial

# Every kind of record, as the pages and the API list them (read when the tests are collected, once Django is set up).
KINDS = [kind.label for kind in kinds.records()]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def clone(model, count: int):
    """More records like the loaded ones, with all their links."""
    originals = list(model.objects.all()[:3])
    for index in range(count):
        original = originals[index % len(originals)]
        many = {
            f.name: list(getattr(original, f.name).all())
            for f in model._meta.many_to_many
            if f.remote_field.through._meta.auto_created
        }
        copy = model.objects.get(pk=original.pk)
        copy.pk = None
        copy.slug = f"{original.slug}-copy-{index}"[:100]
        if hasattr(copy, "name") and not isinstance(model.__dict__.get("name"), property):
            copy.name = f"{original.name} copy {index}"
        for field, value in (
            ("nct_id", f"NCT9{index:07d}"),
            ("hgnc_id", ""),
            ("chembl_id", ""),
            ("cellosaurus_accession", ""),
        ):
            if hasattr(copy, field):
                setattr(copy, field, value)
        if model is Trial:
            copy.slug = copy.nct_id.lower()
        if model is MicroRNA:
            copy.name = f"hsa-miR-{9000 + index}"
        copy.save()
        for name, values in many.items():
            getattr(copy, name).set(values)
        if model is Compound:
            for link in original.target_links.all():
                CompoundTarget.objects.create(compound=copy, gene=link.gene, as_printed=link.as_printed)


def add_links(record, limit: int | None = None) -> None:
    """Link the record to every record (or the first ``limit``) of each kind it can link to."""
    for field in record._meta.get_fields():
        if not field.many_to_many or field.name == "errata":
            continue
        related = field.related_model
        through = field.remote_field.through if not field.auto_created else field.through
        if not through._meta.auto_created:
            continue
        manager = getattr(record, field.name if not field.auto_created else field.get_accessor_name())
        others = related.objects.exclude(pk=record.pk) if related is type(record) else related.objects.all()
        others = list(others.order_by("pk")[:limit])
        manager.add(*others)
        add_statements(record, field, others)


def add_statements(record, field, targets, per_link: int = 1) -> None:
    """Published statements of the links of ``record``'s relation ``field`` to ``targets`` (``per_link`` each), as a
    curator's inferences."""
    from kb.core.statements import Statement

    statements = []
    for target in targets:
        subject, relation, other = (
            (target, field.field.name, record) if field.auto_created else (record, field.name, target)
        )
        for index in range(per_link):
            slug = f"t-{subject._meta.model_name}-{subject.pk}-{relation}-{other._meta.model_name}-{other.pk}-{index}"
            statements.append(
                Statement(
                    slug=slug,
                    subject_kind=subject._meta.model_name,
                    subject_slug=subject.slug,
                    relation=relation,
                    predicate="involves",
                    object_kind=other._meta.model_name,
                    object_slug=other.slug,
                    basis="inferred",
                    reason="Added by a test.",
                    status="published",
                )
            )
    Statement.objects.bulk_create(statements, ignore_conflicts=True)


def empty_kb() -> None:
    """Delete every record of the knowledge base: every kind, the last registered first (children before parents)."""
    from kb.search.models import SearchEntry

    for kind in reversed(kinds.every_kind()):
        rows = kind.model.objects.all()
        if "parent" in {field.name for field in kind.model._meta.fields}:
            rows.exclude(parent=None).delete()  # a narrower mechanism protects its parent
        rows.delete()
    SearchEntry.objects.all().delete()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def noted(record, note: str = ""):
    """The record with a new curator's note: a change to save (a save of a record as it is records nothing)."""
    from uuid import uuid4

    record.curator_note = note or f"Checked again ({uuid4().hex[:8]})."
    return record


def form_data(html: str, form_id: str | None = None) -> dict[str, list[str]]:
    """What a browser sends for the page's form (the one with ``form_id``, else the first with a CSRF token), as it
    is filled: inputs, checked boxes, selected options, and textareas with their line breaks as CRLF (as browsers
    send them)."""
    import html as html_module
    from html.parser import HTMLParser

    class Form(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.data: dict[str, list[str]] = {}
            self.inside = self.done = False
            self.select = self.textarea = None
            self.text: list[str] = []

        def add(self, name, value):
            self.data.setdefault(name, []).append(value)

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form" and not self.done and (form_id is None or attrs.get("id") == form_id):
                self.inside = True
            if not self.inside or not attrs.get("name") and tag not in ("option",):
                return
            if tag == "input":
                kind = attrs.get("type", "text")
                if kind in ("checkbox", "radio") and "checked" not in attrs:
                    return
                if kind in ("submit", "button", "file", "image", "reset"):
                    return
                self.add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
            elif tag == "select":
                self.select = attrs["name"]
            elif tag == "option" and self.select and "selected" in attrs:
                self.add(self.select, attrs.get("value", ""))
            elif tag == "textarea":
                self.textarea, self.text = attrs["name"], []

        def handle_data(self, data):
            if self.textarea:
                self.text.append(data)

        def handle_endtag(self, tag):
            if tag == "form" and self.inside:
                self.inside, self.done = False, True
            elif tag == "select":
                self.select = None
            elif tag == "textarea" and self.textarea:
                value = html_module.unescape("".join(self.text))
                value = value[1:] if value.startswith("\n") else value  # the newline after <textarea> is not content
                self.add(self.textarea, value.replace("\r\n", "\n").replace("\n", "\r\n"))
                self.textarea = None

    parser = Form()
    parser.feed(html)
    return parser.data
