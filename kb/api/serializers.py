from rest_framework import serializers

from kb.links import api_url
from kb.models import Erratum, Gene, Source, SourcePart

from . import CuratedSerializer, LinkField


class GeneSerializer(CuratedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="gene-detail", lookup_field="name")
    symbol = serializers.CharField(source="name", read_only=True)
    synonyms = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    hgnc_url = serializers.CharField(read_only=True)
    mechanisms = LinkField("mechanism-detail", many=True, read_only=True)
    biomarkers = LinkField("biomarker-detail", many=True, read_only=True)
    compounds = LinkField("compound-detail", many=True, read_only=True)

    class Meta:
        model = Gene
        fields = [
            *CuratedSerializer.common_fields,
            "symbol",
            "full_name",
            "hgnc_id",
            "hgnc_url",
            "synonyms",
            "mechanisms",
            "biomarkers",
            "compounds",
        ]
        read_only_fields = CuratedSerializer.common_read_only


class ErratumSerializer(CuratedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="erratum-detail", lookup_field="slug")
    name = serializers.CharField(read_only=True)
    records = serializers.SerializerMethodField()

    class Meta:
        model = Erratum
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "kind",
            "as_printed",
            "correction",
            "status",
            "provenance",
            "curator_note",
            "records",
            "created_at",
            "created_by",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = CuratedSerializer.common_read_only

    def get_records(self, erratum) -> list[dict]:
        """The records the erratum touches, each as a link with its kind."""
        request = self.context.get("request")
        links = []
        for relation in Erratum._meta.related_objects:
            if not relation.many_to_many:
                continue
            model = relation.related_model
            for record in getattr(erratum, relation.get_accessor_name()).all():
                key = getattr(record, model.url_key)
                url = api_url(model, key, request)
                links.append(
                    {"kind": model._meta.verbose_name, "name": str(record.name), model.url_key: key, "url": url}
                )
        return links


class SourcePartSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourcePart
        fields = [
            "slug",
            "kind",
            "number",
            "title_as_printed",
            "locator",
            "line",
            "in_scope",
            "scope_note",
            "columns",
            "rows",
        ]


class SourceSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="source-detail", lookup_field="slug")
    parts = SourcePartSerializer(many=True, read_only=True)
    name = serializers.CharField(source="title", read_only=True)

    class Meta:
        model = Source
        fields = ["id", "url", "slug", "name", "kind", "title", "citation", "description", "parts"]
