"""The FilterSet base every list shares, in the API and on the pages: search, curation status, ordering."""

import django_filters
from django import forms

from .core.choices import CurationStatus, ErratumKind, SourceKind
from .core.models import Erratum, Gene, Source
from .core.querysets import PUBLIC, sees_drafts
from .search import search


def visible_choices(model):
    """A ModelChoiceFilter's queryset for the request: the records its user may see."""

    def queryset(request):
        return model._default_manager.visible_to(request.user if request is not None else PUBLIC)

    return queryset


def link_filter(model, field_name: str, to_field: str = "slug", **kwargs):
    """A filter on a linked record by its key; an unknown key is a 400, not an empty list.

    On the pages it is a text box for the key, not a list of every record (thousands, in a large base).
    """
    kwargs.setdefault("label", model._meta.verbose_name.capitalize())
    widget = forms.TextInput(attrs={"placeholder": f"{'symbol' if to_field == 'name' else to_field}"})
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        to_field_name=to_field,
        queryset=visible_choices(model),
        distinct=True,
        widget=widget,
        **kwargs,
    )


RELEVANT_SHARE = 0.25  # a list's ?search= keeps the matches scoring at least this share of the best


def boolean_filter(**kwargs):
    """A yes/no filter that refuses anything but "true" or "false" (django-filter's BooleanFilter ignores it)."""
    return django_filters.TypedChoiceFilter(
        choices=(("", "any"), ("true", "yes"), ("false", "no")), coerce=lambda value: value == "true", **kwargs
    )


class CuratedFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Search", max_length=200)
    status = django_filters.MultipleChoiceFilter(choices=CurationStatus.choices)
    ordering = django_filters.OrderingFilter(fields=("name", "slug", "created_at", "updated_at"), label="Sort by")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and not sees_drafts(request.user):
            # The public sees published records only: a status filter would only ever narrow to them.
            self.filters.pop("status", None)

    def filter_search(self, queryset, name, value):
        """The records the search service finds for the query (names, synonyms, identifiers, text)."""
        user = self.request.user if self.request is not None else PUBLIC
        hits = search(value, user=user, models=[queryset.model])
        # Records that merely mention the words, far below the best match, are not what was asked for.
        relevant = [hit.entry.object_id for hit in hits if hit.score >= hits[0].score * RELEVANT_SHARE]
        return queryset.filter(pk__in=relevant)


class GeneFilterSet(CuratedFilterSet):
    class Meta:
        model = Gene
        fields = ["status"]


class ErratumFilterSet(CuratedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=ErratumKind.choices)
    ordering = django_filters.OrderingFilter(fields=("line", "slug", "kind", "created_at", "updated_at"))

    class Meta:
        model = Erratum
        fields = ["kind", "status"]


class SourceFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    ordering = django_filters.OrderingFilter(fields=("title", "slug"))

    class Meta:
        model = Source
        fields = ["kind"]
