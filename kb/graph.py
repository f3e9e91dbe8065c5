"""The graph of links between records: nodes (kind, key, name, URL) and edges (relation), published only."""

from dataclasses import dataclass

from django.apps import apps

# kind of record: (model, key field, [(relation, field, target kind), ...])
KINDS = {
    "mechanism": ("mechanisms.Mechanism", "slug", [("part_of", "parent", "mechanism"), ("gene", "genes", "gene")]),
    "strategy": ("mechanisms.Strategy", "slug", [("addresses", "mechanisms", "mechanism")]),
    "biomarker": ("biomarkers.Biomarker", "slug", [("gene", "genes", "gene"), ("signals", "mechanisms", "mechanism")]),
    "microrna": (
        "biomarkers.MicroRNA",
        "slug",
        [("tied_to", "mechanisms", "mechanism"), ("measured_by", "biomarkers", "biomarker")],
    ),
    "compound": (
        "trials.Compound",
        "slug",
        [
            ("targets", "targets", "gene"),
            ("counters", "mechanisms", "mechanism"),
            ("biomarker", "biomarkers", "biomarker"),
            ("strategy", "strategies", "strategy"),
        ],
    ),
    "trial": ("trials.Trial", "nct_id", [("tests", "compounds", "compound"), ("biomarker", "biomarkers", "biomarker")]),
    "gene": ("kb.Gene", "name", []),
    "cellline": ("mechanisms.CellLine", "slug", []),
    "celllinesubgroup": ("mechanisms.CellLineSubgroup", "slug", []),
    "modelsystem": ("mechanisms.ModelSystem", "slug", []),
}


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    key: str
    name: str
    url: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    relation: str


def node_id(kind: str, key: str) -> str:
    return f"{kind}:{key}"


def build_graph(*, base_url: str = "") -> tuple[list[Node], list[Edge]]:
    """Every published record as a node, every link between two published records as an edge."""
    nodes, edges = {}, []
    for kind, (label, key, relations) in KINDS.items():
        model = apps.get_model(label)
        fields = [field for _, field, _ in relations]
        queryset = model.objects.published().prefetch_related(*[f for f in fields if f != "parent"])
        if "parent" in fields:
            queryset = queryset.select_related("parent")
        for record in queryset:
            this = node_id(kind, getattr(record, key))
            nodes[this] = Node(this, kind, getattr(record, key), str(record.name), base_url + record.get_absolute_url())
            for relation, field, target_kind in relations:
                target_key = KINDS[target_kind][1]
                targets = [getattr(record, field)] if field == "parent" else list(getattr(record, field).all())
                for target in targets:
                    if target is not None and target.status == "published":
                        edges.append(Edge(this, node_id(target_kind, getattr(target, target_key)), relation))
    edges = sorted({edge for edge in edges if edge.target in nodes}, key=lambda e: (e.source, e.relation, e.target))
    return sorted(nodes.values(), key=lambda n: n.id), edges


def neighbourhood(nodes, edges, *, center: str, depth: int):
    """The part of the graph within ``depth`` links of one node, links followed both ways."""
    keep, frontier = {center}, {center}
    for _ in range(depth):
        frontier = {e.target for e in edges if e.source in frontier} | {e.source for e in edges if e.target in frontier}
        frontier -= keep
        keep |= frontier
    return [n for n in nodes if n.id in keep], [e for e in edges if e.source in keep and e.target in keep]
