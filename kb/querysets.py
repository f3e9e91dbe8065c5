from django.db import models
from django.db.models import Prefetch

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

    display_links: tuple[str, ...] = ()


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
