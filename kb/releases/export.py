"""Data releases: exactly what the public sees, as files, identified, checksummed and comparable.

A release folder holds ``fixtures/*.json`` (published records only, loadable by ``load_kb
--fixtures`` or ``loaddata``), one CSV per kind with the API's columns, the graph of links
(``graph/nodes.csv``, ``graph/edges.csv``, ``graph/links.graphml``) and ``manifest.json``. Its
version is the date of its newest data and a short hash of its files' contents: exporting twice
without a change gives the same version.
"""

import csv
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from django.core import serializers
from django.db.models import Max

from kb.core import kinds
from kb.core.choices import SourceKind
from kb.core.graph import build_graph
from kb.core.models import Source
from kb.core.querysets import PUBLIC
from kb.delivery import versioning
from kb.delivery.renderers import CSVRenderer, spreadsheet_safe
from kb.pipeline.build import render

# Fields a release leaves out: who edited (accounts are not public) and the edit counter.
PRIVATE_FIELDS = {
    "created_by",
    "updated_by",
    "version",
    "suggested_by",
    "suggester_name",
    "suggester_email",
    "name_sort",
}


def _published(model):
    return model._default_manager.visible_to(PUBLIC).order_by("pk")


def fixture_text(file: str) -> str:
    """One fixture file of the release: published records, their links to published records only."""
    objects = []
    for kind in kinds.every_kind():
        if kind.fixture != file:
            continue
        model = kind.model
        fields = [
            f.name
            for f in model._meta.get_fields()
            if getattr(f, "concrete", False)
            and not f.auto_created
            and f.name not in PRIVATE_FIELDS
            and f.name != "id"
            and not (f.many_to_many and f.remote_field.through and not f.remote_field.through._meta.auto_created)
        ]
        data = json.loads(
            serializers.serialize("json", _published(model), fields=fields, use_natural_foreign_keys=True)
        )
        published_keys = {}
        for obj in data:
            for name, value in obj["fields"].items():
                field = model._meta.get_field(name)
                if field.many_to_many:
                    keys = published_keys.setdefault(
                        name, {tuple(r.natural_key()) for r in _published(field.related_model)}
                    )
                    obj["fields"][name] = sorted(v for v in value if tuple(v) in keys)
        objects += data
    return render(objects, sort_keys=True)


def csv_text(kind: kinds.Kind, base_url: str) -> str:
    """The kind's published records with the API's columns, as the API's CSV gives them (links to ``base_url``)."""
    records = kind.viewset.prepare(list(kind.viewset.queryset.for_detail(PUBLIC).order_by("pk")), PUBLIC)
    rows = kind.viewset.serializer_class(records, many=True, context={"base_url": base_url}).data
    return CSVRenderer().render(list(rows)).decode("utf-8")


def graph_files(base_url: str) -> dict[str, str]:
    nodes, edges = build_graph(base_url=base_url)
    node_csv, edge_csv = io.StringIO(), io.StringIO()
    writer = csv.writer(node_csv, lineterminator="\r\n")
    writer.writerow(["id", "kind", "key", "name", "url"])
    writer.writerows([[n.id, n.kind, n.key, spreadsheet_safe(n.name), n.url] for n in nodes])
    writer = csv.writer(edge_csv, lineterminator="\r\n")
    writer.writerow(["source", "target", "relation", "basis", "sources"])
    writer.writerows([[e.source, e.target, e.relation, e.basis, e.sources] for e in edges])
    return {
        "graph/nodes.csv": node_csv.getvalue(),
        "graph/edges.csv": edge_csv.getvalue(),
        "graph/links.graphml": graphml(nodes, edges),
    }


def graphml(nodes, edges) -> str:
    """The graph as GraphML, readable by Cytoscape, Gephi, yEd and networkx."""
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    keys = (("kind", "node"), ("name", "node"), ("url", "node"), ("relation", "edge"), ("basis", "edge"))
    for key, owner in (*keys, ("sources", "edge")):
        ET.SubElement(root, f"{{{ns}}}key", id=key, **{"for": owner, "attr.name": key, "attr.type": "string"})
    graph = ET.SubElement(root, f"{{{ns}}}graph", id="links", edgedefault="directed")
    for node in nodes:
        element = ET.SubElement(graph, f"{{{ns}}}node", id=node.id)
        for key in ("kind", "name", "url"):
            ET.SubElement(element, f"{{{ns}}}data", key=key).text = getattr(node, key)
    for index, edge in enumerate(edges):
        element = ET.SubElement(graph, f"{{{ns}}}edge", id=f"e{index}", source=edge.source, target=edge.target)
        for key in ("relation", "basis", "sources"):
            ET.SubElement(element, f"{{{ns}}}data", key=key).text = getattr(edge, key)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def release_files(*, base_url: str, progress: Callable[[str], None] = lambda name: None) -> dict[str, str]:
    """Every file of a release but the manifest, by path."""
    files = {}
    for file in kinds.fixture_files():
        files[f"fixtures/{file}"] = fixture_text(file)
        progress(f"fixtures/{file}")
    for kind in kinds.records():
        files[f"csv/{kind.api}.csv"] = csv_text(kind, base_url)
        progress(f"csv/{kind.api}.csv")
    for path, text in graph_files(base_url).items():
        files[path] = text
        progress(path)
    return files


def manifest_for(files: dict[str, str]) -> dict:
    digests = {path: hashlib.sha256(text.encode("utf-8")).hexdigest() for path, text in sorted(files.items())}
    content_hash = hashlib.sha256("".join(f"{path}:{digest}\n" for path, digest in digests.items()).encode())
    dates = [_published(kind.model).aggregate(newest=Max("updated_at"))["newest"] for kind in kinds.records()]
    newest = max(date for date in dates if date is not None)
    # The release is of the review's curation (registry records are sources of single values).
    source = (
        Source.objects.filter(kind=SourceKind.REVIEW).order_by("pk").first() or Source.objects.order_by("pk").first()
    )
    counts = {kind.api: _published(kind.model).count() for kind in kinds.records()}
    return {
        "release": f"{newest:%Y-%m-%d}-{content_hash.hexdigest()[:8]}",
        "date": f"{newest:%Y-%m-%d}",
        "source": {"slug": source.slug, "title": source.title} if source else None,
        "counts": counts,
        "files": {
            path: {"sha256": digest, "bytes": len(files[path].encode("utf-8"))} for path, digest in digests.items()
        },
    }


def release_write(*, out_dir: Path, base_url: str, progress: Callable[[str], None] = lambda name: None) -> dict:
    """Build a release into ``out_dir/<version>/``; the same content always lands in the same folder."""
    files = release_files(base_url=base_url, progress=progress)
    manifest = manifest_for(files)
    folder = out_dir / manifest["release"]
    for path, text in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    progress("manifest.json")
    versioning.bump()  # the pages and the API name the current release: what they show has changed
    return manifest
