from rest_framework import serializers

from kb.core.links import api_path
from kb.core.models import Erratum, Gene, Source, SourcePart

from .base import CuratedSerializer
from .fields import LinkField, RecordUrlField, SynonymSerializer, absolute


class GeneSerializer(CuratedSerializer):
    symbol = serializers.CharField(source="name", read_only=True)
    synonyms = SynonymSerializer(many=True, read_only=True)
    hgnc_url = serializers.CharField(read_only=True)
    mechanisms = LinkField(many=True, read_only=True)
    biomarkers = LinkField(many=True, read_only=True)
    compounds = LinkField(many=True, read_only=True)

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
        links = []
        for name, model in Erratum.touched():
            for record in erratum.linked(name):
                key = getattr(record, model.url_key)
                url = absolute(api_path(model, key), self.context)
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


class SourceSerializer(serializers.ModelSerializer):
    url = RecordUrlField()
    parts = SourcePartSerializer(many=True, read_only=True)
    name = serializers.CharField(source="title", read_only=True)
    external_url = serializers.CharField(source="url", read_only=True, help_text="The work's own address.")
    doi_url = serializers.CharField(read_only=True)
    pubmed_url = serializers.CharField(read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "kind",
            "title",
            "citation",
            "authors",
            "journal",
            "year",
            "doi",
            "pmid",
            "licence",
            "checked_on",
            "external_url",
            "doi_url",
            "pubmed_url",
            "description",
            "parts",
        ]
