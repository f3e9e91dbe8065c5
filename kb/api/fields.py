"""The API's fields for records: their own address, their links to other records, and where the source printed them.

Addresses are absolute: built from the request, or, for a release's CSV (no request), from the
site's public address given as ``base_url`` in the serializer's context.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS, ManyRelatedField

from kb.core.kinds import is_record_model, lookup_field
from kb.core.links import Link, api_path
from kb.core.models import Source


def absolute(path: str, context: dict) -> str:
    """An address of this site, as the answer's reader reaches it."""
    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri(path)
    return context.get("base_url", "").rstrip("/") + path


@extend_schema_field(OpenApiTypes.URI)
class RecordUrlField(serializers.Field):
    """A record's address in the API: the serialized record's own, or that of the record ``source`` names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")  # the record itself; or the record it names ("gene")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, record):
        key = getattr(record, lookup_field(type(record)))
        return absolute(api_path(type(record), key, self.context.get("format")), self.context)


class Evidenced:
    """A linked record with the statements behind the link, as the record that links to it sees them."""

    def __init__(self, target, statements):
        self.target, self.statements = target, statements


def evidenced(instance, name: str, targets):
    """The linked records of ``instance``'s relation ``name``, each with its statements."""
    if not hasattr(instance, "evidence"):
        return targets
    if targets is None or isinstance(targets, Evidenced):
        return targets
    if isinstance(targets, list):
        return [Evidenced(target, instance.evidence(name, target)) for target in targets]
    return Evidenced(targets, instance.evidence(name, targets))


class LinksField(ManyRelatedField):
    """Several links: those a list attached to the record for its page, else the relation's (``record.linked``),
    each with the statements behind it."""

    def get_attribute(self, instance):
        if not hasattr(instance, "linked"):
            return super().get_attribute(instance)
        return evidenced(instance, self.source, instance.linked(self.source))


class LinkField(serializers.SlugRelatedField):
    """A link to another record: ``{name, <key>, url}`` when read, the record's key when written."""

    def __init__(self, lookup_field: str = "slug", **kwargs):
        super().__init__(slug_field=lookup_field, **kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        """``many=True``: a list that reads the record's links as its page shows them (``LinksField``)."""
        list_kwargs = {key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS}
        return LinksField(child_relation=cls(*args, **kwargs), **list_kwargs)

    def get_attribute(self, instance):
        if not hasattr(instance, "linked"):
            return super().get_attribute(instance)
        return evidenced(instance, self.source, instance.linked(self.source))

    def to_representation(self, obj):
        statements = None
        if isinstance(obj, Evidenced):
            obj, statements = obj.target, obj.statements
        key = getattr(obj, self.slug_field)
        model = obj.model if isinstance(obj, Link) else type(obj)
        answer = {"name": str(obj.name), self.slug_field: key, "url": absolute(api_path(model, key), self.context)}
        if statements is not None and is_record_model(model) and model._meta.model_name != "erratum":
            answer["statements"] = [statement_summary(statement, self.context) for statement in statements]
        return answer

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get(self.slug_field)
        return super().to_internal_value(data)


def statement_summary(statement, context: dict) -> dict:
    """A statement as a link carries it: what supports the link, from which source, printed, inferred or external."""
    source = statement.source
    return {
        "id": statement.pk,
        "url": absolute(api_path(type(statement), statement.slug), context),
        "predicate": statement.predicate,
        "basis": statement.basis,
        "direction": statement.direction,
        "level": statement.level,
        "source": source.slug if source else None,
        "locator": statement.locator,
        "line": statement.line,
        "quote": statement.quote,
        "cited_as": statement.cited_as,
        "reason": statement.reason,
        "status": statement.status,
        "has_conflict": bool(getattr(statement, "has_conflict", False)),
    }


STATEMENT_SUMMARY_SCHEMA = build_object_type(
    properties={
        "id": build_basic_type(OpenApiTypes.INT),
        "url": build_basic_type(OpenApiTypes.URI),
        "predicate": build_basic_type(OpenApiTypes.STR),
        "basis": {"type": "string", "enum": ["printed", "inferred", "external"]},
        "direction": {"type": "string", "enum": ["supports", "does_not_support"]},
        "level": {"type": "string", "enum": ["A", "B", "C", "D", "E"]},
        "source": {"type": "string", "nullable": True},
        "locator": build_basic_type(OpenApiTypes.STR),
        "line": {"type": "integer", "nullable": True},
        "quote": build_basic_type(OpenApiTypes.STR),
        "cited_as": build_basic_type(OpenApiTypes.STR),
        "reason": build_basic_type(OpenApiTypes.STR),
        "status": build_basic_type(OpenApiTypes.STR),
        "has_conflict": build_basic_type(OpenApiTypes.BOOL),
    },
    required=["id", "url", "predicate", "basis", "direction", "level", "source", "quote", "has_conflict"],
)


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
                "statements": {"type": "array", "items": STATEMENT_SUMMARY_SCHEMA},
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


@extend_schema_field({"type": "string", "nullable": True})
class PublicNameField(serializers.Field):
    """A curator's public name: the display name they chose, or null; never their login name."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, user):
        return user.get_full_name() or None


class SynonymSerializer(serializers.Serializer):
    """Another name of a record, marked where a curator added it (the source does not print it)."""

    name = serializers.CharField(read_only=True)
    added_in_curation = serializers.BooleanField(read_only=True)
    locator = serializers.CharField(read_only=True, help_text="Where the source prints it, if elsewhere.")


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "properties": {"checked_on": {"type": "string", "format": "date"}, "where": {"type": "string"}},
        },
    }
)
class IdentifierChecksField(serializers.Field):
    """Where and when each identifier of the record was checked, by field, in a stable order on every database."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, checks):
        return {name: dict(sorted(check.items())) for name, check in sorted((checks or {}).items())}
