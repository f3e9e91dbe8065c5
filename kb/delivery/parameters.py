"""The query parameters each page and API endpoint reads, and one canonical query string for the rest to key on.

The shared response cache keys on the address, so ``?utm_1=x`` … ``?utm_3000=x`` would be 3,000 misses
and 3,000 copies of the same page. Before any view runs, ``canonical_query`` keeps only the parameters
the endpoint reads (its FilterSet's, its pagination's, ``format`` for the API, or what the view declares
as ``query_parameters``), in order of name, so that the view and the cache see the same request:
- on pages, anything else is dropped (a link shared with tracking parameters still opens the page);
- in the API, anything else is a 400 that names it and what the endpoint reads (a script's typo, such
  as ``?statsu=draft``, would otherwise silently return the unfiltered list).
Views that declare nothing and have no FilterSet (the admin, the schema) see their query as sent.
"""

from functools import cache
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import Resolver404, resolve

from . import errors

SKIPPED = ("/admin/", "/accounts/", "/static/", "/suggest/")
PAGE_PARAMETERS = ("page",)
API_PARAMETERS = ("format",)


def canonical_query(get_response):
    def middleware(request):
        if (
            request.META.get("QUERY_STRING")
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(SKIPPED)
        ):
            refused = _canonicalize(request)
            if refused is not None:
                return refused
        return get_response(request)

    return middleware


def _canonicalize(request):
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return None
    accepted = accepted_parameters(getattr(view, "cls", None) or getattr(view, "view_class", None))
    if accepted is None:
        return None
    unknown = sorted(set(request.GET) - accepted)
    if unknown and request.path.startswith("/api/"):
        reads = ", ".join(sorted(accepted)) or "no parameters"
        return errors.respond(
            request,
            400,
            "Bad request",
            f"Unknown query parameter(s): {', '.join(unknown)}. This endpoint reads {reads}.",
        )
    kept = [(name, value) for name in sorted(set(request.GET) & accepted) for value in request.GET.getlist(name)]
    query = urlencode(kept)
    request.META["QUERY_STRING"] = query
    request.GET = QueryDict(query)
    return None


@cache
def accepted_parameters(view_class) -> frozenset | None:
    """What a view reads from the query string, or None if it does not say (its query is left as sent)."""
    if view_class is None:
        return None
    declared = getattr(view_class, "query_parameters", None)
    filterset_class = getattr(view_class, "filterset_class", None)
    if declared is None and filterset_class is None:
        return None
    names = set(declared or ())
    if filterset_class is not None:
        names.update(filterset_class.base_filters)  # each filter reads its own name (none here is a range)
    api = hasattr(view_class, "as_view") and hasattr(view_class, "renderer_classes")  # a DRF view
    if api:
        names.update(API_PARAMETERS)
        paginator = getattr(view_class, "pagination_class", None)
        if paginator is not None and filterset_class is not None:
            names.update(filter(None, (paginator.page_query_param, paginator.page_size_query_param)))
    elif filterset_class is not None:
        names.update(PAGE_PARAMETERS)
    return frozenset(names)
