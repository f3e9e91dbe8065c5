"""Rate limits on every request: pages and the API alike, answers from the shared cache included.

A fixed window per client, counted atomically (an ``incr``, and an ``add`` for a window's first request:
one Redis round trip as a rule, or a locked increment in this process's memory): ``KB_RATE_LIMITS["anon"]``
per address for requests without a valid credential, ``["user"]`` per credential (token or session) and,
apart from the anonymous count, per address for the others. A credential is looked up once a minute per
process (``caches["local"]``); one that names no token or session counts as none. While the shared cache is
unreachable each process counts in its own memory: the limit then holds per worker rather than not at all.
Over the limit is a 429 with ``Retry-After``.

The client's address is ``REMOTE_ADDR``; for a request that came through one of ``KB_PROXY_ADDRESSES``, with
``KB_TRUSTED_PROXIES`` proxies (nginx and the like) in front of the site, it is the address the outermost of
them saw, from ``X-Forwarded-For`` (the entries before it are the client's to forge).
"""

import hashlib
import math
import time
from functools import lru_cache
from importlib import import_module

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from rest_framework.authtoken.models import Token

from . import errors
from .cache import shared_cache_ok

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
NOT_LIMITED = ("/static/",)
CREDENTIAL_SECONDS = 60  # how long a process remembers whether a credential names a token or a session


@lru_cache(maxsize=64)
def parse_rate(rate: str) -> tuple[int, int]:
    """``"600/minute"`` as (600, 60); the period by its first letter, as DRF reads it (``600/min``, ``10/h``)."""
    count, _, period = rate.partition("/")
    seconds = {name[0]: length for name, length in PERIODS.items()}.get(period.strip()[:1].lower())
    if not count.strip().isdigit() or seconds is None:
        raise ValueError(f"{rate!r} is not a rate: give requests/period, e.g. 600/minute (second, minute, hour, day).")
    return int(count), seconds


def rate_limit(get_response):
    for scope, rate in settings.KB_RATE_LIMITS.items():  # a mistyped rate stops the server at its start
        try:
            if rate:
                parse_rate(rate)
        except ValueError as error:
            raise ImproperlyConfigured(f"KB_RATE_LIMITS[{scope!r}]: {error}") from None

    def middleware(request):
        if not request.path.startswith(NOT_LIMITED):
            for scope, client, rate in _counted_as(request):
                wait = _wait(scope, client, rate)
                if wait is not None:
                    limit, period = parse_rate(rate)
                    unit = next(name for name, seconds in PERIODS.items() if seconds == period)
                    counted = scope.rsplit("-", 1)[-1]  # an address, signed in or not, or an account
                    return errors.respond(
                        request,
                        429,
                        "Too many requests",
                        f"More than {limit} requests a {unit} came from this {counted}: try again in {wait} s.",
                        {"Retry-After": str(wait)},
                    )
        return get_response(request)

    return middleware


def over_limit(request, scope: str, rate: str) -> int | None:
    """Count one more ``scope`` action (a form sent) from the request's address: None while within ``rate``, else
    the seconds until the window ends (for a view's own 429 with ``Retry-After``)."""
    return _wait(scope, client_address(request), rate) if rate else None


def _wait(scope: str, client: str, rate: str) -> int | None:
    """Count one more request of ``client`` in its window: None while within ``rate``, else the seconds to wait."""
    limit, period = parse_rate(rate)
    now = time.time()
    if _count(f"kb:rate:{scope}:{client}:{int(now // period)}", period) <= limit:
        return None
    return max(1, math.ceil(period - now % period))


def _counted_as(request):
    """(scope, client, rate) for each count the request adds to."""
    rates = settings.KB_RATE_LIMITS
    address = client_address(request)
    credential = _credential(request)
    if credential is None:
        return [("address", address, rates["anon"])] if rates.get("anon") else []
    if not rates.get("user"):
        return []
    return [("account", credential, rates["user"]), ("signed-in-address", address, rates["user"])]


def _credential(request) -> str | None:
    """A digest of the request's token or session, if it names one that exists (else the request is anonymous)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    token = header[len("Token ") :].strip() if header.startswith("Token ") else ""
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if not (token or session):
        return None
    digest = hashlib.sha256(f"{token}|{session}".encode()).hexdigest()[:32]
    known = caches["local"].get(f"kb:credential:{digest}")
    if known is None:
        known = bool(token and Token.objects.filter(key=token).exists()) or bool(
            session and import_module(settings.SESSION_ENGINE).SessionStore().exists(session)
        )
        caches["local"].set(f"kb:credential:{digest}", known, CREDENTIAL_SECONDS)
    return digest if known else None


def client_address(request) -> str:
    """The address the request came from, seen through the trusted proxies in front of the site."""
    proxies, peer = settings.KB_TRUSTED_PROXIES, request.META.get("REMOTE_ADDR", "")
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and forwarded and peer in settings.KB_PROXY_ADDRESSES:
        return forwarded[-min(proxies, len(forwarded))]
    return peer


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
