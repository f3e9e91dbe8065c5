"""Shared pieces of the REST API: pagination, the CSV renderer, links, provenance, and the base viewset.

Every viewset of every app is a ``CuratedModelViewSet``: published records only for the public,
all records for staff; writes for users with the model permission, stamped with who and when;
lists paginated (``?page_size=`` up to 500), except as CSV, which holds every matching row.
"""

import itertools

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly, IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.utils import model_meta
from rest_framework.views import exception_handler as drf_exception_handler

from ..models import Source
from ..pagination import KBPagination
from ..renderers import stream_csv
from ..search import index_record, remove_record
from ..services import ACTIONS, StaleRecord, record_save, record_transition

#
# Fields and serializers
#


class LinkField(serializers.SlugRelatedField):
    """A link to another record: ``{name, slug, url}`` when read, the record's key when written."""

    def __init__(self, view_name: str, lookup_field: str = "slug", **kwargs):
        self.view_name = view_name
        super().__init__(slug_field=lookup_field, **kwargs)

    def to_representation(self, obj):
        key = getattr(obj, self.slug_field)
        url = reverse(self.view_name, kwargs={self.slug_field: key}, request=self.context.get("request"))
        return {"name": str(obj.name), self.slug_field: key, "url": url}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get(self.slug_field)
        return super().to_internal_value(data)


class LinkFieldSchema(OpenApiSerializerFieldExtension):
    """In the OpenAPI schema a link reads as ``{name, <key>, url}`` and is written as the linked record's key."""

    target_class = LinkField

    def map_serializer_field(self, auto_schema, direction):
        key = self.target.slug_field
        if direction == "request":
            return build_basic_type(OpenApiTypes.STR)
        return build_object_type(
            properties={
                "name": build_basic_type(OpenApiTypes.STR),
                key: build_basic_type(OpenApiTypes.STR),  # genes are keyed by their name: one property
                "url": build_basic_type(OpenApiTypes.URI),
            },
            required=list(dict.fromkeys(["name", key, "url"])),
        )


