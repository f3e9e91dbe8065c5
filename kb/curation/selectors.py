"""Reads that span apps: counts per kind, recent changes, and what waits for an editor."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, F, Value
from django.urls import reverse

from kb.core import kinds
from kb.core.choices import CurationStatus, ErratumKind
from kb.core.links import page_route
from kb.core.querysets import visible_filter
from kb.search.models import SearchEntry


def _models():
    return [kind.model for kind in kinds.records()]


def record_counts(*, user, by_part: bool = False):
    """Records of each kind that ``user`` may see, in one query of the search index.

    With ``by_part``, a mapping from each part's locator ("Table 4") to the kinds and numbers of the
    records taken from it.
    """
    if by_part:
        return _counts_by_part(user=user)
    entries = SearchEntry.objects.visible_to(user)
    counted = dict(entries.order_by().values_list("kind").annotate(n=Count("id")))
    return [
        {
            "label": model._meta.verbose_name_plural,
            "model": model._meta.label,
            "count": counted.get(model._meta.verbose_name, 0),
        }
        for model in _models()
    ]


def _counts_by_part(*, user) -> dict:
    """Every kind's locators in one UNION ALL query, counted by part."""
    models = _models()
    branches = []
    for index, model in enumerate(models):
        rows = (
            model.objects.visible_to(user)
            .exclude(locator="")
            .order_by()
            .annotate(kind_index=Value(index), at=F("locator"))
        )
        branches.append(rows.values_list("kind_index", "at"))
    parts = {}
    for index, locator in branches[0].union(*branches[1:], all=True):
        part = locator.rsplit(", ", 1)[0] if ", " in locator else locator
        kinds = parts.setdefault(part, {})
        plural = models[index]._meta.verbose_name_plural
        kinds[plural] = kinds.get(plural, 0) + 1
    return {part: sorted(kinds.items()) for part, kinds in parts.items()}


def recent_changes(*, user, limit: int = 10) -> list[dict]:
    """The latest changes that ``user`` may see across every kind of record, newest first, from the history (one
    query, and the users): for the public, the versions that were published."""
    rows = []
    for model in _models():
        history = model.history.model.objects.exclude(history_type="-").order_by().filter(visible_filter(user))
        name = "name" if "name" in {f.name for f in model.history.model._meta.fields} else "locator"
        rows.append(
            history.annotate(
                label=Value(model._meta.label, output_field=CharField()), title=F(name), key=F(model.url_key)
            ).values_list(
                "label", "title", "key", "history_date", "history_user_id", "history_type", "history_change_reason"
            )
        )
    latest = list(rows[0].union(*rows[1:], all=True).order_by("-history_date")[:limit])
    users = get_user_model().objects.in_bulk({row[4] for row in latest if row[4]})
    types = {"+": "Created", "~": "Changed", "-": "Deleted"}
    changes = []
    for label, title, key, when, user_id, kind_of_change, reason in latest:
        model = apps.get_model(label)
        changes.append(
            {
                "when": when,
                "who": users.get(user_id),
                "type": types[kind_of_change],
                "kind": model._meta.verbose_name,
                "name": title,
                "reason": reason or "",
                "url": reverse(page_route(model), args=[key]),
            }
        )
    return changes


def curation_queue() -> dict:
    """What waits for an editor: records in review, and suggested corrections not yet decided."""
    in_review = []
    for model in _models():
        waiting = model.objects.filter(status=CurationStatus.IN_REVIEW).select_related("updated_by")
        for record in waiting.order_by("-updated_at"):
            if getattr(record, "kind", None) == ErratumKind.SUGGESTED:
                continue
            in_review.append({"record": record, "kind": model._meta.verbose_name, "admin_url": _admin_url(record)})
    suggestions = [
        {"record": erratum, "admin_url": _admin_url(erratum)}
        for erratum in apps.get_model("kb.Erratum")
        .objects.filter(kind=ErratumKind.SUGGESTED, resolution="")
        .select_related("suggested_by")
        .order_by("created_at")
    ]
    return {"in_review": in_review, "suggestions": suggestions}


def _admin_url(record) -> str:
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
