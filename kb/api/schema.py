"""What the OpenAPI schema says beyond drf-spectacular's reading of the views: every status an operation can answer,
open reads as open, the If-Match and If-None-Match headers, and the bounds of the paging parameters.

A postprocessing hook (drf-spectacular's ``POSTPROCESSING_HOOKS``), so that one table holds what every
operation shares; schemathesis's status-code check (``make fuzz``) holds the schema to it.
"""

from kb.delivery.middleware import UNCACHED_PREFIXES

from .base import ENTITY_TAG

SAFE = ("get", "head")
ERROR = {"$ref": "#/components/schemas/Error"}
REASONS = {
    "304": "Not modified: the If-None-Match tag is still current.",
    "400": "The request cannot be read: a parameter, a field or a header is wrong; the answer says which.",
    "401": "No valid credentials: a change needs a token (Authorization: Token …); a read needs none, but one "
    "that is sent must be valid.",
    "403": "The account may not do this; the answer says why.",
    "404": "No such record, page or format (or one the user may not see).",
    "406": "None of the media types asked for in Accept can be given.",
    "409": "Other records still link to this one, which the answer names.",
    "412": "If-Match names another version, or another record, than this one's current ETag.",
    "413": "The request body is larger than the 1 MB this site accepts.",
    "415": "The request body is in a media type this operation does not read.",
    "428": "A change needs If-Match with the record's ETag (If-Match: * is refused).",
    "429": "Too many requests from this client: Retry-After says when to try again.",
    "503": "The database is unavailable for a moment: Retry-After says when to try again.",
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before trying again."}}
READ_STATUSES = ("304", "400", "401", "404", "406", "429", "503")
JSON_ONLY = ("429", "503")  # answered before the view, by the site's middleware or error handler, in JSON
WRITE_STATUSES = ("400", "401", "403", "404", "406", "409", "412", "413", "415", "428", "429", "503")
# An action on a record (a workflow step, a suggestion, a decision, following) reads a small body, if any
ACTION_STATUSES = ("400", "401", "403", "404", "406", "413", "415", "429", "503")
ACTIONS = ("draft", "publish", "retire", "submit", "suggest", "follow", "accept", "reject")
PAGE_BOUNDS = {"page": {"minimum": 1}, "page_size": {"minimum": 1, "maximum": 500}}


def document_statuses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = {
        "type": "object",
        "description": "Why the request was not served: ``detail``, or a list of reasons per field or header.",
        "additionalProperties": True,
        "properties": {"detail": {"type": "string"}},
    }
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "head", "post", "put", "patch", "delete"):
                continue
            _document(path, method, operation)
    return result


def _document(path: str, method: str, operation: dict) -> None:
    parameters = operation.setdefault("parameters", [])
    for parameter in parameters:
        if parameter.get("in") == "query" and parameter["name"] in PAGE_BOUNDS:
            parameter["schema"] = {**parameter.get("schema", {}), "type": "integer", **PAGE_BOUNDS[parameter["name"]]}
    record = "{" in path and not path.rstrip("/").endswith(ACTIONS)
    if method in SAFE:
        operation["security"] = [*operation.get("security", []), {}]  # open to everyone
        # an answer never cached has no ETag to revalidate: no 304
        statuses = tuple(s for s in READ_STATUSES if s != "304" or not path.startswith(UNCACHED_PREFIXES))
        parameters.append(
            {"in": "header", "name": "If-None-Match", "schema": {"type": "string"}, "description": "An ETag."}
        )
    elif record:
        statuses = WRITE_STATUSES
        parameters.append(
            {
                "in": "header",
                "name": "If-Match",
                "required": method in ("put", "patch"),
                "schema": {"type": "string", "pattern": rf"^{ENTITY_TAG.pattern}(\s*,\s*{ENTITY_TAG.pattern})*$"},
                "description": "The record's ETag, from a GET of it: the change is refused (412) if anyone "
                "saved the record since.",
            }
        )
    elif "{" in path:
        statuses = ACTION_STATUSES
    else:
        statuses = tuple(status for status in WRITE_STATUSES if status not in ("409", "412", "428"))
    responses = operation.setdefault("responses", {})
    # An error is given in the format asked for: JSON, or CSV (?format=csv, which every operation reads).
    media = ("application/json", "text/csv")
    for status in statuses:
        if status in responses:
            continue
        response = {"description": REASONS[status]}
        if status != "304":
            response["content"] = {name: {"schema": ERROR} for name in (media[:1] if status in JSON_ONLY else media)}
        if status in ("429", "503"):
            response["headers"] = RETRY_AFTER
        responses[status] = response
