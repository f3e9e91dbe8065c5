"""Compounds that counter resistance, and the clinical trials that test them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Cast
from simple_history.models import HistoricalRecords

from biomarkers.models import Biomarker
from kb.core.querysets import OwnedQuerySet
from kb.core.validators import validate_chembl_id, validate_nct_id
from kb.models import CuratedRecord, Gene, Synonym
from mechanisms.models import Mechanism, Strategy

from .choices import TrialPhase, TrialStatus, TrialType
from .querysets import CompoundQuerySet, TrialQuerySet

#
# Compounds
#


class Compound(CuratedRecord):
    """A drug or investigational compound, by its international non-proprietary name where it has one."""

    drug_class = models.CharField(max_length=120, blank=True, db_index=True)
    drug_class_as_printed = models.CharField(max_length=200, blank=True)
    chembl_id = models.CharField(
        "ChEMBL ID",
        max_length=20,
        blank=True,
        validators=[validate_chembl_id],
        help_text="Parent compound, e.g. CHEMBL554",
    )
    targets = models.ManyToManyField(Gene, through="CompoundTarget", blank=True, related_name="compounds")
    mechanisms = models.ManyToManyField(
        Mechanism, blank=True, related_name="compounds", help_text="Mechanisms of resistance the compound counters."
    )
    biomarkers = models.ManyToManyField(Biomarker, blank=True, related_name="compounds")
    strategies = models.ManyToManyField(Strategy, blank=True, related_name="compounds")

    search_prefetch = ("synonyms", "target_links__gene")

    objects = CompoundQuerySet.as_manager()

    class Meta(CuratedRecord.Meta):
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="trials_compound_unique_slug"),
            models.UniqueConstraint(fields=("name",), name="trials_compound_unique_name"),
            models.UniqueConstraint(
                fields=("chembl_id",), condition=~models.Q(chembl_id=""), name="trials_compound_unique_chembl_id"
            ),
        ]

    def search_terms(self) -> dict[str, list[str]]:
        terms = super().search_terms()
        terms["A"] += [self.chembl_id]
        terms["B"] += [synonym.name for synonym in self.synonyms.all()]
        terms["C"] += [self.drug_class, self.drug_class_as_printed, *(gene.name for gene in self.target_genes)]
        return terms

    @property
    def target_genes(self):
        """The genes the compound targets, read through the prefetched target links."""
        return [link.gene for link in self.target_links.all()]

    @property
    def chembl_url(self):
        return f"https://www.ebi.ac.uk/chembl/explore/compound/{self.chembl_id}" if self.chembl_id else ""


class CompoundSynonym(Synonym):
    """Another name of a compound: a code name, an abbreviation, a brand."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="synonyms")
    history = HistoricalRecords()

    objects = OwnedQuerySet.as_manager()

    class Meta(Synonym.Meta):
        constraints = [models.UniqueConstraint(fields=("compound", "name"), name="trials_compoundsynonym_unique_name")]

    def natural_key(self):
        return (*self.compound.natural_key(), self.name)

    natural_key.dependencies = ["trials.compound"]


class CompoundTarget(models.Model):
    """A gene product a compound acts on, with the name the source gives it, or none if added in curation."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="target_links")
    gene = models.ForeignKey(Gene, on_delete=models.PROTECT, related_name="compound_links")
    as_printed = models.CharField(max_length=100, blank=True, help_text="The target as the source names it.")
    added_in_curation = models.BooleanField(default=False, help_text="The source does not name this target.")
    history = HistoricalRecords()

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ("compound", "gene")
        constraints = [models.UniqueConstraint(fields=("compound", "gene"), name="trials_compoundtarget_unique_gene")]

    def __str__(self):
        return f"{self.compound} → {self.gene}"

    def natural_key(self):
        return (*self.compound.natural_key(), self.gene.slug)

    natural_key.dependencies = ["trials.compound", "kb.gene"]

    def clean(self):
        super().clean()
        if not self.added_in_curation and not self.as_printed:
            raise ValidationError({"as_printed": "Give the target as printed, or mark it as added in curation."})


#
# Trials
#


class Trial(CuratedRecord):
    """A clinical trial by NCT number: what the source printed, and what the registry says, kept apart."""

    nct_id = models.CharField("NCT number", max_length=11, validators=[validate_nct_id])
    intervention_as_printed = models.TextField(blank=True)
    subtype = models.CharField(max_length=200, blank=True, help_text="The cancer subtype the trial enrols.")
    subtype_as_printed = models.TextField(blank=True)
    phase = models.CharField(max_length=16, choices=TrialPhase.choices, db_index=True)
    phase_as_printed = models.CharField(max_length=32, blank=True)
    trial_type = models.CharField(max_length=32, choices=TrialType.choices, blank=True, db_index=True)
    trial_type_as_printed = models.CharField(max_length=32, blank=True)
    recruitment_status = models.CharField(
        max_length=32,
        choices=TrialStatus.choices,
        blank=True,
        db_index=True,
        help_text="The recruitment status the source reports, in the registry's words.",
    )
    status_as_printed = models.CharField(max_length=32, blank=True)
    registry_phase = models.CharField(max_length=16, choices=TrialPhase.choices, blank=True, db_index=True)
    registry_status = models.CharField(max_length=32, choices=TrialStatus.choices, blank=True, db_index=True)
    registry_checked_on = models.DateField(
        null=True, blank=True, help_text="The day the registry's record was read for the registry values."
    )
    registry_as_of = models.DateField(
        null=True, blank=True, help_text="The date of the registry record that was read (its last update)."
    )
    registry_source = models.ForeignKey(
        "kb.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registry_trials",
        help_text="The registry record the registry values come from.",
    )
    compounds = models.ManyToManyField(Compound, blank=True, related_name="trials")
    biomarkers = models.ManyToManyField(Biomarker, blank=True, related_name="trials")

    url_key = "nct_id"

    objects = TrialQuerySet.as_manager()

    class Meta(CuratedRecord.Meta):
        ordering = ("nct_id",)
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="trials_trial_unique_slug"),
            models.UniqueConstraint(fields=("nct_id",), name="trials_trial_unique_nct_id"),
        ]

    def __str__(self):
        return self.nct_id

    @classmethod
    def link_text(cls, prefix: str = ""):
        return Cast(F(f"{prefix}nct_id"), models.TextField())

    def clean(self):
        super().clean()
        if self.nct_id and self.slug != self.nct_id.lower():
            raise ValidationError({"slug": f"A trial's slug is its NCT number in lower case: {self.nct_id.lower()}."})

    def search_terms(self) -> dict[str, list[str]]:
        terms = super().search_terms()
        terms["A"] += [self.nct_id]
        terms["C"] += [self.subtype, self.intervention_as_printed, self.subtype_as_printed]
        return terms

    @property
    def registry_url(self):
        return f"https://clinicaltrials.gov/study/{self.nct_id}"
