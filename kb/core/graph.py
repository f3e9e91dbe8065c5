"""The graph of links between records: nodes (kind, key, name, URL) and edges (relation), published only.

Its kinds and their edges are declared in the registry (``Kind.graph``, kb.core.kinds).
"""

from dataclasses import dataclass

from . import kinds
from .querysets import PUBLIC


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
    basis: str = ""  # the bases of the published statements behind it ("printed", "inferred;external")
    sources: str = ""  # the slugs of their sources ("review;smith-2020")


def node_id(kind: str, key: str) -> str:
    return f"{kind}:{key}"


def build_graph(*, base_url: str = "") -> tuple[list[Node], list[Edge]]:
    """Every published record of the graph's kinds as a node, every link between two of them as an edge."""
    nodes, edges = {}, []
    evidence = _evidence()
    for kind in kinds.graph_kinds():
        model = kind.model
        single = [link.field for link in kind.graph if model._meta.get_field(link.field).many_to_one]
        many = [link.field for link in kind.graph if link.field not in single]
        records = model._default_manager.visible_to(PUBLIC).select_related(*single).prefetch_related(*many)
        for record in records:
            key = getattr(record, kind.lookup)
            this = node_id(kind.name, key)
            nodes[this] = Node(this, kind.name, key, str(record.name), base_url + record.get_absolute_url())
            for link in kind.graph:
                target_kind = kinds.kind_of(model._meta.get_field(link.field).related_model)
                value = getattr(record, link.field)
                for target in value.all() if link.field in many else [value]:
                    if target is not None:  # a link to an unpublished record has no node: dropped below
                        target_id = node_id(target_kind.name, getattr(target, target_kind.lookup))
                        bases, sources = evidence.get(
                            (kind.name, record.slug, link.field, target_kind.name, target.slug), (set(), set())
                        )
                        edges.append(
                            Edge(this, target_id, link.relation, ";".join(sorted(bases)), ";".join(sorted(sources)))
                        )
    edges = sorted({edge for edge in edges if edge.target in nodes}, key=lambda e: (e.source, e.relation, e.target))
    return sorted(nodes.values(), key=lambda n: n.id), edges


def _evidence() -> dict[tuple, tuple[set, set]]:
    """The bases and sources of the published statements of each link, by (subject kind, slug, relation, object kind,
    slug)."""
    from .statements import Statement

    found: dict[tuple, tuple[set, set]] = {}
    rows = Statement.objects.visible_to(PUBLIC).filter(direction="supports")
    for *link, basis, source in rows.values_list(
        "subject_kind", "subject_slug", "relation", "object_kind", "object_slug", "basis", "source__slug"
    ):
        bases, sources = found.setdefault(tuple(link), (set(), set()))
        bases.add(basis)
        if source:
            sources.add(source)
    return found


def neighbourhood(nodes, edges, *, center: str, depth: int):
    """The part of the graph within ``depth`` links of one node, links followed both ways."""
    keep, frontier = {center}, {center}
    for _ in range(depth):
        frontier = {e.target for e in edges if e.source in frontier} | {e.source for e in edges if e.target in frontier}
        frontier -= keep
        keep |= frontier
    return [n for n in nodes if n.id in keep], [e for e in edges if e.source in keep and e.target in keep]
