"""Shared pieces of the REST API: pagination, the CSV renderer, links, provenance, and the base viewset.

Every viewset of every app is a ``CuratedModelViewSet``: published records only for the public,
all records for staff; writes for users with the model permission, stamped with who and when;
lists paginated (``?page_size=`` up to 500), except as CSV, which holds every matching row.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, viewsets
from rest_framework.permissions import DjangoModelPermissionsOrAnonReadOnly
from rest_framework.reverse import reverse

from ..models import Source
from ..pagination import KBPagination

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
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    updated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

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


#
# Viewsets
#


class CuratedModelViewSet(viewsets.ModelViewSet):
    """Reads for everyone (published records only for the public), writes for users with the permission."""

    lookup_field = "slug"
    permission_classes = [DjangoModelPermissionsOrAnonReadOnly]
    pagination_class = KBPagination

    def get_queryset(self):
        return self.queryset.for_display(public=not self.request.user.is_staff)

    def paginate_queryset(self, queryset):
        if getattr(self.request.accepted_renderer, "format", None) == "csv":
            return None
        return super().paginate_queryset(queryset)

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user, updated_by=self.request.user)

    def perform_update(self, serializer):
        serializer.save(updated_by=self.request.user)
