"""Biomarkers of resistance and the dysregulated microRNAs of chemoresistant tumours."""

from django.db import models

from kb.core.choices import TherapyContext
from kb.core.validators import validate_mirbase_accession, validate_mirbase_mature_name
from kb.models import CuratedRecord, Gene
from mechanisms.models import Mechanism

from .choices import BiomarkerKind, Direction
from .querysets import BiomarkerQuerySet, MicroRNAQuerySet


class Biomarker(CuratedRecord):
    """A measurable feature of a tumour that signals or predicts resistance."""

    kind = models.CharField(max_length=32, choices=BiomarkerKind.choices, db_index=True)
    therapy_context = models.CharField(max_length=32, choices=TherapyContext.choices, db_index=True)
    genes = models.ManyToManyField(Gene, blank=True, related_name="biomarkers")
    mechanisms = models.ManyToManyField(Mechanism, blank=True, related_name="biomarkers")

    objects = BiomarkerQuerySet.as_manager()


class MicroRNA(CuratedRecord):
    """A mature human microRNA dysregulated in chemoresistant tumours, by its miRBase name.

    ``fold_change`` is empty where the source printed no number (the word "unregulated");
    ``fold_change_as_printed`` keeps what it printed.
    """

    name = models.CharField(
        "miRBase mature name",
        max_length=200,
        validators=[validate_mirbase_mature_name],
        help_text="e.g. hsa-miR-200b-3p",
    )
    mirbase_accession = models.CharField(
        "miRBase accession",
        max_length=16,
        blank=True,
        validators=[validate_mirbase_accession],
        help_text="The mature microRNA's accession, e.g. MIMAT0000318",
    )
    direction = models.CharField(max_length=8, choices=Direction.choices, db_index=True)
    direction_as_printed = models.CharField(max_length=32, blank=True)
    fold_change = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True, db_index=True)
    fold_change_as_printed = models.CharField(max_length=32, blank=True)
    mechanisms = models.ManyToManyField(Mechanism, blank=True, related_name="mirnas")
    biomarkers = models.ManyToManyField(Biomarker, blank=True, related_name="mirnas")

    objects = MicroRNAQuerySet.as_manager()

    class Meta(CuratedRecord.Meta):
        verbose_name = "microRNA"
        verbose_name_plural = "microRNAs"
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="biomarkers_microrna_unique_slug"),
            models.UniqueConstraint(fields=("name",), name="biomarkers_microrna_unique_name"),
        ]

    @property
    def mirbase_url(self):
        if self.mirbase_accession:
            return f"https://www.mirbase.org/mature/{self.mirbase_accession}"
        return f"https://www.mirbase.org/results/?query={self.name}"
