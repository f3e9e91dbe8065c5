from django.db import models
from django.db.models import Prefetch
from django.db.models.query import ModelIterable

from .choices import CurationStatus


class CuratedQuerySet(models.QuerySet):
    """Shared read paths of every curated record: lookup by natural key and the public subset."""

    def get_by_natural_key(self, slug):
        """Find a record by its slug, the natural key the fixtures refer to it by."""
        return self.get(slug=slug)

    def published(self):
        """Only what the public may see."""
        return self.filter(status=CurationStatus.PUBLISHED)

    def visible_to(self, user):
        """Everything for staff; published records only for everyone else."""
        return self if user.is_staff else self.published()

    def with_links(self, *names: str, public: bool):
        """Prefetch the named relations, each limited to published records for the public."""
        lookups = []
        for name in names:
            related = self.model._meta.get_field(name).related_model
            lookups.append(Prefetch(name, queryset=visible(related, public=public)))
        return self.select_related("source", "created_by", "updated_by").prefetch_related(*lookups)

    def for_display(self, *, public: bool):
        """The shape every API response and page reads: links and errata prefetched, drafts hidden from the public."""
        queryset = self.with_links(*self.display_links, "errata", public=public)
        return queryset.published() if public else queryset

    def for_list(self, *, public: bool):
        """``for_display`` for the pages of a list: the links to other records of a whole page in one query
        (kb.links) instead of one per relation; the rows a record owns (synonyms, features) stay prefetched."""
        from .links import is_record_link

        queryset = self.for_display(public=public)
        lookups = queryset._prefetch_related_lookups
        links = [p.prefetch_to for p in lookups if is_record_link(self.model, p.prefetch_to)]
        queryset = queryset.prefetch_related(None).prefetch_related(*[p for p in lookups if p.prefetch_to not in links])
        queryset._links = (links, public)
        return queryset

    def attach_links(self, records: list) -> None:
        """Give records read some other way (a streamed CSV's chunk) the links ``for_list`` reads."""
        from .links import attach_links

        if self._links:
            attach_links(records, self._links[0], public=self._links[1])

    display_links: tuple[str, ...] = ()
    _links: tuple[list[str], bool] | None = None

    def _clone(self):
        clone = super()._clone()
        clone._links = self._links
        return clone

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._links and self._iterable_class is ModelIterable:
            self.attach_links(self._result_cache)


class SourceQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        """Find a source by its slug."""
        return self.get(slug=slug)


class SourcePartQuerySet(models.QuerySet):
    def get_by_natural_key(self, source_slug, slug):
        """Find a table or list of a source by the source's slug and its own."""
        return self.get(source__slug=source_slug, slug=slug)


class OwnedQuerySet(models.QuerySet):
    """Rows owned by one record (synonyms, features), found by the owner's slug and their own key."""

    owner_field = ""
    key_field = ""

    def get_by_natural_key(self, owner_slug, key):
        """Find a row by its owner's slug and its key within that owner."""
        return self.get(**{f"{self.owner_field}__slug": owner_slug, self.key_field: key})


class GeneSynonymQuerySet(OwnedQuerySet):
    owner_field, key_field = "gene", "name"


class GeneQuerySet(CuratedQuerySet):
    display_links = ("synonyms", "mechanisms", "biomarkers", "compounds")


class ErratumQuerySet(CuratedQuerySet):
    def for_display(self, *, public: bool):
        """Errata with every record they touch."""
        names = [rel.get_accessor_name() for rel in self.model._meta.related_objects if rel.many_to_many]
        queryset = self.with_links(*names, public=public)
        return queryset.published() if public else queryset


def visible(model, *, public: bool):
    """All of a model's records, or the published ones only for the public."""
    queryset = model._default_manager.all()
    return queryset.published() if public and hasattr(queryset, "published") else queryset
