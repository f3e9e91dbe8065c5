"""Rate limits on every request: pages and the API alike, answers from the shared cache included.

A fixed window per client, counted atomically (an ``incr``, and an ``add`` for a window's first request:
one Redis round trip as a rule, or a locked increment in this process's memory): ``KB_RATE_LIMITS["anon"]``
per address for requests without credentials, ``["user"]`` per credential (token or session) and per
address for the others. While the
shared cache is unreachable each process counts in its own memory (``caches["local"]``): the limit
then holds per worker rather than not at all. Over the limit is a 429 with ``Retry-After``.

The client's address is ``REMOTE_ADDR``, or behind ``KB_TRUSTED_PROXIES`` proxies (nginx and the like) the
address the outermost of them saw, from ``X-Forwarded-For`` (the entries before it are the client's to forge).
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import caches

from . import errors
from .cache import shared_cache_ok

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
NOT_LIMITED = ("/static/",)


def parse_rate(rate: str) -> tuple[int, int]:
    """``"600/minute"`` as (600, 60)."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.rstrip("s")]


def rate_limit(get_response):
    def middleware(request):
        if not request.path.startswith(NOT_LIMITED):
            for scope, client, rate in _counted_as(request):
                limit, period = parse_rate(rate)
                now = time.time()
                if _count(f"kb:rate:{scope}:{client}:{int(now // period)}", period) > limit:
                    wait = max(1, math.ceil(period - now % period))
                    unit = next(name for name, seconds in PERIODS.items() if seconds == period)
                    return errors.respond(
                        request,
                        429,
                        "Too many requests",
                        f"More than {limit} requests a {unit} came from this {scope}: try again in {wait} s.",
                        {"Retry-After": str(wait)},
                    )
        return get_response(request)

    return middleware


def _counted_as(request):
    """(scope, client, rate) for each count the request adds to."""
    rates = settings.KB_RATE_LIMITS
    address = client_address(request)
    credential = request.META.get("HTTP_AUTHORIZATION") or request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not credential:
        return [("address", address, rates["anon"])] if rates.get("anon") else []
    if not rates.get("user"):
        return []
    digest = hashlib.sha256(credential.encode()).hexdigest()[:32]
    return [("account", digest, rates["user"]), ("address", address, rates["user"])]


def client_address(request) -> str:
    """The address the request came from, seen through the trusted proxies in front of the site."""
    proxies = settings.KB_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and forwarded:
        return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def _count(key: str, period: int) -> int:
    """Add one to the window's count and return it: in the shared cache, or in this process while it is away."""
    if shared_cache_ok():
        count = _increment(caches["default"], key, period)
        if count is not None:
            return count
    return _increment(caches["local"], key, period)


def _increment(store, key: str, period: int) -> int | None:
    """One round trip in the common case (the window's key exists); None if the store could not be reached."""
    try:
        return store.incr(key)
    except ValueError:  # the window's first request (or its key expired)
        if store.add(key, 1, period + 1):
            return 1
        try:
            return store.incr(key)  # another request started the window meanwhile
        except ValueError:
            return None