class ProvenanceSerializer(serializers.Serializer):
    """Where the source printed the record; written and read as one nested object."""

    source = serializers.SlugRelatedField(
        slug_field="slug", queryset=Source.objects.all(), allow_null=True, required=False
    )
    locator = serializers.CharField(required=False, allow_blank=True, max_length=200)
    line = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    quote = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class CuratedSerializer(serializers.HyperlinkedModelSerializer):
    """Fields every curated record has; ``validate`` runs the model's own ``full_clean``."""

    provenance = ProvenanceSerializer(source="*", required=False)
    errata = LinkField("erratum-detail", many=True, read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    updated_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    common_fields = [
        "id",
        "url",
        "slug",
        "name",
        "name_as_printed",
        "description",
        "status",
        "provenance",
        "curated_fields",
        "curator_note",
        "errata",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    common_read_only = ["status", "created_at", "updated_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many = {f.name for f in model._meta.many_to_many}
        instance = self.instance or model()
        original = {name: getattr(instance, name) for name in attrs if name not in many}
        for name in original:
            setattr(instance, name, attrs[name])
        try:
            instance.full_clean(
                exclude=[f.name for f in model._meta.fields if f.name not in attrs] or None, validate_unique=True
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        finally:
            for name, value in original.items():
                setattr(instance, name, value)
        return attrs

    def create(self, validated_data):
        return self._write(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self._write(instance, validated_data)

    def _write(self, instance, validated_data):
        """Save through the curation service: stamped, versioned, and refused if stale."""
        relations = model_meta.get_field_info(self.Meta.model).relations
        many = {
            name: validated_data.pop(name)
            for name in list(validated_data)
            if name in relations and relations[name].to_many
        }
        for name, value in validated_data.items():
            setattr(instance, name, value)
        record_save(
            record=instance, user=self.context["request"].user, expected_version=self.context.get("expected_version")
        )
        for name, value in many.items():
            getattr(instance, name).set(value)
        index_record(instance)
        return instance


#
# Viewsets
#


class CuratedModelViewSet(viewsets.ModelViewSet):
    """Reads for everyone (published records only for the public), writes for users with the permission."""

    lookup_field = "slug"
    permission_classes = [DjangoModelPermissionsOrAnonReadOnly]
    pagination_class = KBPagination

    def get_queryset(self):
        public = not self.request.user.is_staff
        if self.action == "list":
            return self.queryset.for_list(public=public)
        return self.queryset.for_display(public=public)

    def list(self, request, *args, **kwargs):
        """A page of JSON; or CSV of every matching row: in one response (which the shared cache keeps) when it
        fits in one chunk of CSV_CHUNK records, else streamed a chunk at a time (flat memory)."""
        if getattr(request.accepted_renderer, "format", None) != "csv":
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        records = _chunked(queryset.iterator(chunk_size=CSV_CHUNK), CSV_CHUNK)
        first = next(records, [])
        if len(first) < CSV_CHUNK:
            text = "".join(stream_csv([self.get_serializer(_linked(queryset, first), many=True).data]))
            return HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
        chunks = (
            self.get_serializer(_linked(queryset, chunk), many=True).data for chunk in itertools.chain([first], records)
        )
        return StreamingHttpResponse(
            (text.encode("utf-8") for text in stream_csv(chunks)), content_type="text/csv; charset=utf-8"
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "expected_version": getattr(self, "expected_version", None)}

    def get_permissions(self):
        if self.action in ACTIONS:
            return [IsAuthenticated()]  # the workflow service checks who may do what
        return super().get_permissions()

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        tag = etag(record)
        if tag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag})
        return Response(self.get_serializer(record).data, headers={"ETag": tag})

    def update(self, request, *args, **kwargs):
        self.expected_version = self._if_match(request, self.get_object(), required=True)
        try:
            response = super().update(request, *args, **kwargs)
        except StaleRecord as exc:
            return Response({"detail": str(exc), "version": exc.current}, status=status.HTTP_412_PRECONDITION_FAILED)
        response["ETag"] = etag(self.get_queryset().get(pk=response.data["id"]))
        return response

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        expected = self._if_match(request, record, required=False)
        if expected is not None and expected != record.version:
            return Response({"detail": str(StaleRecord(record, expected))}, status=status.HTTP_412_PRECONDITION_FAILED)
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        remove_record(instance)
        instance.delete()

    def _if_match(self, request, record, *, required: bool) -> int | None:
        header = request.headers.get("If-Match", "").strip()
        if not header:
            if required:
                raise PreconditionRequired()
            return None
        if header == "*":
            return None
        tag = header.removeprefix("W/").strip('"')
        prefix, _, version = tag.rpartition("-v")
        if prefix != etag(record).strip('"').rpartition("-v")[0] or not version.isdigit():
            raise ValidationError({"If-Match": f"{header} is not an ETag of this record; GET it for its ETag."})
        return int(version)

    def _workflow(self, request, action_name):
        record = self.get_object()
        try:
            record = record_transition(record=record, action=action_name, user=request.user)
        except DjangoValidationError as exc:
            raise ValidationError({"status": exc.messages}) from exc
        record = self.get_queryset().get(pk=record.pk)
        return Response(self.get_serializer(record).data, headers={"ETag": etag(record)})

    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        """Send a draft to review."""
        return self._workflow(request, "submit")

    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        """Publish a record in review (editors; not their own change)."""
        return self._workflow(request, "publish")

    @action(detail=True, methods=["post"])
    def retire(self, request, *args, **kwargs):
        """Retire a record (editors)."""
        return self._workflow(request, "retire")

    @action(detail=True, methods=["post"])
    def draft(self, request, *args, **kwargs):
        """Take a record back to draft."""
        return self._workflow(request, "draft")


CSV_CHUNK = 100  # records serialized at a time: a worker holds one chunk's objects, not the list's


def _chunked(items, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _linked(queryset, records: list) -> list:
    queryset.attach_links(records)
    return records


def etag(record) -> str:
    """The record's ETag: its kind, id and version."""
    return f'"{record._meta.model_name}-{record.pk}-v{record.version}"'


class PreconditionRequired(serializers.ValidationError):
    status_code = 428
    default_detail = "Send If-Match with the record's ETag (from a GET of the record) to change it."
    default_code = "precondition_required"

    def __init__(self):
        super().__init__({"If-Match": [self.default_detail]})


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
