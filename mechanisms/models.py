"""Mechanisms of resistance, the strategies that overcome them, and the experimental models that study them."""

from django.db import models
from simple_history.models import HistoricalRecords

from kb.core.choices import TherapyContext
from kb.core.querysets import OwnedQuerySet
from kb.core.validators import validate_cellosaurus_accession
from kb.models import CuratedRecord, Gene

from .choices import MechanismCategory, ModelSystemKind, StrategyKind
from .querysets import MechanismQuerySet, ModelSystemQuerySet, StrategyQuerySet

#
# Mechanisms
#


class Mechanism(CuratedRecord):
    """A molecular route by which tumour cells escape a therapy, in one therapy context."""

    category = models.CharField(max_length=32, choices=MechanismCategory.choices, db_index=True)
    therapy_context = models.CharField(max_length=32, choices=TherapyContext.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    genes = models.ManyToManyField(Gene, blank=True, related_name="mechanisms")

    objects = MechanismQuerySet.as_manager()

    class Meta(CuratedRecord.Meta):
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="mechanisms_mechanism_unique_slug"),
            models.UniqueConstraint(fields=("name", "therapy_context"), name="mechanisms_mechanism_unique_name"),
        ]


class Strategy(CuratedRecord):
    """A way to overcome resistance, or a nanoparticle delivery strategy."""

    kind = models.CharField(max_length=32, choices=StrategyKind.choices, db_index=True)
    therapy_context = models.CharField(max_length=32, choices=TherapyContext.choices, db_index=True)
    mechanisms = models.ManyToManyField(Mechanism, blank=True, related_name="strategies")

    objects = StrategyQuerySet.as_manager()

    class Meta(CuratedRecord.Meta):
        verbose_name_plural = "strategies"


#
# Cell lines and model systems
#


class CellLine(CuratedRecord):
    """A breast cancer cell line, by its Cellosaurus name and accession."""

    cellosaurus_accession = models.CharField(
        max_length=16, blank=True, validators=[validate_cellosaurus_accession], help_text="e.g. CVCL_0179"
    )
    culture_conditions = models.TextField(blank=True)

    class Meta(CuratedRecord.Meta):
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="mechanisms_cellline_unique_slug"),
            models.UniqueConstraint(
                fields=("cellosaurus_accession",),
                condition=~models.Q(cellosaurus_accession=""),
                name="mechanisms_cellline_unique_accession",
            ),
        ]

    def search_terms(self) -> dict[str, list[str]]:
        terms = super().search_terms()
        terms["A"] += [self.cellosaurus_accession]
        terms["B"] += [self.name.replace("-", "")]  # written without its hyphen: MDA-MB-231 as MDAMB231
        terms["C"] += [self.culture_conditions]
        return terms

    @property
    def cellosaurus_url(self):
        return f"https://www.cellosaurus.org/{self.cellosaurus_accession}" if self.cellosaurus_accession else ""


class CellLineSubgroup(CuratedRecord):
    """A subgroup of breast cancer cell lines in suspension culture, with the molecular subtypes it covers."""

    molecular_subtypes = models.CharField(max_length=200)
    molecular_subtypes_as_printed = models.CharField(max_length=200, blank=True)


class ModelSystem(CuratedRecord):
    """An experimental model for studying drug resistance, in vitro or in vivo."""

    kind = models.CharField(max_length=16, choices=ModelSystemKind.choices, db_index=True)

    objects = ModelSystemQuerySet.as_manager()


class ModelSystemFeature(models.Model):
    """One printed characteristic of a model system (one cell of Table 8)."""

    model_system = models.ForeignKey(ModelSystem, on_delete=models.CASCADE, related_name="features")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    text_as_printed = models.TextField(blank=True)
    locator = models.CharField(max_length=200, blank=True)
    line = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ("model_system", "position")
        constraints = [
            models.UniqueConstraint(fields=("model_system", "position"), name="mechanisms_feature_unique_position")
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (*self.model_system.natural_key(), self.position)

    natural_key.dependencies = ["mechanisms.modelsystem"]
