"""The one registry of the kinds of row the knowledge base holds, and of where each one appears.

Each app lists its kinds in its own ``kinds.py``, beside its models, and registers them when Django
is ready (``AppConfig.ready``), as NetBox's apps call ``register_search``. Everything that needs
"every kind" reads it here: the API's router, the fixture build and its load order, the releases
(fixtures, CSV, graph), search and the pages' counts, the curators' roles, and the tests. Adding a
kind of record touches its own app and nothing in ``kb/``.

The registration order is the dependency order (kb, then mechanisms, biomarkers and trials, each
app's kinds as it lists them): fixtures are built, loaded and released in it. ``order`` is where a
reader meets a kind: the API's root, the home page's counts, search's choice of kinds.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class EdgeKind:
    """A kind of link in the graph (``kb.core.graph``): its name, and the relation of the record it follows."""

    relation: str
    field: str


@dataclass(frozen=True)
class Kind:
    """One kind of row, and every place it appears."""

    model: type
    fixture: str  # its fixture file: fixtures/<file>, and a release's fixtures/<file>
    api: str = ""  # its prefix under /api/v1/, also the name of its CSV in a release; "" for rows shown inside another
    viewset: type | None = None  # the API's viewset of it
    curation: str = ""  # how fixtures/curation/ names it (the errata register's "records" column)
    graph: tuple[EdgeKind, ...] | None = None  # its links in the graph; None: not a node of the graph
    owner: str = ""  # for a row a record owns (a synonym, a target, a feature): the field naming its owner
    key: str = ""  # for such a row: the field that tells it apart from its owner's others
    order: int = 0  # where a reader meets it among the kinds (0: served only inside another)

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def name(self) -> str:
        """Its name in the graph and in search's ``?kind=``: the model's name (``cellline``)."""
        return self.model._meta.model_name

    @property
    def lookup(self) -> str:
        """The field that names a record of it in URLs (slug; genes by symbol, trials by NCT number)."""
        return lookup_field(self.model)

    @property
    def is_record(self) -> bool:
        """A curated record with pages of its own: counted, searched, in the recent changes."""
        return is_record_model(self.model)


def lookup_field(model) -> str:
    """The field that names a row of ``model`` in URLs: a record's ``url_key``, else (a source) its slug."""
    return getattr(model, "url_key", "slug")


def is_record_model(model) -> bool:
    """Whether the model is of curated records, which have pages and an address key (``url_key``), as opposed to
    the rows a record owns (synonyms, targets, features) or a source."""
    return hasattr(model, "url_key")


_registry: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    """Add kinds to the registry (an app's ``ready``, which Django may run more than once: the same kind again
    changes nothing); a model registered as two different kinds is a configuration error."""
    for kind in kinds:
        if kind.api and kind.viewset is None:
            raise ImproperlyConfigured(f"{kind.label} has an API prefix ({kind.api!r}) but no viewset.")
        if kind.is_record and not (kind.api and kind.order):
            raise ImproperlyConfigured(f"{kind.label} is a kind of record: give it an API prefix and an order.")
        if _registry.get(kind.label, kind) != kind:
            raise ImproperlyConfigured(f"{kind.label} is registered as two different kinds.")
        _registry[kind.label] = kind


def unregister(*kinds: Kind) -> None:
    """Take kinds out of the registry again (a test's throwaway kind)."""
    for kind in kinds:
        _registry.pop(kind.label, None)


def every_kind() -> list[Kind]:
    """Every kind, in dependency order: the order fixtures are built, loaded and released in."""
    return list(_registry.values())


def in_reading_order(kinds) -> list[Kind]:
    return sorted((kind for kind in kinds if kind.order), key=lambda kind: kind.order)


def records() -> list[Kind]:
    """The kinds of record, as a reader meets them (lists, counts, search)."""
    return in_reading_order(kind for kind in _registry.values() if kind.is_record)


def api_kinds() -> list[Kind]:
    """The kinds the API serves, as its root lists them."""
    return in_reading_order(kind for kind in _registry.values() if kind.api)


def graph_kinds() -> list[Kind]:
    """The kinds whose records are nodes of the graph of links."""
    return [kind for kind in _registry.values() if kind.graph is not None]


def fixture_files() -> list[str]:
    """The fixture files, in the order they are loaded."""
    return list(dict.fromkeys(kind.fixture for kind in _registry.values()))


def kind_of(model_or_label) -> Kind:
    """The kind of a model, given as a class or a label ("trials.Compound", "trials.compound")."""
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label
    for kind in _registry.values():
        if kind.label.lower() == label.lower():
            return kind
    raise LookupError(f"{label} is not a registered kind.")


def by_curation_name(name: str) -> Kind:
    """The kind the curation files call ``name`` ("cell-line")."""
    for kind in _registry.values():
        if kind.curation and kind.curation == name:
            return kind
    raise LookupError(name)
