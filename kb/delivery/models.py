"""The data version: one row that every write moves on (kb.delivery.versioning)."""

from django.db import models


class DataVersion(models.Model):
    """One row whose number goes up with every write to the knowledge base, in any process.

    Conditional GETs (ETag, Last-Modified) and the shared response cache key on it, so that
    neither needs to render anything to know that nothing changed.
    """

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return f"data version {self.version}"
