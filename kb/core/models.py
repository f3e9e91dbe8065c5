"""Shared bases of every curated record, and the records that all apps share.

- ``CuratedModel``: provenance (source, locator, line, verbatim quote), curation state, who and when,
  and history. ``CuratedRecord`` adds a name beside the name as printed, a description and errata.
- ``Source`` and ``SourcePart``: the review, and each of its tables and text lists as transcribed.
- ``Erratum``: an error of the review itself, with the records it touches.
- ``Gene`` and ``GeneSynonym``: the shared vocabulary of genes, by HGNC symbol.

Django finds them through ``kb/models.py``, with the search index (``kb.search.models``) and the
data version (``kb.delivery.models``).
"""

import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Concat
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .choices import CurationStatus, ErratumKind, Resolution
from .links import page_route
from .querysets import CuratedQuerySet, ErratumQuerySet, GeneQuerySet, OwnedQuerySet
from .sources import Source, SourcePart  # noqa: F401 - SourcePart is imported from here by kb.models and others
from .validators import validate_hgnc_id

#
# Curated bases
#


class CuratedModel(models.Model):
    """Where a record comes from, how far it is through curation, who made and changed it, and when.

    ``quote`` is the cell or sentence as printed, line breaks kept; ``line`` is the line of the
    source text where it begins. ``curated_fields`` names the fields whose values the source does
    not state (an identifier, a link): they were added in curation and are never attributed to it.
    """

    slug = models.SlugField(max_length=100)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="%(app_label)s_%(class)s_records"
    )
    locator = models.CharField(max_length=200, blank=True, help_text='Where in the source, e.g. "Table 4, row 3".')
    line = models.PositiveIntegerField(
        null=True, blank=True, help_text="Line of the source text where the quote begins."
    )
    quote = models.TextField(blank=True, help_text="The cell or sentence as printed, verbatim.")
    curated_fields = models.JSONField(
        default=list, blank=True, help_text="Fields whose values were added in curation, not printed in the source."
    )
    status = models.CharField(
        max_length=16, choices=CurationStatus.choices, default=CurationStatus.DRAFT, db_index=True
    )
    curator_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up by one with every change; a stale edit is refused."
    )
    history = HistoricalRecords(inherit=True)

    objects = CuratedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ("slug",)
        default_permissions = ("add", "change", "delete", "view", "publish")
        constraints = [models.UniqueConstraint(fields=("slug",), name="%(app_label)s_%(class)s_unique_slug")]

    def save(self, *args, **kwargs):
        # Every write, from any path, makes a new version; a load of the fixtures (a raw save) keeps theirs.
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)

    # The field that names the record in its URLs (pages and API).
    url_key = "slug"

    def get_absolute_url(self):
        return reverse(page_route(self), args=[getattr(self, self.url_key)])

    def natural_key(self):
        return (self.slug,)

    @classmethod
    def link_name(cls, prefix: str = ""):
        """The record's ``name`` as a database expression, from a row that reaches it through ``prefix``
        (kb.core.links)."""
        return Cast(F(f"{prefix}name"), models.TextField())

    @classmethod
    def link_text(cls, prefix: str = ""):
        """How a page shows the record (its ``str``), as a database expression."""
        return cls.link_name(prefix)

    # The links of a record of a list's page, read for the whole page at once (kb.core.links.attach_links).
    attached_links: dict | None = None
    # What ``search_terms`` reads besides the record's own fields: prefetched when the whole index is rebuilt.
    search_prefetch: tuple[str, ...] = ()

    def linked(self, name: str):
        """The records this one links to through the relation ``name``, as its page and API answer show them:
        those attached for a list's page, else the relation's (prefetched for one record's page)."""
        if self.attached_links is not None and name in self.attached_links:
            return self.attached_links[name]
        value = getattr(self, name)
        return list(value.all()) if isinstance(value, models.Manager) else value

    # The statements behind the record's links (kb.core.statements.evidence_of), attached with its links.
    attached_evidence: dict | None = None

    def evidence(self, name: str, target) -> list:
        """The statements behind the link ``name`` to ``target`` (a record or a ``Link``): those attached for the
        reader, else the published ones."""
        from .statements import evidence_of, link_key

        if self.attached_evidence is None:
            self.attached_evidence = evidence_of([self], None).get(self.pk, {})
        model = target.model if hasattr(target, "model") and not hasattr(target, "_meta") else type(target)
        return self.attached_evidence.get(link_key(type(self), name, model._meta.model_name, target.slug), [])

    def clean(self):
        super().clean()
        errors = {}
        if (self.locator or self.quote) and self.source_id is None:
            errors["source"] = "A record with a locator or a quote needs the source it was printed in."
        if not isinstance(self.curated_fields, list):
            errors["curated_fields"] = 'Give a list of field names, e.g. ["chembl_id"].'
        else:
            unknown = [name for name in self.curated_fields if not self._is_field(name)]
            if unknown:
                errors["curated_fields"] = (
                    f"No such field on {self._meta.verbose_name}: {', '.join(map(str, unknown))}."
                )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def _is_field(cls, name):
        try:
            cls._meta.get_field(name)
        except (FieldDoesNotExist, TypeError):
            return False
        return True


