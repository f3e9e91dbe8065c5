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

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db.models import Max
from django.test import RequestFactory
from django.utils.module_loading import import_string
from rest_framework.request import Request

from .build import FIXTURE_FILES
from .graph import build_graph
from .renderers import CSVRenderer, spreadsheet_safe

# Fixture file and models, in the order load_kb reads them.
RELEASE_MODELS = {
    "kb.json": ["kb.Source", "kb.SourcePart", "kb.Erratum", "kb.Gene", "kb.GeneSynonym"],
    "mechanisms.json": [
        "mechanisms.Mechanism",
        "mechanisms.Strategy",
        "mechanisms.CellLine",
        "mechanisms.CellLineSubgroup",
        "mechanisms.ModelSystem",
        "mechanisms.ModelSystemFeature",
    ],
    "biomarkers.json": ["biomarkers.Biomarker", "biomarkers.MicroRNA"],
    "trials.json": ["trials.Compound", "trials.CompoundSynonym", "trials.CompoundTarget", "trials.Trial"],
}
# The CSV of each kind: file name, model, API viewset.
CSV_KINDS = [
    ("mechanisms", "mechanisms.Mechanism", "mechanisms.api.views.MechanismViewSet"),
    ("strategies", "mechanisms.Strategy", "mechanisms.api.views.StrategyViewSet"),
    ("biomarkers", "biomarkers.Biomarker", "biomarkers.api.views.BiomarkerViewSet"),
    ("mirnas", "biomarkers.MicroRNA", "biomarkers.api.views.MicroRNAViewSet"),
    ("compounds", "trials.Compound", "trials.api.views.CompoundViewSet"),
    ("trials", "trials.Trial", "trials.api.views.TrialViewSet"),
    ("genes", "kb.Gene", "kb.api.views.GeneViewSet"),
    ("cell-lines", "mechanisms.CellLine", "mechanisms.api.views.CellLineViewSet"),
    ("cell-line-subgroups", "mechanisms.CellLineSubgroup", "mechanisms.api.views.CellLineSubgroupViewSet"),
    ("model-systems", "mechanisms.ModelSystem", "mechanisms.api.views.ModelSystemViewSet"),
    ("errata", "kb.Erratum", "kb.api.views.ErratumViewSet"),
]
# Fields a release leaves out: who edited (accounts are not public) and the edit counter.
PRIVATE_FIELDS = {"created_by", "updated_by", "version", "suggested_by"}


def releases_dir() -> Path:
    return Path(settings.KB_RELEASES_DIR)


def _published(label: str):
    model = apps.get_model(label)
    manager = model._default_manager
    if hasattr(manager, "published"):
        return manager.published().order_by("pk")
    owner = {
        "kb.GeneSynonym": "gene",
        "trials.CompoundSynonym": "compound",
        "trials.CompoundTarget": "compound",
        "mechanisms.ModelSystemFeature": "model_system",
    }.get(label)
    queryset = manager.all().order_by("pk")
    if owner:
        queryset = queryset.filter(**{f"{owner}__status": "published"})
    if label == "trials.CompoundTarget":
        queryset = queryset.filter(gene__status="published")
    return queryset


