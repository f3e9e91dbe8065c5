from django.db import models

from .choices import CurationStatus


class CuratedQuerySet(models.QuerySet):
    """Shared read paths of every curated record: lookup by natural key and the public subset."""

    def get_by_natural_key(self, slug):
        """Find a record by its slug, the natural key the fixtures refer to it by."""
        return self.get(slug=slug)

    def published(self):
        """Only what the public may see."""
        return self.filter(status=CurationStatus.PUBLISHED)


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
    def for_list(self):
        """Genes with their synonyms, for lists."""
        return self.prefetch_related("synonyms")