def natural_key(text: str) -> str:
    """A name as lists sort it: case and spacing folded, numbers by value ("hsa-miR-16" before "hsa-miR-107")."""
    folded = " ".join(str(text or "").split()).casefold()
    return re.sub(r"\d+", lambda number: number.group().zfill(10), folded)[:255]


@receiver(pre_save)
def _sort_name(sender, instance, **kwargs):
    """Every save of a named record (a fixture's load too) keeps its sorting name in step with its name."""
    if isinstance(instance, CuratedRecord):
        instance.name_sort = natural_key(instance.name)


class CuratedRecord(CuratedModel):
    """A named record of the knowledge base: its name beside the name as printed, a description, its errata."""

    name = models.CharField(max_length=200)
    name_sort = models.CharField(
        max_length=255, blank=True, default="", editable=False, help_text="The name as lists sort it (natural_key)."
    )
    name_as_printed = models.CharField(
        max_length=300, blank=True, help_text="The name exactly as the source prints it."
    )
    description = models.TextField(blank=True)
    errata = models.ManyToManyField("kb.Erratum", blank=True, related_name="%(class)s_set")
    identifier_checks = models.JSONField(
        default=dict,
        blank=True,
        help_text='Where and when each identifier was checked: {"hgnc_id": {"where": "…", "checked_on": "…"}}.',
    )

    class Meta(CuratedModel.Meta):
        abstract = True
        ordering = ("name_sort", "slug")
        indexes = [
            models.Index(fields=["name", "slug"], name="%(class)s_by_name"),
            models.Index(fields=["name_sort", "slug"], name="%(class)s_by_sort"),
        ]

    def __str__(self):
        return self.name

    def search_terms(self) -> dict[str, list[str]]:
        """What search looks through, by weight: A names and identifiers, B other names, C text, D quotes."""
        return {"A": [self.name], "B": [self.name_as_printed], "C": [self.description], "D": [self.quote]}


class Synonym(models.Model):
    """Another name of a record, printed in the source or added in curation."""

    name = models.CharField(max_length=200, db_index=True)
    added_in_curation = models.BooleanField(default=False, help_text="The source does not print this name.")
    locator = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ("name",)

    def __str__(self):
        return self.name


#
# Errata
#


