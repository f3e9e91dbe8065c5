from django.core.cache import caches
from django.urls import reverse
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import routers, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kb import search
from kb.core import kinds
from kb.core.graph import build_graph, neighbourhood
from kb.core.links import api_path
from kb.core.models import Erratum, Gene, Source
from kb.delivery import versioning
from kb.delivery.cache import breaker
from kb.delivery.pagination import KBPagination
from kb.filtersets import ErratumFilterSet, GeneFilterSet, SourceFilterSet
from kb.releases import current_release

from .base import CuratedModelViewSet
from .serializers import ErratumSerializer, GeneSerializer, SourceSerializer
from .workbench import DecisionActions


class GeneViewSet(CuratedModelViewSet):
    queryset = Gene.objects.all()
    serializer_class = GeneSerializer
    filterset_class = GeneFilterSet
    lookup_field = "name"


class ErratumViewSet(DecisionActions, CuratedModelViewSet):
    queryset = Erratum.objects.all()
    serializer_class = ErratumSerializer
    filterset_class = ErratumFilterSet
    suggest = None  # an erratum is not corrected by a suggestion: it is one


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Source.objects.prefetch_related("parts")
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    lookup_field = "slug"
    pagination_class = KBPagination


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    url = serializers.URLField()
    page = serializers.URLField()
    score = serializers.FloatField()
    snippet = serializers.CharField()


