"""Links follow their statements: a link between two records exists while a published statement supports it.

The curation services call ``sync_link`` whenever a statement is saved, moved through the workflow or
deleted: the subject's relation (``statement.relation``) then holds the object if, and only if, at least
one published statement with the direction "supports" states the link. Records are never linked by hand
(the admin shows links read-only, the API refuses them): a curator adds a statement, an editor publishes
it, and the link appears on both records' pages with the statement behind it.
"""

from django.db import transaction

from kb.core import kinds
from kb.core.choices import Basis, CurationStatus, StatementDirection
from kb.core.statements import Statement


def _model(kind: str):
    for registered in kinds.records():
        if registered.name == kind:
            return registered.model
    raise LookupError(kind)


def link_is_supported(statement: Statement) -> bool:
    """Whether a published statement supports the link ``statement`` states (this one or another)."""
    return Statement.objects.filter(
        subject_kind=statement.subject_kind,
        subject_slug=statement.subject_slug,
        relation=statement.relation,
        object_kind=statement.object_kind,
        object_slug=statement.object_slug,
        status=CurationStatus.PUBLISHED,
        direction=StatementDirection.SUPPORTS,
    ).exists()


@transaction.atomic
def sync_link(statement: Statement) -> list:
    """Make the subject's relation hold the object exactly while a published statement supports the link; returns
    the records whose links changed (for search and the data version)."""
    subject = _model(statement.subject_kind)._default_manager.filter(slug=statement.subject_slug).first()
    target = _model(statement.object_kind)._default_manager.filter(slug=statement.object_slug).first()
    if subject is None or target is None:
        return []
    field = type(subject)._meta.get_field(statement.relation)
    supported = link_is_supported(statement)
    if field.many_to_one:  # a parent
        current = getattr(subject, field.attname)
        if supported and current != target.pk:
            type(subject)._default_manager.filter(pk=subject.pk).update(**{field.attname: target.pk})
        elif not supported and current == target.pk:
            type(subject)._default_manager.filter(pk=subject.pk).update(**{field.attname: None})
        else:
            return []
        return [subject, target]
    manager = getattr(subject, statement.relation)
    linked = manager.filter(pk=target.pk).exists()
    if supported and not linked:
        through = field.remote_field.through
        if through._meta.auto_created:
            manager.add(target)
        else:  # a link with values of its own (a compound's target): added in curation unless the source prints it
            printed = statement.basis == Basis.PRINTED
            manager.add(target, through_defaults={"added_in_curation": not printed})
    elif not supported and linked:
        manager.remove(target)
    else:
        return []
    return [subject, target]


def rename(record, old_slug: str) -> None:
    """A record's slug changed: its statements name it by the new one."""
    kind = record._meta.model_name
    Statement.objects.filter(subject_kind=kind, subject_slug=old_slug).update(subject_slug=record.slug)
    Statement.objects.filter(object_kind=kind, object_slug=old_slug).update(object_slug=record.slug)


def statements_about(record):
    """The statements with ``record`` at either end."""
    return Statement.objects.about(record._meta.model_name, [record.slug])
