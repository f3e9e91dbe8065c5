"""Reads that span apps."""

from django.apps import apps

from .models import CuratedModel

# The kinds of record the home page counts, in the order a reader meets them.
RECORD_MODELS = (
    "mechanisms.Mechanism",
    "mechanisms.Strategy",
    "biomarkers.Biomarker",
    "biomarkers.MicroRNA",
    "trials.Compound",
    "trials.Trial",
    "kb.Gene",
    "mechanisms.CellLine",
    "mechanisms.CellLineSubgroup",
    "mechanisms.ModelSystem",
    "kb.Erratum",
)


def record_counts(*, published_only: bool = True) -> list[dict]:
    """Count the records of each kind, published ones only unless asked otherwise."""
    counts = []
    for label in RECORD_MODELS:
        model = apps.get_model(label)
        assert issubclass(model, CuratedModel)
        queryset = model.objects.published() if published_only else model.objects.all()
        counts.append({"label": model._meta.verbose_name_plural, "model": label, "count": queryset.count()})
    return counts
