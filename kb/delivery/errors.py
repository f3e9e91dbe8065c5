"""What the site answers when a request cannot be served: the reason, as JSON under /api/ and as a page elsewhere.

The pages render without the request's context processors, so that they need no database: the 503
page is shown exactly when the database cannot be reached, and says so.
"""

import logging
import sys

from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.urls import Resolver404

logger = logging.getLogger("kb.errors")

UNAVAILABLE = "The database is unavailable at the moment; nothing was read or written. Please try again shortly."
RETRY_AFTER_SECONDS = 30


def respond(request, status: int, title: str, reason: str, headers: dict | None = None) -> HttpResponse:
    """The error as ``{"detail": reason}`` for the API, or as a small page naming the status and the reason."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": reason}, status=status)
    else:
        try:
            html = loader.render_to_string("error.html", {"status": status, "title": title, "reason": reason})
            response = HttpResponse(html, status=status)
        except Exception:  # the error page itself must not fail: plain text then
            logger.exception("The error page could not be rendered")
            response = HttpResponse(f"{status} {title}: {reason}", status=status, content_type="text/plain")
    for name, value in {**security_headers(), **(headers or {})}.items():
        response[name] = value
    return response


def security_headers() -> dict:
    """The site's own policy (settings: django-csp's, X_FRAME_OPTIONS, ...) for every error response made here,
    which can be made before the middleware that would set them has run (a request for another host is refused
    before any view)."""
    return {
        "Content-Security-Policy": build_policy(),
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
    }


def bad_request(request, exception=None):
    if isinstance(exception, DisallowedHost):
        reason = "This site does not answer for the host the request names."
    elif isinstance(exception, RequestDataTooBig):
        reason = "The request body is larger than the 1 MB this site accepts."
    elif isinstance(exception, TooManyFieldsSent):
        reason = "The request has more than the 1,000 fields this site accepts."
    else:
        reason = str(exception) if exception and str(exception) else "The request could not be understood."
    return respond(request, 400, "Bad request", reason)


def csrf_failure(request, reason=""):
    """A form sent without its security token, or with one out of date (CSRF_FAILURE_VIEW)."""
    return respond(
        request,
        403,
        "Forbidden",
        "The form's security token (CSRF) was missing or out of date, so nothing was done: go back, reload the "
        "page and send the form again (with cookies allowed for this site).",
    )


def permission_denied(request, exception=None):
    reason = str(exception) if exception and str(exception) else "You do not have permission to do this."
    return respond(request, 403, "Forbidden", reason)


def page_not_found(request, exception=None):
    """The view's reason (no such record, no such page of a list), or that no address is like this one."""
    reason = str(exception) if isinstance(exception, Http404) and not isinstance(exception, Resolver404) else ""
    return respond(request, 404, "Not found", reason or f"Nothing is published at {request.path}.")


def server_error(request):
    """503 when the database cannot be reached (it recovers by itself when it is back), 500 otherwise."""
    error = sys.exc_info()[1]
    if database_unreachable(error):
        logger.warning("Database unavailable: %s", error)
        return respond(request, 503, "Service unavailable", UNAVAILABLE, {"Retry-After": str(RETRY_AFTER_SECONDS)})
    return respond(request, 500, "Server error", "Something went wrong on our side; it has been logged.")


def database_unreachable(error: BaseException | None) -> bool:
    """A lost or refused connection, as opposed to a fault in a query."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    cause = getattr(error, "__cause__", None)
    return isinstance(error, DatabaseError) and isinstance(cause, OperationalError | InterfaceError)


class DatabaseOutageFilter(logging.Filter):
    """A request that failed because the database is unreachable logs one line, not a traceback per request."""

    def filter(self, record):
        if record.exc_info and database_unreachable(record.exc_info[1]):
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
