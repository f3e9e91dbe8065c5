"""Reads that span apps: counts per kind, recent changes, and what waits for an editor."""

from datetime import UTC, datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from kb.core import kinds
from kb.core.choices import CurationStatus, ErratumKind, Resolution
from kb.core.links import page_route
from kb.core.querysets import visible_filter
from kb.search.models import SearchEntry

from .services import PUBLISH_ROWS, WORKFLOW


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


def curation_queue(user) -> dict:
    """What waits for ``user`` in the workbench, across every kind of record and statement, in three queries:
    their drafts, what is in review that they did not change (theirs to review), and the suggestions to triage.
    Each entry links to the diff of its latest version against its published one."""
    models = _models()
    mine, waiting = [], []
    for index, model in enumerate(models):
        history = model.history.model
        fields = {f.name for f in history._meta.fields}
        title = "name" if "name" in fields else "slug"
        rows = model.objects.order_by().annotate(
            kind_index=Value(index),
            title=F(title),
            published_id=Subquery(
                history.objects.filter(id=OuterRef("pk"), status=CurationStatus.PUBLISHED)
                .order_by("-history_date", "-history_id")
                .values("history_id")[:1]
            ),
            latest_id=Subquery(
                history.objects.filter(id=OuterRef("pk"))
                .order_by("-history_date", "-history_id")
                .values("history_id")[:1]
            ),
        )
        if model is apps.get_model("kb.Erratum"):
            rows = rows.exclude(kind=ErratumKind.SUGGESTED)
        columns = ("kind_index", "pk", "title", "updated_at", "published_id", "latest_id")
        mine.append(rows.filter(status=CurationStatus.DRAFT, updated_by=user).values_list(*columns))
        if user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}"):  # theirs to review
            others = rows.filter(status=CurationStatus.IN_REVIEW).exclude(
                Exists(_changed_since_published(history, user))
            )
            waiting.append(others.values_list(*columns))
    drafts = list(mine[0].union(*mine[1:], all=True).order_by("-updated_at")[:QUEUE_LENGTH])
    review = list(waiting[0].union(*waiting[1:], all=True).order_by("updated_at")[:QUEUE_LENGTH]) if waiting else []
    suggestions = (
        [  # editors triage them (and only they see who suggested one without an account)
            {"record": erratum, "admin_url": _admin_url(erratum)}
            for erratum in apps.get_model("kb.Erratum")
            .objects.filter(kind=ErratumKind.SUGGESTED, resolution=Resolution.PENDING)
            .select_related("suggested_by")
            .order_by("created_at")[:QUEUE_LENGTH]
        ]
        if user.has_perm("kb.publish_erratum")
        else None
    )
    return {
        "my_drafts": [_queued(models, row) for row in drafts],
        "to_review": [_queued(models, row) for row in review],
        "suggestions": suggestions,
    }


QUEUE_LENGTH = 50  # entries a queue lists (the oldest first for review)


def _changed_since_published(history, user):
    """The history rows of the outer record in which ``user`` changed it (not a workflow step) since it was last
    published: whoever made the change under review may not review it."""
    published_at = (
        history.objects.filter(PUBLISH_ROWS, id=OuterRef("id")).order_by("-history_date").values("history_date")[:1]
    )
    return (
        history.objects.filter(id=OuterRef("pk"), history_user=user)
        .exclude(history_change_reason__startswith=WORKFLOW)
        .annotate(since=Coalesce(Subquery(published_at), Value(datetime.min.replace(tzinfo=UTC))))
        .filter(history_date__gt=F("since"))
    )


def _queued(models, row) -> dict:
    index, pk, title, updated_at, published_id, latest_id = row
    opts = models[index]._meta
    diff = reverse(f"admin:{opts.app_label}_{opts.model_name}_diff", args=[pk])
    if published_id and latest_id and published_id != latest_id:
        diff += f"?old={published_id}&new={latest_id}"
    return {
        "kind": opts.verbose_name,
        "title": title,
        "updated_at": updated_at,
        "admin_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk]),
        "diff_url": diff,
        "has_published": bool(published_id),
    }


def record_keys() -> list[tuple[str, str]]:
    """Every record's kind and slug, in one query: what a statement's subject and object are typed from."""
    branches = [
        model.objects.order_by()
        .annotate(kind_name=Value(model._meta.model_name, output_field=CharField()))
        .values_list("kind_name", "slug")
        for model in _models()
        if model._meta.model_name not in ("statement", "erratum")
    ]
    return sorted(branches[0].union(*branches[1:], all=True))


def _admin_url(record) -> str:
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
