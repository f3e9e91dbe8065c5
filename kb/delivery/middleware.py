"""Middleware: the release header, and conditional GETs with a response cache shared between processes."""

import hashlib
import itertools
import time
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.utils.http import http_date

from kb.releases import current_release

from . import errors, versioning
from .cache import shared_cache_ok

UNCACHED_PREFIXES = ("/admin/", "/accounts/", "/static/", "/downloads/", "/suggest/", "/api/v1/status/")


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
    """Every API response names the current data release (X-KB-Release). Inside ``conditional_cache``: a shared
    response keeps the header of its data version, and the release is read for the version the request started from
    (``conditional_cache`` names it on the 304s it answers itself).
    """

    def middleware(request):
        return _named_release(request, get_response(request))

    return middleware


def _named_release(request, response):
    if request.path.startswith("/api/"):
        response["X-KB-Release"] = current_release() or "unreleased"
    return response


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
    no response has to be rendered to know that nothing changed. The data version's shared copy and
    the cached response are read together, in one round trip to the cache.
    """

    def middleware(request):
        if not _shareable(request):
            return get_response(request)
        if not shared_cache_ok():  # the shared cache is away: answer from the database, as if it had never been
            response = get_response(request)
            response["X-Cache"] = "off"
            return response
        # The address whole (scheme and host too: a page holds absolute links), and what the client accepts.
        key = response_key(request.build_absolute_uri(), request.META.get("HTTP_ACCEPT", ""))
        wanted = [versioning.CACHE_KEY, key] if versioning.shares_copy() else [key]
        found = cache.get_many(wanted) if settings.KB_CACHE_SECONDS else {}
        with versioning.read_once(found.get(versioning.CACHE_KEY)):
            return _conditional(request, get_response, key, found.get(key))

    return middleware


def response_key(address: str, accept: str) -> str:
    """Where the shared cache keeps the response to an address asked with an Accept header."""
    return "kb:response:" + hashlib.sha1(f"{address}|{accept}".encode()).hexdigest()


def _conditional(request, get_response, key: str, stored):
    """The conditional GET and the shared cache, for a request that can only read."""
    version, changed_at = versioning.current()
    tag = f'W/"d{version}-{key.removeprefix("kb:response:")[:16]}"'
    headers = {"ETag": tag, "Cache-Control": "public, max-age=0, must-revalidate"}
    if changed_at is not None:
        headers["Last-Modified"] = http_date(changed_at.timestamp())
    if tag in [t.strip() for t in request.META.get("HTTP_IF_NONE_MATCH", "").split(",")]:
        response = HttpResponseNotModified()
        for name, value in headers.items():
            response[name] = value
        return _named_release(request, response)
    seconds = settings.KB_CACHE_SECONDS
    if stored is not None and stored[0] == version:  # made from this version of the data
        return _from_cache(request, stored)
    making, shared = f"kb:making:{version}:{key}", seconds and request.method == "GET"
    owner = shared and cache.add(making, 1, MAKING_SECONDS)
    if shared and not owner:
        stored = _made_meanwhile(key, making, version)  # another request is making it: wait rather than make it too
        if stored is not None:
            return _from_cache(request, stored)
    try:
        response = get_response(request)
        if response.status_code != 200 or response.cookies:
            return response
        for name, value in headers.items():
            if name != "ETag" or not response.has_header("ETag"):  # a record keeps its own version as its ETag
                response[name] = value
        if seconds and response.streaming:
            _made_whole(response, key, version, seconds)
            response["X-Cache"] = "miss"
        elif seconds:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if len(response.content) <= settings.KB_CACHE_MAX_BYTES:
                cache.set(key, (version, response.status_code, response.content, list(response.items())), seconds)
            response["X-Cache"] = "miss"
        return response
    finally:
        if owner:
            cache.delete(making)


MAKING_SECONDS = 30  # how long a request making a response holds the others off, at most
WAIT_SECONDS = 10  # how long a request waits for another to make the same response, before it makes it itself


def _made_meanwhile(key: str, making: str, version: int):
    """The response another request is making, once it is in the cache (None if it is not within WAIT_SECONDS)."""
    deadline, pause = time.monotonic() + WAIT_SECONDS, 0.005
    while time.monotonic() < deadline:
        time.sleep(pause)
        stored = cache.get(key)
        if stored is not None and stored[0] == version:
            return stored
        if cache.get(making) is None:  # its maker is done: stored just now, or gave up (an error, not to keep)
            stored = cache.get(key)
            return stored if stored is not None and stored[0] == version else None
        pause = min(pause * 2, 0.1)
    return None


def _from_cache(request, stored):
    _, status, content, stored_headers = stored
    if isinstance(content, Deflated):  # a large response, sent on as it is inflated
        response = StreamingHttpResponse(content.inflated(), status=status)
    else:
        response = HttpResponse(content, status=status)
    for name, value in stored_headers:
        response[name] = value
    if response["ETag"] in request.META.get("HTTP_IF_NONE_MATCH", ""):  # a record's own ETag
        response = _named_release(request, HttpResponseNotModified())
        response["ETag"] = dict(stored_headers)["ETag"]
    response["X-Cache"] = "hit"
    return response


@dataclass(frozen=True)
class Deflated:
    """A streamed response's body as the shared cache keeps it: compressed, a tenth of its size for CSV."""

    data: bytes

    def inflated(self, size: int = 64 * 1024):
        inflater = zlib.decompressobj()
        for start in range(0, len(self.data), size):
            yield inflater.decompress(self.data[start : start + size])
        yield inflater.flush()


def _made_whole(response, key: str, version: int, seconds: int) -> None:
    """Make a streamed response (a large CSV) whole at the server's pace, compressed, and keep it in the cache.

    The client then gets it inflated as it reads, so no worker holds it whole, a slow or departing client
    does not hold back the requests waiting for it, and what it started is finished. One larger than
    KB_CACHE_MAX_BYTES is not kept: what was made is sent, then the rest as it comes.
    """
    chunks, headers = iter(response.streaming_content), list(response.items())
    deflater, parts, size = zlib.compressobj(1), [], 0
    for chunk in chunks:
        parts.append(deflater.compress(chunk))
        size += len(chunk)
        if size > settings.KB_CACHE_MAX_BYTES:
            parts.append(deflater.flush())
            made = Deflated(b"".join(parts))
            response.streaming_content = itertools.chain(made.inflated(), chunks)  # its source still closes with it
            return
    parts.append(deflater.flush())
    made = Deflated(b"".join(parts))
    cache.set(key, (version, 200, made, headers), seconds)
    response.streaming_content = made.inflated()
