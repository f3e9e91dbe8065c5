"""Curation: the workflow, saves that never overwrite another's work, deletes and revert (suggested corrections:
kb.curation.suggestions).

Every write to a curated record goes through these: the admin, the API and the commands all call
them. Each stamps who made it, lands in the record's history with a reason, keeps the record's
search entry up to date and moves the data version on (kb.delivery.versioning), inside its
transaction, so that caches and ETags see the change once it commits.

draft → in review → published → retired, and back to draft. Curators edit and send to review;
only editors publish or retire, and nobody publishes a change they made themselves. An edit of a
published record sends it to review (it leaves the public site until another editor publishes it),
so the public only ever sees reviewed content and the change waits in the editors' queue. Every
transition and every change carries its reason into the history.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, Q

from kb.core.choices import CurationStatus, ErratumKind
from kb.core.models import CuratedModel, Source, SourcePart
from kb.core.statements import Statement
from kb.core.workbench import NoticeVerb
from kb.delivery import versioning
from kb.search import index_record, remove_record

from . import notices, statements
from .changes import changed_fields, normalize_line_endings

WORKFLOW = "workflow: "
DONE = {"submit": "sent to review", "publish": "published", "retire": "retired", "draft": "taken back to draft"}
ACTIONS = {  # action: (statuses it starts from, status it leads to, permission it needs)
    "submit": ({CurationStatus.DRAFT}, CurationStatus.IN_REVIEW, "change"),
    "publish": ({CurationStatus.IN_REVIEW}, CurationStatus.PUBLISHED, "publish"),
    "retire": (
        {CurationStatus.DRAFT, CurationStatus.IN_REVIEW, CurationStatus.PUBLISHED},
        CurationStatus.RETIRED,
        "publish",
    ),
    "draft": (
        {CurationStatus.IN_REVIEW, CurationStatus.PUBLISHED, CurationStatus.RETIRED},
        CurationStatus.DRAFT,
        "change",
    ),
}


class StaleRecord(Exception):
    """Someone else saved the record after the version the writer started from."""

    def __init__(self, record, expected: int):
        latest = record.history.select_related("history_user").order_by("-history_date", "-history_id").first()
        self.record, self.expected, self.current = record, expected, record.version
        self.changed_by = latest.history_user if latest else None
        self.changed_at = latest.history_date if latest else None
        who = self.changed_by.get_username() if self.changed_by else "someone"
        when = f" on {self.changed_at:%d %B %Y at %H:%M} UTC" if self.changed_at else ""
        super().__init__(
            f"{who} changed this record{when} (version {self.current}) after you opened version "
            f"{expected}. Nothing was saved: reload the record and make your change again."
        )


def _permission(record: Model, action: str) -> str:
    return f"{record._meta.app_label}.{action}_{record._meta.model_name}"


def _save(record: CuratedModel, *, user, reason: str, save_related: Callable[[], None] | None = None) -> CuratedModel:
    normalize_line_endings(record)
    old_slug = None
    if not record._state.adding:
        old_slug = type(record)._default_manager.filter(pk=record.pk).values_list("slug", flat=True).first()
    record.updated_by = user
    if record._state.adding:
        record.created_by = user
    record._history_user = user
    record._change_reason = reason
    record.full_clean()
    record.save()
    if old_slug is not None and old_slug != record.slug:
        statements.rename(record, old_slug)
    if save_related is not None:
        save_related()
    _changed(record)
    verb = NoticeVerb.TRANSITION if reason.startswith(WORKFLOW) else NoticeVerb.CHANGED
    notices.notify(record, verb=verb, actor=user, text=reason)
    return record


def _changed(record: CuratedModel) -> None:
    """What every write does once the record is saved: search finds it as it now is, links follow their statements,
    and the data version moves on."""
    index_record(record)
    if isinstance(record, Statement):
        for linked in statements.sync_link(record):
            index_record(linked)
    versioning.bump()


PROVENANCE = ("source", "part", "locator", "line", "quote")


@transaction.atomic
def provenance_correct(*, record: CuratedModel, user, reason: str, expected_version: int | None = None, **values):
    """An editor's correction of where the source printed a record (source, part, locator, line, quote), with the
    reason, in the history as such. Curators' edits never change them (``record_save`` refuses)."""
    if not user.has_perm(_permission(record, "publish")):
        raise PermissionDenied("Only editors correct the provenance of a record.")
    if not reason.strip():
        raise ValidationError({"reason": "Say what was wrong with the provenance, and where the right one is."})
    unknown = set(values) - set(PROVENANCE)
    if unknown:
        raise ValidationError(f"Not provenance: {', '.join(sorted(unknown))}.")
    for name, value in values.items():
        setattr(record, name, value)
    return record_save(
        record=record,
        user=user,
        expected_version=expected_version,
        reason=f"Provenance corrected: {reason.strip()}",
        reviewed=True,
        provenance_reason=reason,
    )


