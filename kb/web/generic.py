"""The pages' generic views: a list of one kind of record, and one record's page (as NetBox's views/generic)."""

import re
from collections import Counter
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.generic import DetailView
from django_filters import (
    ChoiceFilter,
    ModelChoiceFilter,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
    OrderingFilter,
)
from django_filters.views import FilterView

from kb.core.links import api_path, attach_links, is_record_link
from kb.core.statements import evidence_of
from kb.delivery.pagination import CachedCountPaginator

from .templatetags import attr


def curated(record, name: str) -> bool:
    """Whether the value a fact shows (a field, or its ``get_<field>_display``) was added in curation."""
    field = name.removeprefix("get_").removesuffix("_display")
    return field in (getattr(record, "curated_fields", None) or [])


def evidenced_links(record, name: str) -> list[tuple]:
    """A record's links of one relation as its page lists them: (record, its statements), or (row, None) for the rows
    it owns (synonyms)."""
    targets = record.linked(name)
    targets = [] if targets is None else targets if isinstance(targets, list) else [targets]
    if not is_record_link(type(record), name):
        return [(target, None) for target in targets]
    return [(target, record.evidence(name, target)) for target in targets]


def told_apart(records: list) -> list:
    """Records that share a name on a list are told apart by where the source printed each (``list_name``)."""
    names = Counter(getattr(record, "name", "") for record in records)
    for record in records:
        if names[getattr(record, "name", "")] > 1 and getattr(record, "locator", ""):
            record.list_name = f"{record.name} ({record.locator})"
    return records


class RecordListView(FilterView):
    """A list of one kind of record with the API's filters, sorting, pagination and a CSV link.

    ``columns`` are (heading, attribute) pairs; an attribute may be a method, a link or a set of links.
    """

    paginate_by = 50
    paginator_class = CachedCountPaginator
    columns: tuple[tuple[str, str], ...] = ()
    api_list: str = ""
    intro = ""

    def get_queryset(self):
        return self.model.objects.for_list(self.request.user)

    def paginate_queryset(self, queryset, page_size):
        """The page's records, with their links to other records read for the whole page in one query."""
        paginator, page, records, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = told_apart(attach_links(list(records), self.request.user))
        return paginator, page, page.object_list, is_paginated

    def render_to_response(self, context, **kwargs):
        """A filter that cannot be read is a 400: the page shows the form with what is wrong."""
        if self.filterset.is_bound and not self.filterset.is_valid():
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)

    def sort_headers(self) -> list[tuple[str, str, str]]:
        """The table's headings, each (heading, the address that sorts by it or "", "ascending"/"descending"/""):
        a heading sorts by its column where the FilterSet's ordering does (the API's ``?ordering=``)."""
        ordering = self.filterset.filters.get("ordering")
        params = set(getattr(ordering, "param_map", {}))
        current = (self.filterset.form.cleaned_data.get("ordering") or [""])[0] if self.filterset.is_valid() else ""
        kept = self.parameters("page", "ordering")
        headers = []
        for heading, name in (("Name", "name"), *self.columns):
            param = name.removeprefix("get_").removesuffix("_display")
            if param not in params:
                headers.append((heading, "", ""))
                continue
            state = "ascending" if current == param else "descending" if current == f"-{param}" else ""
            sort = f"-{param}" if state == "ascending" else param
            headers.append((heading, "?" + urlencode([*kept, ("ordering", sort)]), state))
        return headers

    def facets(self) -> dict[str, dict]:
        """For each choice filter, its options with the number of records each would list with the other filters
        kept (an option of a filter already chosen adds to the list, as in the API): all counted in one query."""
        if self.filterset.is_bound and not self.filterset.is_valid():
            return {}
        chosen_filters = {
            name: chosen_filter
            for name, chosen_filter in self.filterset.filters.items()
            if isinstance(chosen_filter, MultipleChoiceFilter | ChoiceFilter)
            and not isinstance(chosen_filter, OrderingFilter)  # a sort, not a filter (the headings sort)
            and not isinstance(chosen_filter, ModelChoiceFilter | ModelMultipleChoiceFilter)  # a link: its key typed
            and not chosen_filter.method
        }
        if not chosen_filters:
            return {}
        options = {
            name: [(value, label) for value, label in self.filterset.form.fields[name].choices if value != ""]
            for name in chosen_filters
        }
        chosen = {name: [value for value in self.request.GET.getlist(name) if value] for name in chosen_filters}
        selected = {  # each facet's own choice, as a condition the other facets' counts keep
            name: Q(**{f"{chosen_filters[name].field_name}__in": values}) if values else Q()
            for name, values in chosen.items()
        }
        # The records the other filters (search, links, numbers) list; the facets' own choices are counted below.
        data = self.request.GET.copy()
        for name in ("page", "ordering", *chosen_filters):
            data.pop(name, None)
        rest = type(self.filterset)(data, queryset=self.get_queryset(), request=self.request)
        base = rest.qs if rest.is_valid() else self.filterset.qs
        counted = {}
        for name, values in options.items():
            others = Q()
            for other, condition in selected.items():
                if other != name:
                    others &= condition
            for index, (value, _) in enumerate(values):
                condition = Q(**{chosen_filters[name].field_name: value}) & others
                counted[f"{name}__{index}"] = Count("pk", filter=condition, distinct=True)
        counts = base.order_by().aggregate(**counted)
        facets = {}
        for name, values in options.items():
            rows = [
                (value, label, counts[f"{name}__{index}"], value in chosen[name])
                for index, (value, label) in enumerate(values)
            ]
            facets[name] = {
                "multiple": isinstance(chosen_filters[name], MultipleChoiceFilter),  # checkboxes, else radios
                "total": sum(count for _, _, count, _ in rows),
                "label": self.filterset.form.fields[name].label or name,
                "options": rows,
            }
        return facets

    def chips(self, facets: dict) -> list[tuple[str, str, str]]:
        """The filters in force, each (label, value as shown, the address without it)."""
        pairs = [(name, value) for name, value in self.parameters("page", "ordering") if value]
        chips = []
        for name, value in pairs:
            field = self.filterset.form.fields.get(name)
            if field is None:
                continue
            facet = facets.get(name)
            shown = next((label for v, label, _, _ in facet["options"] if v == value), value) if facet else value
            rest = [pair for pair in pairs if pair != (name, value)]
            chips.append((str(field.label or name), str(shown), "?" + urlencode(rest)))
        return chips

    def parameters(self, *left_out: str) -> list[tuple[str, str]]:
        """The address's parameters, each value apart, but for ``left_out``."""
        return [(name, value) for name, values in self.request.GET.lists() if name not in left_out for value in values]

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        query["format"] = "csv"
        facets = self.facets()
        return super().get_context_data(
            facets=facets,
            chips=self.chips(facets),
            headers=self.sort_headers(),
            columns=self.columns,
            kind=self.model._meta.verbose_name_plural,
            intro=self.intro,
            csv_url=f"{reverse(self.api_list)}?{urlencode(list(query.lists()), doseq=True)}",
            querystring=urlencode(self.parameters("page")),
            **kwargs,
        )