def fixture_text(file: str) -> str:
    """One fixture file of the release: published records, their links to published records only."""
    objects = []
    for label in RELEASE_MODELS[file]:
        model = apps.get_model(label)
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
            serializers.serialize("json", _published(label), fields=fields, use_natural_foreign_keys=True)
        )
        published_keys = {}
        for obj in data:
            for name, value in obj["fields"].items():
                field = model._meta.get_field(name)
                if field.many_to_many:
                    keys = published_keys.setdefault(
                        name, {tuple(r.natural_key()) for r in _published(field.related_model._meta.label)}
                    )
                    obj["fields"][name] = sorted(v for v in value if tuple(v) in keys)
        objects += data
    return json.dumps(objects, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def csv_text(label: str, viewset_path: str, base_url: str) -> str:
    """The kind's published records with the API's columns, as the API's CSV gives them."""
    viewset = import_string(viewset_path)
    scheme, _, host = base_url.partition("://")
    request = RequestFactory().get("/", secure=scheme == "https")
    request.get_host = lambda: host.rstrip("/")  # the public address, whatever this machine's hosts
    request.user = _anonymous()
    records = viewset.queryset.for_display(public=True).order_by("pk")
    rows = viewset.serializer_class(records, many=True, context={"request": Request(request)}).data
    return CSVRenderer().render(list(rows)).decode("utf-8")


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def graph_files(base_url: str) -> dict[str, str]:
    nodes, edges = build_graph(base_url=base_url)
    node_csv, edge_csv = io.StringIO(), io.StringIO()
    writer = csv.writer(node_csv, lineterminator="\r\n")
    writer.writerow(["id", "kind", "key", "name", "url"])
    writer.writerows([[n.id, n.kind, n.key, spreadsheet_safe(n.name), n.url] for n in nodes])
    writer = csv.writer(edge_csv, lineterminator="\r\n")
    writer.writerow(["source", "target", "relation"])
    writer.writerows([[e.source, e.target, e.relation] for e in edges])
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
    for key, owner in (("kind", "node"), ("name", "node"), ("url", "node"), ("relation", "edge")):
        ET.SubElement(root, f"{{{ns}}}key", id=key, **{"for": owner, "attr.name": key, "attr.type": "string"})
    graph = ET.SubElement(root, f"{{{ns}}}graph", id="links", edgedefault="directed")
    for node in nodes:
        element = ET.SubElement(graph, f"{{{ns}}}node", id=node.id)
        for key in ("kind", "name", "url"):
            ET.SubElement(element, f"{{{ns}}}data", key=key).text = getattr(node, key)
    for index, edge in enumerate(edges):
        element = ET.SubElement(graph, f"{{{ns}}}edge", id=f"e{index}", source=edge.source, target=edge.target)
        ET.SubElement(element, f"{{{ns}}}data", key="relation").text = edge.relation
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def release_files(*, base_url: str, progress: Callable[[str], None] = lambda name: None) -> dict[str, str]:
    """Every file of a release but the manifest, by path."""
    files = {}
    for file in FIXTURE_FILES:
        files[f"fixtures/{file}"] = fixture_text(file)
        progress(f"fixtures/{file}")
    for name, label, viewset in CSV_KINDS:
        files[f"csv/{name}.csv"] = csv_text(label, viewset, base_url)
        progress(f"csv/{name}.csv")
    for path, text in graph_files(base_url).items():
        files[path] = text
        progress(path)
    return files


def manifest_for(files: dict[str, str]) -> dict:
    digests = {path: hashlib.sha256(text.encode("utf-8")).hexdigest() for path, text in sorted(files.items())}
    content_hash = hashlib.sha256("".join(f"{path}:{digest}\n" for path, digest in digests.items()).encode())
    dates = [
        apps.get_model(label).objects.published().aggregate(newest=Max("updated_at"))["newest"]
        for _, label, _ in CSV_KINDS
    ]
    newest = max(date for date in dates if date is not None)
    source = apps.get_model("kb.Source").objects.order_by("pk").first()
    counts = {name: apps.get_model(label).objects.published().count() for name, label, _ in CSV_KINDS}
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
    return manifest


def list_releases(out_dir: Path | None = None) -> list[dict]:
    """The releases in the folder, newest first, each its manifest."""
    folder = out_dir or releases_dir()
    manifests = []
    for path in sorted(folder.glob("*/manifest.json")) if folder.exists() else []:
        try:
            manifests.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError):
            continue
    return sorted(manifests, key=lambda m: (m["date"], m["release"]), reverse=True)


def current_release() -> str:
    """The version of the newest release, or "" if none was built."""
    folder = releases_dir()
    latest = _latest_cache.get("value")
    mtime = folder.stat().st_mtime if folder.exists() else None
    if latest is None or _latest_cache.get("mtime") != mtime:
        releases = list_releases(folder)
        latest = releases[0]["release"] if releases else ""
        _latest_cache.update(value=latest, mtime=mtime)
    return latest


_latest_cache: dict = {}


def release_records(folder: Path) -> dict[tuple[str, str], dict]:
    """The records of a release by (model, key), for comparing two releases."""
    records = {}
    for file in FIXTURE_FILES:
        for obj in json.loads((folder / "fixtures" / file).read_text(encoding="utf-8")):
            fields = obj["fields"]
            key = fields.get("slug") or fields.get("name") or json.dumps(fields, sort_keys=True)[:80]
            owner = next(
                (fields[o][0] for o in ("gene", "compound", "model_system") if isinstance(fields.get(o), list)), ""
            )
            records[(obj["model"], f"{owner}/{key}" if owner else str(key))] = fields
    return records


def release_diff(old: Path, new: Path) -> dict[str, list[tuple[str, str]]]:
    """What was added, changed and removed (retired or deleted) from one release to the next, record by record."""
    before, after = release_records(old), release_records(new)
    return {
        "added": sorted(key for key in after if key not in before),
        "changed": sorted(key for key in after if key in before and after[key] != before[key]),
        "removed": sorted(key for key in before if key not in after),
    }
