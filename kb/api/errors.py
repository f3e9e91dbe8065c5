"""The API's own errors: 428 for a change without If-Match, 412 for one whose If-Match names another version,
and 409 naming what still links to a record."""

from django.db.models import ProtectedError, RestrictedError
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class PreconditionRequired(serializers.ValidationError):
    status_code = 428
    default_detail = "Send If-Match with the record's ETag (from a GET of the record) to change it."
    default_code = "precondition_required"

    def __init__(self, why: str = ""):
        super().__init__({"If-Match": [f"{why} {self.default_detail}".strip()]})


class PreconditionFailed(APIException):
    status_code = 412
    default_code = "precondition_failed"


def exception_handler(exc, context):
    """DRF's handler, and a 409 naming what still links to a record that cannot be deleted."""
    if isinstance(exc, ProtectedError | RestrictedError):
        linked = sorted({str(obj) for obj in list(getattr(exc, "protected_objects", None) or exc.restricted_objects)})
        names = "; ".join(linked[:20])
        return Response(
            {"detail": f"Still linked from {len(linked)} record(s), which must change first: {names}."},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
