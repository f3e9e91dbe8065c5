"""The search index: one entry per record, with its terms by weight (kb.search.index keeps it up to date)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from kb.core.choices import CurationStatus
from kb.core.querysets import VisibleQuerySet


class SearchEntry(models.Model):
    """One record as search sees it: its terms by weight, rewritten on every write (kb.search.index).

    On PostgreSQL ``vector`` holds the weighted full-text vector (GIN-indexed) and ``terms_a`` has a
    trigram index for misspellings; on SQLite both are unused and search ranks in Python.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=64, db_index=True)
    name = models.CharField(max_length=300)
    status = models.CharField(max_length=16, choices=CurationStatus.choices, db_index=True)
    terms_a = models.TextField(blank=True)
    terms_b = models.TextField(blank=True)
    terms_c = models.TextField(blank=True)
    terms_d = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ("kind", "name")
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=("content_type", "object_id"), name="kb_searchentry_unique_record")
        ]

    def __str__(self):
        return f"{self.kind}: {self.name}"
