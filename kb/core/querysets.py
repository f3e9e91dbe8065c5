"""Read paths shared by every kind: the one rule of visibility, natural keys, and the shapes pages and the API read.

**Visibility** has one rule (``sees_drafts``) and one queryset method (``visible_to``), as NetBox's
``RestrictedQuerySet.restrict``: staff see every record with its status; everyone else, and every
release, sees published records only, and only the rows (synonyms, targets, features, search
entries) whose records are published. Pages, the API, filters, search, the graph, the releases and
the exports all ask ``visible_to``.
"""

from django.db import models
from django.db.models import Prefetch, Q

from .choices import CurationStatus
from .kinds import is_record_model, kind_of

PUBLIC = None  # the reader of a release, the graph of a release, the shared cache: anyone at all


def sees_drafts(user) -> bool:
    """The rule: staff see every record, with its status; everyone else sees what is published."""
    return user is not None and user.is_staff


def visible_filter(user, paths=("status",)) -> Q:
    """The condition that keeps what ``user`` may see, the curation status found at each of ``paths``."""
    if sees_drafts(user):
        return Q()
    return Q(**{path: CurationStatus.PUBLISHED for path in paths})


class VisibleQuerySet(models.QuerySet):
    """Rows with a curation status of their own (or their records'): what a user may see of them."""

    status_paths: tuple[str, ...] = ("status",)

    def visible_to(self, user):
        """What ``user`` may see (``PUBLIC``, None, for anyone at all)."""
        return self.filter(visible_filter(user, self.status_paths))


class CuratedQuerySet(VisibleQuerySet):
    """Shared read paths of every curated record: lookup by natural key, and the shapes of its pages."""

    # The relations a record's page and its API answer show, besides its errata.
    display_links: tuple[str, ...] = ()

    def get_by_natural_key(self, slug):
        """Find a record by its slug, the natural key the fixtures refer to it by."""
        return self.get(slug=slug)

    def page_links(self) -> tuple[str, ...]:
        return (*self.display_links, "errata")

    def link_queryset(self, name: str, user):
        """The records (or owned rows) of one relation, as ``user`` may see them."""
        return self.model._meta.get_field(name).related_model._default_manager.visible_to(user)

    def for_detail(self, user):
        """One record as its page and the API show it: every link prefetched, limited to what the user may see."""
        lookups = [Prefetch(name, queryset=self.link_queryset(name, user)) for name in self.page_links()]
        return self._with_provenance(user).prefetch_related(*lookups)

    def for_list(self, user):
        """A list's records: the rows each owns prefetched (synonyms, targets, features). Their links to other
        records are read a page at a time, in one query, by ``kb.core.links.attach_links``."""
        from .links import is_record_link

        owned_rows = [name for name in self.page_links() if not is_record_link(self.model, name)]
        lookups = [Prefetch(name, queryset=self.link_queryset(name, user)) for name in owned_rows]
        return self._with_provenance(user).prefetch_related(*lookups)

    def _with_provenance(self, user):
        return self.visible_to(user).select_related("source", "created_by", "updated_by")


class OwnedQuerySet(VisibleQuerySet):
    """Rows a record owns (synonyms, targets, features): seen where every record they name is, found by
    their owner's slug and their own key (the kind's ``owner`` and ``key``, kb.core.kinds)."""

    @property
    def status_paths(self) -> tuple[str, ...]:
        return tuple(
            f"{field.name}__status"
            for field in self.model._meta.fields
            if field.is_relation and is_record_model(field.related_model)
        )

    def get_by_natural_key(self, owner_slug, key):
        """Find a row by its owner's slug and its key within that owner."""
        kind = kind_of(self.model)
        own = f"{kind.key}__slug" if self.model._meta.get_field(kind.key).is_relation else kind.key
        return self.get(**{f"{kind.owner}__slug": owner_slug, own: key})


class SourceQuerySet(VisibleQuerySet):
    status_paths = ()  # a source is always shown

    def get_by_natural_key(self, slug):
        """Find a source by its slug."""
        return self.get(slug=slug)


class SourcePartQuerySet(VisibleQuerySet):
    status_paths = ()

    def get_by_natural_key(self, source_slug, slug):
        """Find a table or list of a source by the source's slug and its own."""
        return self.get(source__slug=source_slug, slug=slug)


class GeneQuerySet(CuratedQuerySet):
    display_links = ("synonyms", "mechanisms", "biomarkers", "compounds")


class ErratumQuerySet(CuratedQuerySet):
    def page_links(self) -> tuple[str, ...]:
        """An erratum shows every record it touches."""
        return tuple(name for name, _ in self.model.touched())