class RecordDetailView(DetailView):
    """One record: its facts, its links to other records, its provenance and errata, and its last change.

    ``facts`` are (label, attribute, printed attribute) triples; ``links`` are (heading, attribute) pairs.
    """

    query_parameters = ()  # what the page reads from its address (kb.delivery.parameters)
    slug_field = slug_url_kwarg = "slug"
    facts: tuple[tuple[str, str, str], ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    identifiers: tuple[tuple[str, str, str], ...] = ()

    def get_queryset(self):
        return self.model.objects.for_detail(self.request.user)

    def get(self, request, *args, **kwargs):
        """The record's page; an address that names it otherwise (another case, its printed name, a synonym) is
        sent on, for good (301), to its own address, if it names one record only."""
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            found = self.named_by(kwargs[self.slug_url_kwarg])
            if found is None:
                raise
            target = found.get_absolute_url()
            return HttpResponsePermanentRedirect(f"{target}?{request.GET.urlencode()}" if request.GET else target)

    def named_by(self, key: str):
        """The one record the reader may see whose key (any case), name, printed name or synonym is ``key``."""
        fields = {field.name for field in self.model._meta.get_fields()}
        names = Q(**{f"{self.slug_field}__iexact": key})
        words = key.split()
        spaced = r"^\s*" + r"\s+".join(re.escape(word) for word in words) + r"\s*$"  # a printed name's line breaks
        for name in ("slug", "name", "name_as_printed"):
            if name in fields and words:
                names |= Q(**{f"{name}__iregex": spaced})
        if "synonyms" in fields:
            names |= Q(synonyms__name__iexact=key)
        found = list(self.model.objects.visible_to(self.request.user).filter(names).distinct()[:2])
        return found[0] if len(found) == 1 else None

    def get_object(self, queryset=None):
        """The record, with the statements behind its links as the reader may see them (staff: drafts too)."""
        record = super().get_object(queryset)
        if hasattr(record, "attached_evidence"):
            record.attached_evidence = evidence_of([record], self.request.user).get(record.pk, {})
        return record

    def get_context_data(self, **kwargs):
        record, opts = self.object, self.model._meta
        return super().get_context_data(
            kind=self.model._meta.verbose_name,
            list_url=reverse(f"{self.model._meta.app_label}:{self.model._meta.model_name}_list"),
            facts=[
                (label, attr(record, name), getattr(record, printed) if printed else "", curated(record, name))
                for label, name, printed in self.facts
            ],
            link_groups=[(heading, evidenced_links(record, name)) for heading, name in self.links],
            identifiers=[
                (
                    label,
                    getattr(record, name),
                    getattr(record, url),
                    curated(record, name),
                    record.identifier_checks.get(name),
                )
                for label, name, url in self.identifiers
                if getattr(record, name)
            ],
            json_url=api_path(type(record), getattr(record, record.url_key)),
            history_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk]),
            diff_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_diff", args=[record.pk]),
            suggest_url=reverse("kb:suggest", args=[opts.app_label, opts.model_name, getattr(record, record.url_key)])
            if hasattr(record, "errata")
            else "",
            **kwargs,
        )
