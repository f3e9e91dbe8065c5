"""Middleware: the release header, and conditional GETs with a response cache shared between processes."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date

from . import errors, versioning
from .releases import current_release

UNCACHED_PREFIXES = ("/admin/", "/accounts/", "/static/", "/downloads/", "/suggest/")


def refuse_unreadable(get_response):
    """A NUL character in the address can name no record and match no filter (PostgreSQL cannot even hold one)."""

    def middleware(request):
        if "\x00" in request.path or any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            return errors.respond(
                request, 400, "Bad request", "The address holds a NUL character (%00), which no key or filter can hold."
            )
        return get_response(request)

    return middleware


def release_header(get_response):
    """Every API response names the current data release (X-KB-Release)."""

    def middleware(request):
        response = get_response(request)
        if request.path.startswith("/api/"):
            response["X-KB-Release"] = current_release() or "unreleased"
        return response

    return middleware


def _shareable(request) -> bool:
    """A GET anyone could have made: no cookie, no credentials, not a private part of the site."""
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def conditional_cache(get_response):
    """ETag and Last-Modified from the data version, 304 without running the view, and a shared response cache.

    The tag names the data version, so any write anywhere makes every tag and cached response stale;
    no response has to be rendered to know that nothing changed.
    """

    def middleware(request):
        if not _shareable(request):
            return get_response(request)
        with versioning.read_once():
            return _conditional(request, get_response)

    return middleware


def _conditional(request, get_response):
    """The conditional GET and the shared cache, for a request that can only read."""
    version, changed_at = versioning.current()
    digest = hashlib.sha1(f"{request.get_full_path()}|{request.META.get('HTTP_ACCEPT', '')}".encode()).hexdigest()
    tag = f'W/"d{version}-{digest[:16]}"'
    headers = {"ETag": tag, "Cache-Control": "public, max-age=0, must-revalidate"}
    if changed_at is not None:
        headers["Last-Modified"] = http_date(changed_at.timestamp())
    if tag in [t.strip() for t in request.META.get("HTTP_IF_NONE_MATCH", "").split(",")]:
        response = HttpResponseNotModified()
        for name, value in headers.items():
            response[name] = value
        return response
    seconds = settings.KB_CACHE_SECONDS
    key = f"kb:response:{tag}"
    stored = cache.get(key) if seconds else None
    if stored is not None:
        status, content, stored_headers = stored
        response = HttpResponse(content, status=status)
        for name, value in stored_headers:
            response[name] = value
        if response["ETag"] in request.META.get("HTTP_IF_NONE_MATCH", ""):  # a record's own ETag
            response = HttpResponseNotModified()
            response["ETag"] = dict(stored_headers)["ETag"]
        response["X-Cache"] = "hit"
        return response
    response = get_response(request)
    if response.status_code != 200 or response.cookies:
        return response
    for name, value in headers.items():
        if name != "ETag" or not response.has_header("ETag"):  # a record keeps its own version as its ETag
            response[name] = value
    if seconds and response.streaming:  # kept as it is sent, if it is not too large to keep
        response.streaming_content = _kept_as_sent(response.streaming_content, key, list(response.items()), seconds)
        response["X-Cache"] = "miss"
    elif seconds:
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        cache.set(key, (response.status_code, response.content, list(response.items())), seconds)
        response["X-Cache"] = "miss"
    return response


STREAM_CACHE_LIMIT = 16 * 1024 * 1024  # bytes of a streamed response (a large CSV) the shared cache keeps


def _kept_as_sent(chunks, key: str, headers: list, seconds: int):
    """Send a streamed response on, and store it in the shared cache once sent whole, if it is small enough."""
    parts, size = [], 0
    for chunk in chunks:
        if parts is not None:
            size += len(chunk)
            if size <= STREAM_CACHE_LIMIT:
                parts.append(chunk)
            else:
                parts = None
        yield chunk
    if parts is not None:
        cache.set(key, (200, b"".join(parts), headers), seconds)
