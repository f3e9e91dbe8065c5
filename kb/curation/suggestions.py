"""Suggested corrections: anyone proposes a value for a field of a record; an editor accepts or rejects it.

A suggestion is an erratum of kind "suggested", in review, attached to its record: the field, the value the record
held then, the proposed value and the suggester's reason. Accepting it applies the value as a change through the
curation services, credited to the suggester, in review (it is published as every change is, by an editor).
Rejecting it keeps the editor's reason, which the suggester reads on the suggestion's own page and by e-mail.
"""

from uuid import uuid4

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.text import capfirst

from kb.core.choices import CurationStatus, ErratumKind, Resolution
from kb.core.models import CuratedModel, Erratum
from kb.core.workbench import NoticeVerb

from . import notices
from .services import _save, record_save, record_transition, workflow_reason

NOT_PRINTED = "(not printed: added in curation)"


def suggestable_fields(record: CuratedModel) -> list[tuple[str, str]]:
    """The fields of a record a user may suggest a correction to: its own editable text and values."""
    skip = {"slug", "source", "status", "curator_note", "curated_fields", "quote", "locator", "line"}
    return [
        (f.name, capfirst(f.verbose_name))
        for f in record._meta.concrete_fields
        if f.editable and not f.is_relation and not f.primary_key and f.name not in skip
    ]


def as_printed(record: CuratedModel, field: str) -> str:
    """What the source printed for a field: its printed form where the record keeps one, else the value unless a
    curator added it."""
    printed = getattr(record, f"{field}_as_printed", None)
    if printed:
        return printed
    if field in (record.curated_fields or []):
        return NOT_PRINTED
    value = getattr(record, field)
    return "" if value is None else str(value)


