"""The works records are taken from: the review, primary papers, registry records, databases; and the parts of a
source as transcribed (its tables and text lists)."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .choices import SourceKind, SourcePartKind
from .querysets import SourcePartQuerySet, SourceQuerySet
from .validators import validate_doi, validate_pmid


class Source(models.Model):
    """A work that records are taken from: the review, and later primary papers or registries."""

    slug = models.SlugField(max_length=64)
    kind = models.CharField(max_length=16, choices=SourceKind.choices, default=SourceKind.REVIEW, db_index=True)
    title = models.CharField(max_length=300)
    citation = models.TextField(blank=True, help_text="The full reference as it would be cited, if known.")
    authors = models.TextField(blank=True, help_text="As the work lists them, separated by semicolons.")
    journal = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    doi = models.CharField(
        "DOI", max_length=200, blank=True, validators=[validate_doi], help_text="e.g. 10.1038/nature12373"
    )
    pmid = models.CharField("PMID", max_length=10, blank=True, validators=[validate_pmid], help_text="e.g. 23903654")
    licence = models.CharField(max_length=200, blank=True, help_text="The licence the work is published under.")
    checked_on = models.DateField(
        null=True, blank=True, help_text="For a registry record or a database entry: the day it was read."
    )
    description = models.TextField(blank=True, help_text="What the text is and how its line numbers are counted.")
    url = models.URLField(blank=True)
    released_on = models.DateField(null=True, blank=True, help_text="Date of the data release built from it.")
    history = HistoricalRecords()

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ("title",)
        constraints = [models.UniqueConstraint(fields=("slug",), name="kb_source_unique_slug")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("kb:source_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""


class SourcePart(models.Model):
    """One table of a source, or one list in its text, reproduced row by row as printed."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="parts")
    slug = models.SlugField(max_length=64)
    kind = models.CharField(max_length=8, choices=SourcePartKind.choices, db_index=True)
    number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The table's number, if it has one.")
    position = models.PositiveSmallIntegerField(help_text="Order of the part in the source.")
    title_as_printed = models.TextField(
        blank=True, help_text="The title as printed; empty for a part the source does not title."
    )
    locator = models.CharField(max_length=200)
    line = models.PositiveIntegerField(help_text="Line of the source text where the part begins.")
    in_scope = models.BooleanField(default=True, help_text="False for a part that is not about the subject.")
    scope_note = models.TextField(blank=True)
    columns = models.JSONField(default=list, blank=True, help_text="The printed column headings.")
    rows = models.JSONField(default=list, help_text='The printed rows: [{"line": 10, "cells": ["…", …]}, …].')

    objects = SourcePartQuerySet.as_manager()

    class Meta:
        ordering = ("source", "position")
        constraints = [models.UniqueConstraint(fields=("source", "slug"), name="kb_sourcepart_unique_slug")]

    def __str__(self):
        return self.locator

    def natural_key(self):
        return (*self.source.natural_key(), self.slug)

    natural_key.dependencies = ["kb.source"]
