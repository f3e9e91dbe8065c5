"""Middleware: the release header, and conditional GETs with a response cache shared between processes."""

import hashlib
import time
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified, StreamingHttpResponse
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
    no response has to be rendered to know that nothing changed. The data version's shared copy and
    the cached response are read together, in one round trip to the cache.
    """

    def middleware(request):
        if not _shareable(request):
            return get_response(request)
        key = response_key(request.get_full_path(), request.META.get("HTTP_ACCEPT", ""))
        found = cache.get_many([versioning.CACHE_KEY, key]) if settings.KB_CACHE_SECONDS else {}
        with versioning.read_once(found.get(versioning.CACHE_KEY)):
            return _conditional(request, get_response, key, found.get(key))

    return middleware


def response_key(path: str, accept: str) -> str:
    """Where the shared cache keeps the response to a path asked with an Accept header."""
    return "kb:response:" + hashlib.sha1(f"{path}|{accept}".encode()).hexdigest()


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
        return response
    seconds = settings.KB_CACHE_SECONDS
    if stored is not None and stored[0] == version:  # made from this version of the data
        return _from_cache(request, stored)
    making = f"kb:making:{version}:{key}"
    if seconds and request.method == "GET" and not cache.add(making, 1, MAKING_SECONDS):
        stored = _made_meanwhile(key, making, version)  # another request is making it: wait rather than make it too
        if stored is not None:
            return _from_cache(request, stored)
    response = get_response(request)
    if response.status_code != 200 or response.cookies:
        if seconds:
            cache.delete(making)
        return response
    for name, value in headers.items():
        if name != "ETag" or not response.has_header("ETag"):  # a record keeps its own version as its ETag
            response[name] = value
    if seconds and response.streaming:  # kept as it is sent, if it is not too large to keep
        source = response.streaming_content
        # The source is closed by the wrapper once it has been made whole, not before it (as closing the
        # response would otherwise do first, when a client leaves early).
        closers, response._resource_closers = response._resource_closers, []
        kept = Kept(key, making, version, list(response.items()), seconds)
        response.streaming_content = _kept_as_sent(source, kept, closers)
        response["X-Cache"] = "miss"
    elif seconds:
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        cache.set(key, (version, response.status_code, response.content, list(response.items())), seconds)
        cache.delete(making)
        response["X-Cache"] = "miss"
    return response


STREAM_CACHE_LIMIT = 64 * 1024 * 1024  # bytes of a streamed response (a large CSV) the shared cache keeps, at most
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
        if cache.get(making) is None:  # its maker gave up (an error, a response not to keep)
            return None
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
        response = HttpResponseNotModified()
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


@dataclass(frozen=True)
class Kept:
    """Where and how a streamed response is kept once it has been made whole."""

    key: str
    making: str
    version: int
    headers: list
    seconds: int

    def store(self, parts) -> None:
        if parts is not None:
            cache.set(self.key, (self.version, 200, Deflated(b"".join(parts)), self.headers), self.seconds)


def _kept_as_sent(chunks, kept: Kept, closers: list):
    """Send a streamed response on, and store it in the shared cache once made whole, if it is small enough.

    It is compressed as it is sent, so that a worker never holds the whole of a large response. A client
    that leaves before the end (a time-out) does not stop the making: the rest is made for the cache, so
    that the requests waiting for it, and the next ones, are answered from it.
    """
    deflater, parts, size = zlib.compressobj(1), [], 0

    def keep(chunk) -> bool:
        nonlocal parts, size
        if parts is not None:
            size += len(chunk)
            if size <= STREAM_CACHE_LIMIT:
                parts.append(deflater.compress(chunk))
            else:
                parts = None
        return parts is not None

    def whole():
        return None if parts is None else [*parts, deflater.flush()]

    try:
        for chunk in chunks:
            keep(chunk)
            yield chunk
    except GeneratorExit:  # the client is gone: finish for the cache, unless it is too large to keep anyway
        for chunk in chunks if parts is not None else ():
            if not keep(chunk):
                break
        kept.store(whole())
        raise
    else:
        kept.store(whole())
    finally:
        cache.delete(kept.making)
        for close in closers:
            close()
