"""Reads that span apps: counts per kind, recent changes, and search across every kind of record."""

from django.apps import apps
from django.urls import reverse

# The kinds of record the pages count and search, in the order a reader meets them.
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


def _models():
    return [apps.get_model(label) for label in RECORD_MODELS]


def record_counts(*, published_only: bool = True, by_part: bool = False):
    """Records of each kind (published ones only unless asked otherwise).

    With ``by_part``, a mapping from each part's locator ("Table 4") to the kinds and numbers of the
    records taken from it.
    """
    counts, parts = [], {}
    for model in _models():
        queryset = model.objects.published() if published_only else model.objects.all()
        label = model._meta.verbose_name_plural
        if not by_part:
            counts.append({"label": label, "model": model._meta.label, "count": queryset.count()})
            continue
        for locator in queryset.exclude(locator="").values_list("locator", flat=True):
            part = locator.rsplit(", ", 1)[0] if ", " in locator else locator
            kinds = parts.setdefault(part, {})
            kinds[label] = kinds.get(label, 0) + 1
    return {part: sorted(kinds.items()) for part, kinds in parts.items()} if by_part else counts


def recent_changes(*, public: bool, limit: int = 10) -> list[dict]:
    """The latest changes across every kind of record, newest first, from the history."""
    changes = []
    for model in _models():
        rows = model.history.select_related("history_user").exclude(history_type="-")
        if public:
            rows = rows.filter(status="published")
        for row in rows.order_by("-history_date")[:limit]:
            record = row.instance
            changes.append(
                {
                    "when": row.history_date,
                    "who": row.history_user,
                    "type": row.get_history_type_display(),
                    "kind": model._meta.verbose_name,
                    "name": str(record),
                    "url": record.get_absolute_url(),
                    "reason": row.history_change_reason or "",
                }
            )
    return sorted(changes, key=lambda change: change["when"], reverse=True)[:limit]


def curation_queue() -> dict:
    """What waits for an editor: records in review, and suggested corrections not yet decided."""
    in_review = []
    for model in _models():
        for record in model.objects.filter(status="in_review").select_related("updated_by").order_by("-updated_at"):
            if getattr(record, "kind", None) == "suggested":
                continue
            in_review.append({"record": record, "kind": model._meta.verbose_name, "admin_url": _admin_url(record)})
    suggestions = [
        {"record": erratum, "admin_url": _admin_url(erratum)}
        for erratum in apps.get_model("kb.Erratum")
        .objects.filter(kind="suggested", resolution="")
        .select_related("suggested_by")
        .order_by("created_at")
    ]
    return {"in_review": in_review, "suggestions": suggestions}


def _admin_url(record) -> str:
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
