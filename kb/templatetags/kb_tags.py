"""Template filters of the pages: a record's value as text or links, and the pictures."""

from django import template
from django.db import models
from django.utils.html import format_html, format_html_join

from kb import pictures
from kb.links import Link

register = template.Library()


@register.filter
def attr(record, name: str):
    """A record's attribute, calling it if it is a method (``get_category_display``)."""
    value = getattr(record, name, "")
    return value() if callable(value) and not isinstance(value, models.Manager) else value


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
def fold_change_chart(mirnas):
    """The microRNAs' fold changes as an SVG bar chart."""
    return pictures.fold_change_chart(list(mirnas))


@register.simple_tag
def mechanism_graph(mechanism, trials):
    """The links around a mechanism as an SVG graph."""
    return pictures.mechanism_graph(mechanism, trials)