def is_publish(reason: str) -> bool:
    """Whether a history row's reason is a publish step (the point since which a change is under review)."""
    return reason == WORKFLOW + "publish" or reason.startswith(WORKFLOW + "publish:")


# The same rule as a filter on history rows (kb.curation.selectors' review queue).
PUBLISH_ROWS = Q(history_change_reason=WORKFLOW + "publish") | Q(
    history_change_reason__startswith=WORKFLOW + "publish:"
)


def own_reason(reason: str) -> str:
    """A user's reason for a change as the history keeps it: never read as a workflow step."""
    reason = reason.strip()
    if reason.lower().startswith(WORKFLOW.strip()):
        raise ValidationError({"change_reason": f"A reason may not start with {WORKFLOW.strip()!r}: say it in words."})
    return reason


def change_authors(record: CuratedModel) -> set[int]:
    """Who made the change under review: everyone who edited the record since it was last published."""
    authors = set()
    for row in record.history.order_by("-history_date", "-history_id"):
        reason = row.history_change_reason or ""
        if is_publish(reason):
            break
        if not reason.startswith(WORKFLOW) and row.history_user_id is not None:
            authors.add(row.history_user_id)
    return authors


def transition_refusal(record: CuratedModel, action: str, user, *, authors: set[int] | None = None):
    """Why ``user`` may not take ``action`` on ``record`` as it now is (a PermissionDenied or a ValidationError), or
    None if they may: the one rule that the services enforce and the forms offer (``allowed_transitions``)."""
    if action not in ACTIONS:
        return ValidationError(f"Unknown workflow action {action!r}: use one of {', '.join(ACTIONS)}.")
    if getattr(record, "kind", None) == ErratumKind.SUGGESTED:
        return ValidationError("A suggested correction moves only by an editor's Accept or Reject.")
    sources, _, permission = ACTIONS[action]
    if not user.has_perm(_permission(record, permission)):
        return PermissionDenied(
            f"You may not {action} {record._meta.verbose_name_plural}: only editors publish and retire."
        )
    if record.status not in sources:
        return ValidationError(f"A record that is {record.get_status_display().lower()} cannot be {DONE[action]}.")
    if record.status == CurationStatus.PUBLISHED and not user.has_perm(_permission(record, "publish")):
        return PermissionDenied(
            f"This {record._meta.verbose_name} is published: taking it off the public site is an editor's action."
        )
    if action == "publish" and user.pk in (change_authors(record) if authors is None else authors):
        return PermissionDenied("You made this change: another editor must review and publish it.")
    return None


def allowed_transitions(record: CuratedModel, user) -> list[str]:
    """The workflow actions ``user`` may take on ``record`` now, in the order a form offers them."""
    authors = change_authors(record) if record.status == CurationStatus.IN_REVIEW else set()
    return [action for action in ACTIONS if transition_refusal(record, action, user, authors=authors) is None]


def workflow_reason(action: str, reason: str = "") -> str:
    """How a transition reads in the history: ``workflow: <action>``, then the user's reason."""
    return WORKFLOW + action + (f": {reason.strip()}" if reason.strip() else "")


@transaction.atomic
def record_transition(*, record: CuratedModel, action: str, user, reason: str = "") -> CuratedModel:
    """Move a record through the workflow (submit, publish, retire, draft), if the user may, with the reason."""
    record = type(record).objects.select_for_update().get(pk=record.pk) if record.pk else record
    refusal = transition_refusal(record, action, user)
    if refusal is not None:
        raise refusal
    record.status = ACTIONS[action][1]
    return _save(record, user=user, reason=workflow_reason(action, reason))


