"""The workbench in the API: workflow steps with a reason, suggested corrections (with or without an account),
an editor's accept and reject, and following a record. Every one goes through the curation services."""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, Throttled, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from kb.curation import notices
from kb.curation.suggestions import status_url, suggestion_accept, suggestion_create, suggestion_reject
from kb.delivery import limits


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, help_text="Kept in the history.")


class SuggestionSerializer(serializers.Serializer):
    field = serializers.CharField(max_length=64, help_text="The record's field to correct.")
    proposed = serializers.CharField(max_length=5000, allow_blank=True, help_text="The value it should hold.")
    reason = serializers.CharField(max_length=5000, help_text="Why, with a source if you can.")
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, help_text="Without a token.")
    email = serializers.EmailField(required=False, allow_blank=True, help_text="Without a token; editors only.")


class SuggestedSerializer(serializers.Serializer):
    slug = serializers.CharField()
    status_url = serializers.CharField(help_text="The suggestion's own page, where its outcome is read.")
    resolution = serializers.CharField(help_text="'' while pending, then accepted or rejected.")
    review_note = serializers.CharField(help_text="The editor's reason.")


class FollowingSerializer(serializers.Serializer):
    following = serializers.BooleanField()


def reason_of(request) -> str:
    body = ReasonSerializer(data=request.data if hasattr(request.data, "get") else {})
    body.is_valid(raise_exception=True)
    return body.validated_data.get("reason", "")


def _refused(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


def suggested(erratum) -> dict:
    return {
        "slug": erratum.slug,
        "status_url": status_url(erratum),
        "resolution": erratum.resolution,
        "review_note": erratum.review_note,
    }


class WorkbenchActions:
    """Mixed into every record's viewset (kb.api.base.CuratedModelViewSet)."""

    @extend_schema(request=SuggestionSerializer, responses={201: SuggestedSerializer})
    @action(detail=True, methods=["post"], permission_classes=[AllowAny])
    def suggest(self, request, *args, **kwargs):
        """Suggest a correction of one field: with a token, or with a name and an e-mail address (throttled per
        address; only editors see them). It waits for an editor; its status_url tells the outcome."""
        record = self.get_object()
        if not request.user.is_authenticated:
            wait = limits.over_limit(request, "suggest", settings.KB_SUGGEST_RATE)
            if wait is not None:
                raise Throttled(wait=wait)
        body = SuggestionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            erratum = suggestion_create(record=record, user=request.user, **body.validated_data)
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
        return Response(suggested(erratum), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: FollowingSerializer, 204: None})
    @action(detail=True, methods=["post", "delete"], permission_classes=[IsAuthenticated])
    def follow(self, request, *args, **kwargs):
        """Follow the record (POST) or stop (DELETE): its changes, steps and suggestions come to your admin inbox
        (curators and editors)."""
        record = self.get_object()
        if request.method == "DELETE":
            notices.unfollow(record=record, user=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        notices.follow(record=record, user=request.user)
        return Response({"following": True})


class DecisionActions:
    """An editor's accept and reject of a suggested correction (the errata's viewset)."""

    def _decide(self, request, decide):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        erratum = self.get_object()
        try:
            decide(erratum, reason_of(request))
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
        except DjangoPermissionDenied:
            raise
        erratum.refresh_from_db()
        return Response(suggested(erratum))

    @extend_schema(request=ReasonSerializer, responses={200: SuggestedSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def accept(self, request, *args, **kwargs):
        """Accept a suggestion (editors, not their own): the record changes, credited to the suggester, and waits
        in review to be published."""
        return self._decide(request, lambda e, reason: suggestion_accept(erratum=e, user=request.user, reason=reason))

    @extend_schema(request=ReasonSerializer, responses={200: SuggestedSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def reject(self, request, *args, **kwargs):
        """Reject a suggestion with the reason (required), which the suggester reads."""
        return self._decide(request, lambda e, reason: suggestion_reject(erratum=e, user=request.user, reason=reason))