class SearchPageSerializer(serializers.Serializer):
    """One page of search results, paginated as every list is."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchResultSerializer(many=True)


class SearchSchema(AutoSchema):
    """The search's parameters, its kinds read from the registry when the schema is made (not when this module is
    imported, which is before every app has registered its kinds), and its answer: a page of results."""

    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter("q", str, required=True, description="Names, synonyms, identifiers or words."),
            OpenApiParameter(
                "kind", str, enum=[kind.name for kind in kinds.records()], description="Only records of this kind."
            ),
            OpenApiParameter("page", int, description="A page number within the paginated result set."),
            OpenApiParameter("page_size", int, description="Number of results to return per page."),
        ]

    def get_response_serializers(self):
        return SearchPageSerializer


class SearchView(APIView):
    """Every kind of record, ranked: the same search as the site's search box.

    An APIView, not a generic view: it has no queryset, and DRF's browsable renderer asks a generic view for one.
    """

    permission_classes = [AllowAny]  # reading; the results hold published records only for the public
    query_parameters = ("q", "kind", "page", "page_size")  # kb.delivery.parameters
    schema = SearchSchema()

    def get(self, request):
        query = request.query_params.get("q", "").strip()
        if not query:
            raise ValidationError({"q": ["Give something to search for."]})
        if len(query) > 200:
            raise ValidationError({"q": ["At most 200 characters."]})
        models = {kind.name: kind.model for kind in kinds.records()}
        kind = request.query_params.get("kind", "")
        if kind and kind not in models:
            raise ValidationError({"kind": [f"Unknown kind {kind!r}: use one of {', '.join(models)}."]})
        hits = search.search(query, user=request.user, models=[models[kind]] if kind else None)
        paginator = KBPagination()
        page = paginator.paginate_queryset(hits, request, view=self)
        links = search.records(page)
        rows = [
            {
                "kind": hit.kind,
                "name": link.name,
                "score": hit.score,
                "snippet": str(hit.snippet),
                "page": request.build_absolute_uri(link.get_absolute_url()),
                "url": request.build_absolute_uri(api_path(link.model, link.key)),
            }
            for hit, link in zip(page, links, strict=True)
            if link is not None
        ]
        return paginator.get_paginated_response(rows)


class GraphView(APIView):
    """The graph of links between published records, whole or around one record, for network tools."""

    permission_classes = [AllowAny]
    query_parameters = ("record", "depth")  # kb.delivery.parameters

    @extend_schema(
        parameters=[
            OpenApiParameter("record", str, description="A record as kind:key, e.g. mechanism:dna-repair."),
            OpenApiParameter("depth", int, description="How many links away from the record (1 to 4; default 1)."),
        ],
        responses={200: dict},
    )
    def get(self, request):
        nodes, edges = build_graph(base_url=request.build_absolute_uri("/").rstrip("/"))
        center = request.query_params.get("record", "")
        if center:
            if center not in {node.id for node in nodes}:
                raise ValidationError(
                    {"record": [f"No published record {center!r}; give kind:key, e.g. mechanism:dna-repair."]}
                )
            try:
                depth = int(request.query_params.get("depth", "1"))
            except ValueError:
                raise ValidationError({"depth": ["A whole number from 1 to 4."]}) from None
            if not 1 <= depth <= 4:
                raise ValidationError({"depth": ["A whole number from 1 to 4."]})
            nodes, edges = neighbourhood(nodes, edges, center=center, depth=depth)
        return Response(
            {
                "nodes": [{"id": n.id, "kind": n.kind, "key": n.key, "name": n.name, "url": n.url} for n in nodes],
                "edges": [
                    {
                        "source": e.source,
                        "target": e.target,
                        "relation": e.relation,
                        "basis": e.basis.split(";") if e.basis else [],
                        "sources": e.sources.split(";") if e.sources else [],
                    }
                    for e in edges
                ],
            }
        )


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        ["ok", "degraded"], help_text="degraded: the shared cache is lost and the site is served uncached."
    )
    release = serializers.CharField(allow_null=True, help_text="The current data release, or null before the first.")
    data_version = serializers.IntegerField(help_text="Bumped by every change to the data.")
    shared_cache = serializers.DictField(
        help_text=(
            "This server process's view of the shared cache: reachable; outages (times it was lost since the "
            "process started); calls_not_tried (cache calls skipped while the circuit was open); down_since."
        )
    )


class StatusView(APIView):
    """Whether the site can serve, for load balancers and monitors: the database is read (a database that cannot be
    reached answers 503 with Retry-After, as every endpoint does) and the shared cache is tried; never cached."""

    permission_classes = [AllowAny]
    query_parameters = ()  # kb.delivery.parameters

    @extend_schema(responses={200: StatusSerializer})
    def get(self, request):
        caches["default"].get("kb:status-probe")  # a lost cache opens the circuit here (kb.delivery.cache)
        cache_state = breaker.state()
        version, _changed = versioning.from_database()
        return Response(
            {
                "status": "ok" if cache_state["reachable"] else "degraded",
                "release": current_release(),
                "data_version": version,
                "shared_cache": cache_state,
            },
            headers={"Cache-Control": "no-store"},
        )


class APIRoot(routers.APIRootView):
    """The API's first page, for script writers: every endpoint (the records' lists, search, the graph, the
    status, the schema and its documentation), and one example address for each."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        absolute = request.build_absolute_uri
        response.data.update(
            {
                "search": absolute(reverse("api-search")),
                "graph": absolute(reverse("api-graph")),
                "status": absolute(reverse("api-status")),
                "schema": absolute(reverse("schema")),
                "docs": absolute(reverse("api-docs")),
                "examples": {name: absolute(example) for name, example in EXAMPLES.items()},
            }
        )
        return response


EXAMPLES = {  # one address each: what a script writer tries first
    "mechanisms": "/api/v1/mechanisms/?therapy_context=endocrine",
    "strategies": "/api/v1/strategies/?search=nanoparticle",
    "biomarkers": "/api/v1/biomarkers/?gene=BRCA1",
    "mirnas": "/api/v1/mirnas/?direction=down&fold_change_max=0.4",
    "compounds": "/api/v1/compounds/?target=CDK4",
    "trials": "/api/v1/trials/NCT00494234/",
    "genes": "/api/v1/genes/ERBB2/",
    "cell-lines": "/api/v1/cell-lines/?format=csv",
    "cell-line-subgroups": "/api/v1/cell-line-subgroups/",
    "model-systems": "/api/v1/model-systems/",
    "statements": "/api/v1/statements/?basis=inferred",
    "sources": "/api/v1/sources/review/",
    "errata": "/api/v1/errata/?kind=typo",
    "search": "/api/v1/search/?q=T-DM1",
    "graph": "/api/v1/graph/?record=mechanism:dna-repair",
    "status": "/api/v1/status/",
    "schema": "/api/v1/schema/",
    "docs": "/api/v1/docs/",
}
