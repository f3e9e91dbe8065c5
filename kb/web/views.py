"""Pages for researchers: genes and errata, the home page, the source page, search, suggestions and downloads."""

from collections import Counter

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django import forms
from django.apps import apps
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, TemplateView
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

from kb import releases, search
from kb.core import kinds
from kb.core.choices import SourceKind, StatementRelationKind, TherapyContext
from kb.core.models import Erratum, Gene, Source
from kb.core.statements import Statement, StatementRelation
from kb.curation.selectors import recent_changes, record_counts
from kb.filtersets import ErratumFilterSet, GeneFilterSet

from .generic import RecordDetailView, RecordListView

#
# Genes and errata
#


class GeneListView(RecordListView):
    model = Gene
    filterset_class = GeneFilterSet
    template_name = "kb/gene_list.html"
    api_list = "gene-list"
    columns = (("Full name", "full_name"), ("HGNC ID", "hgnc_id"), ("Synonyms", "synonyms"))


class GeneDetailView(RecordDetailView):
    model = Gene
    template_name = "kb/gene_detail.html"
    slug_field = slug_url_kwarg = "name"
    facts = (("Full name", "full_name", ""),)
    links = (
        ("Synonyms", "synonyms"),
        ("Mechanisms", "mechanisms"),
        ("Biomarkers", "biomarkers"),
        ("Compounds that target it", "compounds"),
    )
    identifiers = (("HGNC", "hgnc_id", "hgnc_url"),)


class ErratumListView(RecordListView):
    model = Erratum
    filterset_class = ErratumFilterSet
    template_name = "kb/erratum_list.html"
    api_list = "erratum-list"
    paginate_by = 100  # the register on one page
    intro = "Errors of the review itself, where it printed them, and their corrections. They are never fixed silently."
    columns = (
        ("Kind", "get_kind_display"),
        ("Where", "locator"),
        ("As printed", "as_printed"),
        ("Correction", "correction"),
    )


class ErratumDetailView(RecordDetailView):
    model = Erratum
    template_name = "kb/erratum_detail.html"
    facts = (("Kind", "get_kind_display", ""), ("As printed", "as_printed", ""), ("Correction", "correction", ""))
    links = ()

    def get_context_data(self, **kwargs):
        records = [record for name, _ in Erratum.touched() for record in self.object.linked(name)]
        return super().get_context_data(records=records, **kwargs)


#
# Home, source, search
#


class HomeView(TemplateView):
    query_parameters = ()  # what the page reads from its address (kb.delivery.parameters)
    template_name = "kb/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        mechanisms = apps.get_model("mechanisms.Mechanism").objects.visible_to(user)
        categories = mechanisms.order_by().values("category").annotate(n=Count("id")).order_by("category")
        contexts = dict(mechanisms.order_by().values_list("therapy_context").annotate(n=Count("id")))
        category_labels = dict(mechanisms.model._meta.get_field("category").choices)
        return super().get_context_data(
            counts=record_counts(user=user),
            categories=[(row["category"], category_labels.get(row["category"]), row["n"]) for row in categories],
            contexts=[(value, label, contexts[value]) for value, label in TherapyContext.choices if value in contexts],
            recent=recent_changes(user=user, limit=8),
            **kwargs,
        )


class SourceDetailView(DetailView):
    query_parameters = ()  # what the page reads from its address (kb.delivery.parameters)
    model = Source
    template_name = "kb/source_detail.html"

    def get_queryset(self):
        return Source.objects.prefetch_related("parts")

    def get_context_data(self, **kwargs):
        user = self.request.user
        taken = record_counts(user=user, by_part=True)
        parts = [(part, taken.get(part.locator, [])) for part in self.object.parts.all()]
        errata = Erratum.objects.visible_to(user).filter(source=self.object).order_by("line", "slug")
        statements = Statement.objects.visible_to(user)
        conflicts = (
            StatementRelation.objects.visible_to(user)
            .filter(kind=StatementRelationKind.CONTRADICTS)
            .filter(Q(statement__source=self.object) | Q(other__source=self.object))
            .filter(statement__in=statements, other__in=statements)
            .select_related("statement__source", "other__source")
            .order_by("statement__slug", "other__slug")
        )
        return super().get_context_data(
            parts=parts,
            errata=errata,
            conflicts=conflicts,
            statement_count=statements.filter(source=self.object).count(),
            **kwargs,
        )


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Names, synonyms, identifiers, words")
    kind = forms.ChoiceField(
        required=False,
        choices=lambda: [("", "any")] + [(kind.name, kind.model._meta.verbose_name_plural) for kind in kinds.records()],
        label="Kind of record",
    )