class Erratum(CuratedModel):
    """An error of the source itself: where, what was printed, the correction, and its kind."""

    kind = models.CharField(max_length=32, choices=ErratumKind.choices, db_index=True)
    as_printed = models.TextField(help_text="The erroneous text exactly as printed.")
    correction = models.TextField(help_text="What it should say, or what the registry says.")
    # A correction a user suggested from a record's page: the field, who, and what an editor decided.
    field = models.CharField(max_length=64, blank=True, help_text="The field of the record a suggestion corrects.")
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    resolution = models.CharField(max_length=16, choices=Resolution.choices, blank=True, db_index=True)
    review_note = models.TextField(blank=True, help_text="The editor's reason, when a suggestion is rejected.")
    current_value = models.TextField(blank=True, help_text="A suggestion: the record's value when it was suggested.")
    suggester_name = models.CharField(max_length=100, blank=True, help_text="A suggestion without an account: by.")
    suggester_email = models.EmailField(blank=True, help_text="Where its outcome is sent; shown to editors only.")

    objects = ErratumQuerySet.as_manager()

    class Meta(CuratedModel.Meta):
        verbose_name_plural = "errata"
        ordering = ("line", "slug")
        indexes = [models.Index(fields=["line", "slug"], name="kb_erratum_line")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        """Where and what: "Table 7, row 2: letozole"."""
        return f"{self.locator}: {self.as_printed}"

    @classmethod
    def link_name(cls, prefix: str = ""):
        return Concat(F(f"{prefix}locator"), Value(": "), F(f"{prefix}as_printed"), output_field=models.TextField())

    @classmethod
    def touched(cls) -> list[tuple[str, type]]:
        """The relations to the records an erratum touches (one per kind of record): accessor and model."""
        return [(rel.get_accessor_name(), rel.related_model) for rel in cls._meta.related_objects if rel.many_to_many]

    def search_terms(self) -> dict[str, list[str]]:
        """What search looks through, by weight (see CuratedRecord.search_terms)."""
        # An erratum is found by what it says, below the records it touches.
        return {
            "A": [],
            "B": [],
            "C": [self.as_printed, self.correction, self.locator],
            "D": [self.curator_note, self.quote],
        }


#
# Genes
#


class Gene(CuratedRecord):
    """A human gene by its HGNC symbol (``name``); shared vocabulary of every app."""

    full_name = models.CharField(max_length=200, blank=True)
    hgnc_id = models.CharField(
        "HGNC ID", max_length=16, blank=True, validators=[validate_hgnc_id], help_text="e.g. HGNC:3430"
    )

    url_key = "name"
    search_prefetch = ("synonyms",)
    SYMBOL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*")

    objects = GeneQuerySet.as_manager()

    class Meta(CuratedRecord.Meta):
        constraints = [
            models.UniqueConstraint(fields=("slug",), name="kb_gene_unique_slug"),
            models.UniqueConstraint(fields=("name",), name="kb_gene_unique_name"),
            models.UniqueConstraint(fields=("hgnc_id",), condition=~Q(hgnc_id=""), name="kb_gene_unique_hgnc_id"),
        ]

    def clean(self):
        """The symbol is the gene's address (/genes/ERBB2/): letters, digits and . _ @ - only."""
        super().clean()
        if self.name and not self.SYMBOL.fullmatch(self.name):
            raise ValidationError(
                {"name": f"{self.name!r} is not a gene symbol: use letters, digits and . _ @ - (e.g. ERBB2)."}
            )

    def search_terms(self) -> dict[str, list[str]]:
        terms = super().search_terms()
        terms["A"] += [self.hgnc_id]
        terms["B"] += [self.full_name, *(s.name for s in self.synonyms.all())]
        return terms

    @property
    def hgnc_url(self):
        return f"https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/{self.hgnc_id}" if self.hgnc_id else ""


class GeneSynonym(Synonym):
    """Another name of a gene or its product (HER2 for ERBB2, P-gp for ABCB1)."""

    gene = models.ForeignKey(Gene, on_delete=models.CASCADE, related_name="synonyms")
    history = HistoricalRecords()

    objects = OwnedQuerySet.as_manager()

    class Meta(Synonym.Meta):
        constraints = [models.UniqueConstraint(fields=("gene", "name"), name="kb_genesynonym_unique_name")]

    def natural_key(self):
        return (*self.gene.natural_key(), self.name)

    natural_key.dependencies = ["kb.gene"]