@transaction.atomic
def suggestion_create(
    *, record: CuratedModel, field: str, proposed: str, reason: str, user=None, name: str = "", email: str = ""
) -> Erratum:
    """A suggested correction, waiting in the editors' queue. Without an account, a name and an e-mail address are
    required (shown to editors only, and used to send the outcome); no account is made."""
    if not hasattr(record, "errata"):
        raise ValidationError(f"A {record._meta.verbose_name} is not corrected by a suggestion.")
    if field not in dict(suggestable_fields(record)):
        raise ValidationError({"field": f"{capfirst(record._meta.verbose_name)} has no field {field!r} to correct."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the value is wrong, with a source if you can."})
    signed_in = user is not None and user.is_authenticated
    if not signed_in:
        errors = {}
        if not name.strip():
            errors["name"] = "Give your name: editors credit the correction to you."
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Give an e-mail address where the outcome can be sent (editors only see it)."
        if errors:
            raise ValidationError(errors)
    current = getattr(record, field)
    erratum = Erratum(
        slug=f"suggestion-{uuid4().hex[:20]}",
        kind=ErratumKind.SUGGESTED,
        status=CurationStatus.IN_REVIEW,
        source=record.source,
        locator=(record.locator or str(record))[:200],
        line=record.line,
        quote=record.quote,
        as_printed=as_printed(record, field) or "(empty)",
        current_value="" if current is None else str(current),
        correction=proposed,
        field=field,
        curator_note=reason,
        suggested_by=user if signed_in else None,
        suggester_name="" if signed_in else name.strip(),
        suggester_email="" if signed_in else email.strip(),
        resolution=Resolution.PENDING,
    )
    _save(
        erratum,
        user=user if signed_in else None,
        reason=f"Suggested a correction of {field}",
        save_related=lambda: record.errata.add(erratum),
    )
    notices.notify(
        record,
        verb=NoticeVerb.SUGGESTION,
        actor=user if signed_in else None,
        text=f"Suggested for {field}: {proposed!r} (now {erratum.current_value!r}). {reason.strip()}",
    )
    return erratum


def suggester(erratum: Erratum) -> str:
    """Who suggested it, as editors see it."""
    if erratum.suggested_by_id:
        return notices.who(erratum.suggested_by)
    return erratum.suggester_name or "someone"


def suggestion_record(erratum: Erratum) -> CuratedModel:
    """The record a suggestion corrects."""
    for name, _ in Erratum.touched():
        record = getattr(erratum, name).first()
        if record is not None:
            return record
    raise ValidationError("The suggestion is not attached to any record.")


def _review(erratum: Erratum, user) -> CuratedModel:
    # Its row locked, then read as it now is: two editors never decide the same suggestion twice.
    locked = Erratum.objects.select_for_update().get(pk=erratum.pk)
    erratum.resolution, erratum.status, erratum.version = locked.resolution, locked.status, locked.version
    if erratum.kind != ErratumKind.SUGGESTED or erratum.resolution != Resolution.PENDING:
        raise ValidationError("Only a pending suggestion can be accepted or rejected.")
    if not user.has_perm("kb.publish_erratum"):
        raise PermissionDenied("Only editors accept or reject suggestions.")
    if erratum.suggested_by_id == user.pk:
        raise PermissionDenied("You suggested this correction: another editor must review it.")
    return suggestion_record(erratum)


@transaction.atomic
def suggestion_accept(*, erratum: Erratum, user, reason: str = "") -> CuratedModel:
    """Apply a suggested correction to its record as a change credited to the suggester (the editor who accepts it
    applies it, so another editor publishes it), and send it to review."""
    record = _review(erratum, user)
    if record.status == CurationStatus.RETIRED:
        raise ValidationError("The record is retired: reject the suggestion, or return the record to draft first.")
    now = getattr(record, erratum.field)
    if ("" if now is None else str(now)) != erratum.current_value:
        raise ValidationError(
            f"{erratum.field} changed since the suggestion (it is now {now!r}): nothing was applied. Reject the "
            "suggestion with that reason, or make the change yourself."
        )
    field = record._meta.get_field(erratum.field)
    value = field.to_python(erratum.correction) if erratum.correction != "" else field.get_default()
    setattr(record, field.attname, value)
    # The editor who accepts applies the change, so another editor publishes it; the suggester is credited by
    # name only if they have an account (one without is named to editors alone, on the suggestion).
    credit = notices.who(erratum.suggested_by) if erratum.suggested_by_id else "a reader without an account"
    why = f"Suggestion {erratum.slug} by {credit}, accepted: {erratum.field}"
    record = record_save(record=record, user=user, reason=why + (f". {reason}" if reason else ""))
    if record.status == CurationStatus.DRAFT:
        record = record_transition(record=record, action="submit", user=user, reason=why)
    erratum.resolution, erratum.status = Resolution.ACCEPTED, CurationStatus.RETIRED
    erratum.review_note = reason
    _save(erratum, user=user, reason=workflow_reason("accept", reason))
    _tell_suggester(erratum, "accepted: the change waits for an editor to publish it")
    return record


@transaction.atomic
def suggestion_reject(*, erratum: Erratum, user, reason: str) -> Erratum:
    """Turn a suggestion down, with the editor's reason (which the suggester reads)."""
    _review(erratum, user)
    if not reason.strip():
        raise ValidationError({"review_note": "Give the reason for rejecting the suggestion."})
    erratum.resolution, erratum.status, erratum.review_note = Resolution.REJECTED, CurationStatus.RETIRED, reason
    erratum = _save(erratum, user=user, reason=workflow_reason("reject", reason))
    _tell_suggester(erratum, f"not accepted. The editor's reason: {reason.strip()}")
    return erratum


def status_url(erratum: Erratum) -> str:
    """The suggestion's own page: its outcome, for whoever holds the address (the suggester)."""
    return reverse("kb:suggestion", args=[erratum.slug])


def _tell_suggester(erratum: Erratum, outcome: str) -> None:
    address = erratum.suggested_by.email if erratum.suggested_by_id else erratum.suggester_email
    if address:
        page = settings.KB_PUBLIC_URL.rstrip("/") + status_url(erratum)  # the site's public address: a mail has none
        body = f"Your suggested correction of {erratum.field} ({erratum.locator}) was {outcome}.\n\n{page}"
        transaction.on_commit(lambda: notices.mail("[BCDR] Your suggested correction", body, [address]))