class SearchView(TemplateView):
    """One box for everything: results ranked, labelled by kind, with the matching words marked."""

    query_parameters = ("q", "kind", "page")  # what the page reads from its address (kb.delivery.parameters)
    template_name = "kb/search.html"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        context = self.get_context_data(form=form, **kwargs)
        return self.render_to_response(context, status=200 if form.is_valid() else 400)

    def get_context_data(self, form, **kwargs):
        valid = form.is_valid()
        query = form.cleaned_data["q"] if valid else ""
        kind = form.cleaned_data["kind"] if valid else ""
        user = self.request.user
        models = [of_kind.model for of_kind in kinds.records() if of_kind.name == kind]
        found_any = search.search(query, user=user) if query else []
        by_kind = Counter(hit.kind for hit in found_any)
        hits = [hit for hit in found_any if not models or hit.kind == models[0]._meta.verbose_name]
        order = kind_order()
        hits.sort(key=lambda hit: order.get(hit.kind, len(order)))  # grouped by kind, records before errata (stable)
        page = Paginator(hits, self.paginate_by).get_page(self.request.GET.get("page"))
        found = search.records(list(page))
        rows = [(hit, record) for hit, record in zip(page, found, strict=True) if record is not None]
        weak = bool(query) and (not hits or hits[0].score < search.GOOD_ENOUGH)
        return super().get_context_data(
            form=form,
            query=query,
            kind=kind,
            page_obj=page,
            rows=rows,
            total=len(hits),
            suggestion=search.did_you_mean(query, user=user) if weak else "",
            kinds=form.fields["kind"].choices[1:],
            by_kind=[(of_kind.name, label, by_kind[label]) for of_kind, label in kinds_with_labels() if by_kind[label]],
            counts=record_counts(user=user) if query and not hits else [],
            **kwargs,
        )


def kind_order() -> dict[str, int]:
    """The kinds in the order search lists them: the records the review's tables give, then statements and errata."""
    return {label: index for index, (_, label) in enumerate(kinds_with_labels())}


def kinds_with_labels():
    """Every kind of record with its label (its verbose name), the errata and statements last."""
    ordered = sorted(kinds.records(), key=lambda of_kind: of_kind.model._meta.model_name in ("erratum", "statement"))
    return [(of_kind, of_kind.model._meta.verbose_name) for of_kind in ordered]


# The API docs' bundles inject their own styles and (ReDoc) start a worker from a blob; scripts stay 'self' only.
DOCS_POLICY = {"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"], "img-src": ["blob:"]}


@method_decorator(csp_update(DOCS_POLICY), name="get")
class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI, its start-up script served as a file so that the page runs no inline script."""


@method_decorator(csp_update(DOCS_POLICY), name="get")
class RedocView(SpectacularRedocView):
    """ReDoc; the policy keeps the browser on this site (the bundle's badge would load a logo from a CDN)."""


class AboutView(TemplateView):
    """What the knowledge base holds and does not, its source, how curation works, its licence and how to cite it."""

    query_parameters = ()  # what the page reads from its address (kb.delivery.parameters)
    template_name = "kb/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            counts=record_counts(user=self.request.user),
            registries=Source.objects.filter(kind=SourceKind.REGISTRY).order_by("slug"),
            release=releases.current_release(),
            **kwargs,
        )


#
# Accounts
#


class KBLoginView(LoginView):
    """Sign-in; a wrong name or password is a 400 with the form's reason (failures are counted by django-axes)."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


#
# Data releases
#


class DownloadsView(TemplateView):
    """The data releases, newest first, with their manifests; built by ``export_kb``, never by a request."""

    query_parameters = ()  # what the page reads from its address (kb.delivery.parameters)
    template_name = "kb/downloads.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(releases=releases.list_releases(), **kwargs)


def download(request, release, path):
    """One file of a release, if the release's manifest lists it."""
    folder = releases.releases_dir() / release
    manifest = next((m for m in releases.list_releases() if m["release"] == release), None)
    if manifest is None or path not in manifest["files"]:
        raise Http404("No such file in the releases.")
    content_type = {"csv": "text/csv", "json": "application/json", "graphml": "application/xml"}[path.rsplit(".", 1)[1]]
    return FileResponse(
        (folder / path).open("rb"),
        as_attachment=True,
        filename=path.replace("/", "-"),
        content_type=f"{content_type}; charset=utf-8",
    )
