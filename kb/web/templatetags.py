"""The pages' template library (``{% load kb_tags %}``): a record's value as text or links, and the pictures."""

import re

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from kb.core.links import Link

from . import pictures

register = template.Library()


@register.filter
def attr(record, name: str):
    """A record's attribute: the records a relation links it to (``record.linked``), a method's value
    (``get_category_display``), or the value itself."""
    if hasattr(record, "linked") and _is_relation(record, name):
        return record.linked(name)
    value = getattr(record, name, "")
    return value() if callable(value) and not isinstance(value, models.Manager) else value


def _is_relation(record, name: str) -> bool:
    try:
        return record._meta.get_field(name).is_relation
    except FieldDoesNotExist:
        return False


@register.filter
def cell(value):
    """A value as the pages show it: a record as a link, several records as links, anything else as text."""
    if isinstance(value, models.Manager):
        value = value.all()
    if isinstance(value, models.Model | Link):
        return _link(value)
    if isinstance(value, (list, tuple, models.QuerySet)):
        return format_html_join(
            ", ", "{}", ((_link(item) if isinstance(item, models.Model | Link) else item,) for item in value)
        )
    return "" if value is None else value


def _link(record):
    url = getattr(record, "get_absolute_url", None)
    return format_html('<a href="{}">{}</a>', url(), record) if url else format_html("{}", record)


@register.filter
def links_count(value) -> int:
    """How many records a list's cell links to (0 for a value that is not a set of links)."""
    if isinstance(value, models.Manager):
        value = value.all()
    if isinstance(value, (list, tuple, models.QuerySet)):
        return len(value)
    return 0


@register.filter
def item(mapping, key):
    """``mapping[key]``, or None: a facet by its filter's name."""
    return (mapping or {}).get(key)


@register.filter
def breakable(text) -> str:
    """Text with a line-break opportunity after each slash, dot and equals sign of its long tokens (addresses), so
    that a narrow screen breaks them between their parts, never inside a word."""
    parts = []
    for token in re.split(r"(\s+)", str(text or "")):
        escaped = escape(token)
        parts.append(re.sub(r"([/.=&?])", r"\1<wbr>", escaped) if len(token) > 20 else escaped)
    return mark_safe("".join(parts))


@register.filter
def differs_in_print(printed, value) -> bool:
    """Whether the extracted text says more than the shown value: it differs beyond case and line breaks (the
    PDF's small capitals come out in mixed case, "HEr2", and its cells break mid-name)."""
    if not printed:
        return False
    return " ".join(str(printed).split()).casefold() != " ".join(str(value or "").split()).casefold()


@register.filter
def fold_change_chart(mirnas):
    """The microRNAs' fold changes as an SVG bar chart."""
    return pictures.fold_change_chart(list(mirnas))


@register.simple_tag
def mechanism_graph(mechanism, trials):
    """The links around a mechanism as an SVG graph."""
    return pictures.mechanism_graph(mechanism, trials)