@transaction.atomic
def record_save(
    *,
    record: CuratedModel,
    user,
    expected_version: int | None = None,
    reason: str = "",
    reviewed: bool = False,
    save_related: Callable[[], None] | None = None,
    provenance_reason: str = "",
) -> CuratedModel:
    """Save an edit: refused if someone saved since ``expected_version``; a published record goes to review.

    An edit never moves a record through the workflow (``record_transition`` does, with its permissions): a new
    record is a draft, and an existing one keeps the status it has, whatever status the caller's copy holds.
    ``reviewed`` keeps a published record published: for a change an editor has reviewed (a suggestion).
    ``save_related`` saves what belongs to the edit besides the record's own fields (its links, the rows it
    owns), once the record is saved and in the same transaction, before search sees it.
    """
    if record._state.adding:
        record.status = CurationStatus.DRAFT
    else:
        current, status = _locked_version(record, "status")
        if expected_version is not None and expected_version != current:
            raise StaleRecord(type(record).objects.get(pk=record.pk), expected_version)
        record.version, record.status = current, status
        normalize_line_endings(record)
        stored = type(record)._default_manager.get(pk=record.pk)
        changed = changed_fields(stored, record)
        drift = [name for name in changed if name in PROVENANCE] if stored.source_id is not None else []
        if drift and not provenance_reason:
            raise ValidationError(
                {
                    name: "Where a source printed the record is not edited with the record: an editor corrects it "
                    "with the 'Correct provenance' action, giving the reason."
                    for name in drift
                }
            )
        if not changed:
            # Sent back as it is (a form saved unchanged): no history row, no new version, nothing unpublished.
            if save_related is not None:
                save_related()
                _changed(record)
            return record
        if status == CurationStatus.PUBLISHED and not reviewed:
            record.status = CurationStatus.IN_REVIEW  # off the public site, in the editors' queue
    previous = None if record._state.adding else type(record)._default_manager.get(pk=record.pk)
    reason = own_reason(reason) or ("Created" if record._state.adding else "Edited")
    saved = _save(record, user=user, reason=reason, save_related=save_related)
    if isinstance(record, Statement) and previous is not None and previous.link() != record.link():
        for linked in statements.sync_link(previous):  # the link it stated before: still supported by another?
            index_record(linked)
    return saved


@transaction.atomic
def record_related_saved(*, record: CuratedModel) -> None:
    """After the links and owned rows of an edit were saved apart from the record (the admin saves its form's
    many-to-many and its inlines after the record): search sees them, and the data version moves on."""
    _changed(record)


@transaction.atomic
def record_delete(*, record: CuratedModel, user, expected_version: int | None = None, reason: str = "") -> None:
    """Delete a record: refused if someone saved since ``expected_version``, or (``ProtectedError``) while other
    records still link to it. The history keeps who deleted it and why; search no longer finds it."""
    (current,) = _locked_version(record)
    if expected_version is not None and expected_version != current:
        raise StaleRecord(type(record).objects.get(pk=record.pk), expected_version)
    record._history_user = user
    record._change_reason = reason or "Deleted"
    remove_record(record)
    if not isinstance(record, Statement):  # its statements go with it, each in the history
        for statement in statements.statements_about(record):
            statement._history_user, statement._change_reason = user, f"Deleted with {record}"
            remove_record(statement)
            statement.delete()
    record.delete()
    if isinstance(record, Statement):
        for linked in statements.sync_link(record):
            index_record(linked)
    versioning.bump()


@transaction.atomic
def source_save(*, source: Source | SourcePart, user, reason: str = "") -> Source | SourcePart:
    """Save a source, or one of its parts (they carry no curation state of their own): validated, in the history."""
    source._history_user = user
    source._change_reason = reason or "Edited"
    source.full_clean()
    source.save()
    versioning.bump()
    return source


@transaction.atomic
def source_delete(*, source: Source | SourcePart, user) -> None:
    """Delete a source or a part; refused (``ProtectedError``) while records still cite it."""
    source._history_user = user
    source.delete()
    versioning.bump()


def _locked_version(record: CuratedModel, *fields: str) -> tuple:
    """The record's version as saved (and the other ``fields``), its row locked until the transaction ends."""
    return type(record).objects.select_for_update().filter(pk=record.pk).values_list("version", *fields).get()


@transaction.atomic
def record_revert(*, record: CuratedModel, history_id: int, user, expected_version: int | None = None):
    """Give the record the values of an earlier version; the revert is itself a recorded change."""
    old = record.history.get(history_id=history_id)
    # Where the source printed it is not reverted with the record: an editor corrects it (provenance_correct).
    keep = {"id", "version", "status", "created_at", "created_by", "updated_at", "updated_by", *PROVENANCE}
    for field in record._meta.concrete_fields:
        if field.name not in keep and field.editable:
            setattr(record, field.attname, getattr(old, field.attname))
    return record_save(
        record=record,
        user=user,
        expected_version=expected_version,
        reason=f"Reverted to version {old.version} of {old.history_date:%d %B %Y %H:%M}",
    )
