"""The FilterSet base every list shares, in the API and on the pages: search, curation status, ordering."""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .core.choices import (
    Basis,
    CurationStatus,
    ErratumKind,
    EvidenceLevel,
    Predicate,
    SourceKind,
    StatementDirection,
)
from .core.models import Erratum, Gene, Source
from .core.querysets import PUBLIC, sees_drafts
from .core.statements import Statement
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
    # A text box for the key, whose choices the page offers by name as one types (kb/static/kb/suggest.js).
    widget = forms.TextInput(
        attrs={
            "placeholder": f"{'symbol' if to_field == 'name' else to_field}, or type a name",
            "data-suggest-kind": model._meta.model_name,
            "autocomplete": "off",
        }
    )
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


# How the sort menu names what it sorts by; "name" sorts numbers by value (natural_key), in the API as on the pages.
SORT_LABELS = {
    "name_sort": "Name",
    "slug": "Key",
    "created_at": "Date added",
    "updated_at": "Date last changed",
    "nct_id": "NCT number",
    "fold_change": "Fold change",
}


class CuratedFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Search", max_length=200)
    status = django_filters.MultipleChoiceFilter(choices=CurationStatus.choices)
    ordering = django_filters.OrderingFilter(
        fields=(("name_sort", "name"), "slug", "created_at", "updated_at"), field_labels=SORT_LABELS, label="Sort by"
    )
    has_conflict = boolean_filter(method="filter_has_conflict", label="A statement about it is contested")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and not sees_drafts(request.user):
            # The public sees published records only: a status filter would only ever narrow to them.
            self.filters.pop("status", None)

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_has_conflict(self, queryset, name, value):
        """Records with a statement about them that another contradicts (or none such)."""
        kind = queryset.model._meta.model_name
        contested = conflicted(Statement.objects.visible_to(self._user()), True, self._user())
        slugs = set(contested.filter(subject_kind=kind).values_list("subject_slug", flat=True))
        slugs |= set(contested.filter(object_kind=kind).values_list("object_slug", flat=True))
        return queryset.filter(slug__in=slugs) if value else queryset.exclude(slug__in=slugs)

    def _user(self):
        return self.request.user if self.request is not None else PUBLIC

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


def kind_choices():
    """The kinds of record, by the names statements give them ("compound", "cellline")."""
    from .core.kinds import records

    return [(kind.name, kind.model._meta.verbose_name) for kind in records() if kind.model is not Statement]


def conflicted(queryset, value: bool, user):
    """Statements that contradict another the user may see, or that one contradicts (``value``), or neither."""
    condition = Statement.objects.contradiction(user)
    return queryset.filter(condition) if value else queryset.exclude(condition)


class StatementFilterSet(CuratedFilterSet):
    subject_kind = django_filters.ChoiceFilter(choices=kind_choices, label="Subject's kind")
    subject = django_filters.CharFilter(field_name="subject_slug", label="Subject's slug", max_length=100)
    object_kind = django_filters.ChoiceFilter(choices=kind_choices, label="Object's kind")
    object = django_filters.CharFilter(field_name="object_slug", label="Object's slug", max_length=100)
    about = django_filters.CharFilter(
        method="filter_about",
        label="About a record (kind:slug, at either end)",
        max_length=140,
        validators=[RegexValidator(r"^[a-z]+:[A-Za-z0-9_-]+\Z", 'Give kind:slug, e.g. "compound:lapatinib".')],
    )
    predicate = django_filters.MultipleChoiceFilter(choices=Predicate.choices)
    basis = django_filters.MultipleChoiceFilter(choices=Basis.choices)
    source = django_filters.CharFilter(field_name="source__slug", label="Source's slug", max_length=64)
    level = django_filters.MultipleChoiceFilter(choices=EvidenceLevel.choices)
    direction = django_filters.ChoiceFilter(choices=StatementDirection.choices)
    has_conflict = boolean_filter(method="filter_has_conflict", label="Has a conflict")
    ordering = django_filters.OrderingFilter(
        fields=("subject_kind", "subject_slug", "predicate", "object_slug", "line", "slug", "created_at", "updated_at"),
        label="Sort by",
    )

    class Meta:
        model = Statement
        fields = ["status"]

    @extend_schema_field(OpenApiTypes.STR)
    def filter_about(self, queryset, name, value):
        kind, _, slug = value.partition(":")
        return queryset.about(kind, [slug])

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_has_conflict(self, queryset, name, value):
        return conflicted(queryset, value, self._user())
