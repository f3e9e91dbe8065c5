"""Following records, and telling their followers what happened: the admin's inbox, and e-mail where configured.

A follower is told of every change, workflow transition and suggestion on a record they follow, except their own.
Mail goes through Django's mail backend once the change commits; a mail server that fails never fails the change.
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from kb.core.workbench import Follow, Notice, NoticeVerb

logger = logging.getLogger(__name__)


def who(user) -> str:
    """How a curator is named in the workbench (to other curators): their display name, else their login name."""
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _where(record) -> dict:
    return {"content_type": ContentType.objects.get_for_model(type(record)), "object_id": record.pk}


def _may_follow(record, user) -> None:
    opts = record._meta
    if not (user.is_authenticated and user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")):
        raise PermissionDenied("Only curators and editors follow records: sign in to the curation admin.")


@transaction.atomic
def follow(*, record, user) -> Follow:
    """``user`` follows ``record`` (again: nothing changes)."""
    _may_follow(record, user)
    followed, _ = Follow.objects.get_or_create(user=user, **_where(record))
    return followed


@transaction.atomic
def unfollow(*, record, user) -> None:
    _may_follow(record, user)
    Follow.objects.filter(user=user, **_where(record)).delete()


def is_following(record, user) -> bool:
    return user.is_authenticated and Follow.objects.filter(user=user, **_where(record)).exists()


def notify(record, *, verb: str, actor, text: str) -> None:
    """Tell every follower of ``record`` but ``actor`` what happened: a notice in their inbox, and an e-mail."""
    if record.pk is None:
        return
    where = _where(record)
    followers = [
        f.user
        for f in Follow.objects.filter(**where).exclude(user_id=getattr(actor, "pk", None)).select_related("user")
    ]
    if not followers:
        return
    name, by = str(record)[:300], who(actor)[:150]
    Notice.objects.bulk_create(
        Notice(recipient=user, record_name=name, verb=verb, actor_name=by, text=text, **where) for user in followers
    )
    addresses = [user.email for user in followers if user.email]
    if addresses:
        subject = f"[BCDR curation] {name}: {NoticeVerb(verb).label.lower()}"
        body = f"{text}\n\n{'By ' + by if by else ''}\n\nYou follow this record in the curation admin."
        transaction.on_commit(lambda: mail(subject, body, addresses))


def mail(subject: str, body: str, addresses: list[str]) -> None:
    """Send through the configured backend; a failure is logged, never raised (the change has committed)."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    except Exception:  # noqa: BLE001 - a mail server's failure of any kind must not answer 500
        logger.warning("Mail to %d follower(s) not sent", len(addresses), exc_info=True)


def inbox(user, *, limit: int = 20) -> dict:
    """A user's unread notices, newest first (two queries)."""
    unread = Notice.objects.filter(recipient=user, read_at__isnull=True)
    return {"count": unread.count(), "notices": list(unread.select_related("content_type")[:limit])}


def mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark a user's notices read (all of them, or those of ``ids``): how many were."""
    unread = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
