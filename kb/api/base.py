"""The REST API's bases: the serializer and the viewset every kind of record shares.

Every viewset of every app is a ``CuratedModelViewSet``: what the user may see (published records
only for the public, all records for staff); writes for users with the model permission, through
the curation services (kb.curation.services); lists paginated (``?page_size=`` up to 500), except as
CSV, which holds every matching row.
"""

import itertools
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly, IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils import model_meta

from kb.core.kinds import is_record_model
from kb.core.links import attach_links
from kb.core.statements import evidence_of
from kb.curation.services import ACTIONS, StaleRecord, own_reason, record_delete, record_save, record_transition
from kb.delivery.pagination import KBPagination
from kb.delivery.renderers import stream_csv

from .errors import PreconditionFailed, PreconditionRequired
from .fields import IdentifierChecksField, LinkField, ProvenanceSerializer, PublicNameField, RecordUrlField
from .workbench import ReasonSerializer, WorkbenchActions, reason_of

#
# Serializers
#


class CuratedSerializer(serializers.ModelSerializer):
    """Fields every curated record has; ``validate`` runs the model's own ``full_clean``; saves go to the service."""

    url = RecordUrlField()
    provenance = ProvenanceSerializer(source="*", required=False)
    errata = LinkField(many=True, read_only=True)
    identifier_checks = IdentifierChecksField()
    created_by = PublicNameField()
    updated_by = PublicNameField()

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
        "identifier_checks",
        "curator_note",
        "errata",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    common_read_only = ["status", "created_at", "updated_at", "identifier_checks"]
    # Values that are never added in curation, or whose marking is elsewhere (provenance, printed forms).
    not_curatable = {
        *("id", "slug", "status", "curator_note", "curated_fields", "identifier_checks"),
        *("quote", "locator", "line", "version"),
    }

    def get_fields(self):
        """Each value a curator may have added (not printed by the source) is followed by ``<name>_added_in_curation``,
        true where it was: the marking travels with the value, in JSON and CSV."""
        fields, marked = super().get_fields(), {}
        model_fields = {field.name: field for field in self.Meta.model._meta.concrete_fields}
        for name, field in fields.items():
            marked[name] = field
            model_field = model_fields.get(getattr(field, "source", name) or name)
            if (
                model_field is not None
                and not model_field.is_relation
                and model_field.editable
                and model_field.name not in self.not_curatable
                and not model_field.name.endswith("_as_printed")
            ):
                marked[f"{name}_added_in_curation"] = AddedInCurationField(model_field.name)
        marked["change_reason"] = serializers.CharField(
            write_only=True,
            required=False,
            allow_blank=True,
            max_length=1000,
            help_text="Why you make this change: kept in the record's history (may not start with 'workflow:').",
        )
        return marked

    def to_internal_value(self, data):
        """A link to another record is written as a statement, never on the record (kb.core.statements)."""
        errors = {}
        if hasattr(data, "keys"):
            errors = {
                name: [
                    "Links are drawn by statements, each with its source, quote and basis: POST the link to "
                    f"/api/v1/statements/ (subject_kind {self.Meta.model._meta.model_name}, relation {name})."
                ]
                for name in data.keys()
                if name in statement_links(self.Meta.model)
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({**exc.detail, **errors}) from exc
        if errors:
            raise serializers.ValidationError(errors)
        try:
            self.change_reason = own_reason(value.pop("change_reason", ""))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        return value

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
        """The validated values to the curation service, which saves the record and its links (many-to-many)
        together: stamped, versioned, searchable, and refused if stale."""
        relations = model_meta.get_field_info(self.Meta.model).relations
        links = {
            name: validated_data.pop(name)
            for name in list(validated_data)
            if name in relations and relations[name].to_many
        }
        for name, value in validated_data.items():
            setattr(instance, name, value)

        def save_links():
            for name, value in links.items():
                getattr(instance, name).set(value)

        return record_save(
            record=instance,
            user=self.context["request"].user,
            expected_version=self.context.get("expected_version"),
            reason=getattr(self, "change_reason", ""),
            save_related=save_links,
        )


class AddedInCurationField(serializers.BooleanField):
    """Whether the record's value of ``field`` was added in curation (its ``curated_fields`` name it)."""

    def __init__(self, field: str, **kwargs):
        self.field = field
        kwargs.setdefault("help_text", f"True where the value of {field} was added in curation, not printed.")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return self.field in (record.curated_fields or [])


#
# Viewsets
#


class CuratedModelViewSet(WorkbenchActions, viewsets.ModelViewSet):
    """Reads for everyone (what the user may see), writes through the services for users with the permission."""

    lookup_field = "slug"
    permission_classes = [DjangoModelPermissionsOrAnonReadOnly]
    pagination_class = KBPagination

    def get_queryset(self):
        if self.action == "list":
            return self.queryset.for_list(self.request.user)
        return self.queryset.for_detail(self.request.user)

    @staticmethod
    def prepare(records: list, user) -> list:
        """Read what a page of records shows besides their own rows, for the whole page at once: their links to other
        records and the statements behind them (kb.core.links)."""
        return attach_links(records, user)

    def paginate_queryset(self, queryset):
        """A page of records, with their links to other records read for the whole page in one query."""
        page = super().paginate_queryset(queryset)
        return self.prepare(page, self.request.user) if page is not None else None

    def list(self, request, *args, **kwargs):
        """A page of JSON; or CSV of every matching row: in one response (which the shared cache keeps) when it
        fits in one chunk of CSV_CHUNK records, else streamed a chunk at a time (flat memory)."""
        if getattr(request.accepted_renderer, "format", None) != "csv":
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        records = _chunked(queryset.iterator(chunk_size=CSV_CHUNK), CSV_CHUNK)
        first = next(records, [])
        if len(first) < CSV_CHUNK:
            text = "".join(stream_csv([self._csv_rows(first)]))
            return HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
        chunks = (self._csv_rows(chunk) for chunk in itertools.chain([first], records))
        return StreamingHttpResponse(
            (text.encode("utf-8") for text in stream_csv(chunks)), content_type="text/csv; charset=utf-8"
        )

    def _csv_rows(self, records: list) -> list:
        return self.get_serializer(self.prepare(records, self.request.user), many=True).data

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "expected_version": getattr(self, "expected_version", None)}

    def get_permissions(self):
        if self.action in ACTIONS:
            return [IsAuthenticated()]  # the workflow service checks who may do what
        return super().get_permissions()

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        if hasattr(record, "attached_evidence"):  # the statements behind its links, as the reader may see them
            record.attached_evidence = evidence_of([record], request.user).get(record.pk, {})
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
        try:
            record_delete(
                record=record, user=request.user, expected_version=self._if_match(request, record, required=False)
            )
        except StaleRecord as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_412_PRECONDITION_FAILED)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _if_match(self, request, record, *, required: bool) -> int | None:
        """The record version the client's If-Match names (RFC 9110 section 13.1.1).

        None when there is no If-Match and none is required; 428 without one where it is, and for ``*``, which
        would overwrite whatever someone else saved meanwhile; 400 for a header that holds no entity-tag; 412 for
        tags none of which is this record's (another record's, or made up).
        """
        header = request.headers.get("If-Match", "").strip()
        if not header:
            if required:
                raise PreconditionRequired()
            return None
        if header == "*":
            raise PreconditionRequired("If-Match: * would overwrite what someone else saved meanwhile.")
        tags = [part.strip() for part in header.split(",")]
        if not all(ENTITY_TAG.fullmatch(tag) for tag in tags):
            raise ValidationError({"If-Match": [f"{header} is not a list of entity-tags, such as {etag(record)}."]})
        this_record = etag(record).strip('"').rpartition("-v")[0]
        versions = []
        for tag in tags:
            if tag.startswith("W/"):  # If-Match compares strongly: a weak tag matches nothing (RFC 9110 13.1.1)
                continue
            tagged_record, _, version = tag.strip('"').rpartition("-v")
            if tagged_record == this_record and version.isdigit():
                versions.append(int(version))
        if versions:  # any of them may be the current one; else the newest named is stale (a 412 when saved)
            return record.version if record.version in versions else max(versions)
        raise PreconditionFailed(
            f"{header} is not an ETag of this record: GET it for its current ETag, {etag(record)}."
        )

    def _workflow(self, request, action_name):
        record = self.get_object()
        try:
            record = record_transition(record=record, action=action_name, user=request.user, reason=reason_of(request))
        except DjangoValidationError as exc:
            raise ValidationError({"status": exc.messages}) from exc
        record = self.get_queryset().get(pk=record.pk)
        return Response(self.get_serializer(record).data, headers={"ETag": etag(record)})

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        """Send a draft to review."""
        return self._workflow(request, "submit")

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        """Publish a record in review (editors; not their own change)."""
        return self._workflow(request, "publish")

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request, *args, **kwargs):
        """Retire a record (editors)."""
        return self._workflow(request, "retire")

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def draft(self, request, *args, **kwargs):
        """Take a record back to draft."""
        return self._workflow(request, "draft")


def statement_links(model) -> set[str]:
    """The relations of ``model`` that statements draw: its forward links to other records (not its errata)."""
    return {
        field.name
        for field in model._meta.get_fields()
        if (field.many_to_many or field.many_to_one)
        and not field.auto_created
        and field.name != "errata"
        and is_record_model(field.related_model)
    }


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


ENTITY_TAG = re.compile(r'(W/)?"[\x21\x23-\x7e]*"')  # RFC 9110's entity-tag


def etag(record) -> str:
    """The record's ETag: its kind, id and version."""
    return f'"{record._meta.model_name}-{record.pk}-v{record.version}"'
