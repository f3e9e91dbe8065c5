"""A list's links to other records, read for the whole page in one query.

Each record of a list shows its links to other records by name and address. ``prefetch_related`` reads
them with one query per relation (eight for a mechanism: parent, children, genes, biomarkers, microRNAs,
compounds, strategies, errata); here one ``UNION ALL`` over the relations' tables reads them all, each
link as a ``Link``: the name the API gives it, the text a page shows, its key and its page. It is an explicit
step of the list views (the API's and the pages'), run on the records of the page they show; each record
keeps its links in ``attached_links``, where ``record.linked("genes")`` (serializers, templates) finds them.
"""

from dataclasses import dataclass
from itertools import groupby

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Cast
from django.urls import reverse
from rest_framework.reverse import reverse as api_reverse

from .kinds import is_record_model, lookup_field
from .querysets import visible_filter


@dataclass(frozen=True)
class Link:
    """Another record as a list shows it: enough to name it and link to it."""

    pk: int
    name: str
    text: str
    key: str
    model: type
    slug: str = ""

    def __str__(self):
        return self.text

    def __getattr__(self, attribute):  # the key under its own field's name: slug, nct_id
        model = self.__dict__.get("model")
        if model is not None and attribute == model.url_key:
            return self.key
        raise AttributeError(attribute)

    def get_absolute_url(self):
        return reverse(page_route(self.model), args=[self.key])


def page_route(model) -> str:
    """The URL name of a record's page."""
    return f"{model._meta.app_label}:{model._meta.model_name}_detail"


def api_path(model, key: str, format: str | None = None) -> str:
    """A record's path in the API (the router names it "<model>-detail", keyed by its ``url_key``), with the
    answer's format suffix if the request had one ("/api/v1/mechanisms/dna-repair.json")."""
    return api_reverse(f"{model._meta.model_name}-detail", kwargs={lookup_field(model): key}, format=format)


def is_record_link(model, name: str) -> bool:
    """Whether a relation leads to curated records (links), as opposed to rows the record owns (synonyms)."""
    return is_record_model(model._meta.get_field(name).related_model)


def _columns(model, prefix: str) -> dict:
    """The target's name, text, key and order, as expressions from the row the branch selects."""
    first = model._meta.ordering[0]
    numeric = isinstance(model._meta.get_field(first), models.IntegerField)
    return {
        "link_name": model.link_name(prefix),
        "link_text": model.link_text(prefix),
        "link_key": Cast(F(f"{prefix}{model.url_key}"), models.TextField()),
        "link_slug": Cast(F(f"{prefix}slug"), models.TextField()),
        "order_number": Cast(F(f"{prefix}{first}"), models.BigIntegerField())
        if numeric
        else Value(0, models.BigIntegerField()),
        "order_text": Cast(F(f"{prefix}{'slug' if numeric else first}"), models.TextField()),
    }


def _branch(model, name: str, index: int, ids: list[int], user):
    """One relation's links as rows (relation, owner, target, name, text, key, order)."""
    field = model._meta.get_field(name)
    target = field.related_model
    if field.many_to_many:
        forward = not field.auto_created
        m2m = field if forward else field.remote_field
        through = m2m.remote_field.through
        own, other = (
            (m2m.m2m_field_name(), m2m.m2m_reverse_field_name())
            if forward
            else (m2m.m2m_reverse_field_name(), m2m.m2m_field_name())
        )
        rows = through._default_manager.filter(**{f"{own}__in": ids})
        owner, pk, prefix = F(f"{own}_id"), F(f"{other}_id"), f"{other}__"
    elif field.one_to_many:  # reverse foreign key: the records that point at this one (children)
        rows = target._default_manager.filter(**{f"{field.field.name}__in": ids})
        owner, pk, prefix = F(field.field.attname), F("pk"), ""
    else:  # foreign key: the record this one points at (parent)
        query = field.related_query_name()
        rows = target._default_manager.filter(**{f"{query}__in": ids})
        owner, pk, prefix = F(f"{query}__pk"), F("pk"), ""
    rows = rows.filter(visible_filter(user, [f"{prefix}status"]))
    columns = {"link_relation": Value(index), "link_owner": owner, "link_target": pk, **_columns(target, prefix)}
    return rows.order_by().annotate(**columns).values_list(*columns)


def attach_links(records: list, user) -> list:
    """Read the links of a page of records (their model's ``page_links``) in one query, as ``user`` may see them,
    and keep them on each record (``attached_links``). Returns the records."""
    if not records:
        return records
    model = type(records[0])
    names = [name for name in model._default_manager.page_links() if is_record_link(model, name)]
    ids = [record.pk for record in records]
    branches = [_branch(model, name, index, ids, user) for index, name in enumerate(names)]
    found = {}
    if branches:
        query = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
        # In the database's order, as prefetch_related would give them (the target's own ordering).
        query = query.order_by("link_relation", "link_owner", "order_number", "order_text")
        for (index, owner), rows in groupby(query, key=lambda row: row[:2]):
            target = model._meta.get_field(names[index]).related_model
            found[index, owner] = [Link(row[2], row[3], row[4], row[5], target, row[6]) for row in rows]
    from .statements import evidence_of  # statements import the models, which import this module

    evidence = evidence_of(records, user)
    for record in records:
        record.attached_evidence = evidence.get(record.pk, {})
        record.attached_links = {}
        for index, name in enumerate(names):
            links = found.get((index, record.pk), [])
            single = model._meta.get_field(name).many_to_one
            record.attached_links[name] = (links[0] if links else None) if single else links
    return records
