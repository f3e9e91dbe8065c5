from rest_framework import serializers

from kb.api import CuratedSerializer, LinkField
from mechanisms.models import CellLine, CellLineSubgroup, Mechanism, ModelSystem, ModelSystemFeature, Strategy


class MechanismSerializer(CuratedSerializer):
    parent = LinkField(read_only=True, allow_null=True)
    children = LinkField(many=True, read_only=True)
    genes = LinkField("name", many=True, read_only=True)
    biomarkers = LinkField(many=True, read_only=True)
    mirnas = LinkField(many=True, read_only=True)
    compounds = LinkField(many=True, read_only=True)
    strategies = LinkField(many=True, read_only=True)

    class Meta:
        model = Mechanism
        fields = [
            *CuratedSerializer.common_fields,
            "category",
            "therapy_context",
            "parent",
            "children",
            "genes",
            "biomarkers",
            "mirnas",
            "compounds",
            "strategies",
        ]
        read_only_fields = CuratedSerializer.common_read_only


class StrategySerializer(CuratedSerializer):
    mechanisms = LinkField(many=True, read_only=True)
    compounds = LinkField(many=True, read_only=True)

    class Meta:
        model = Strategy
        fields = [*CuratedSerializer.common_fields, "kind", "therapy_context", "mechanisms", "compounds"]
        read_only_fields = CuratedSerializer.common_read_only


class CellLineSerializer(CuratedSerializer):
    cellosaurus_url = serializers.CharField(read_only=True)

    class Meta:
        model = CellLine
        fields = [*CuratedSerializer.common_fields, "cellosaurus_accession", "cellosaurus_url", "culture_conditions"]
        read_only_fields = CuratedSerializer.common_read_only


class CellLineSubgroupSerializer(CuratedSerializer):
    class Meta:
        model = CellLineSubgroup
        fields = [*CuratedSerializer.common_fields, "molecular_subtypes", "molecular_subtypes_as_printed"]
        read_only_fields = CuratedSerializer.common_read_only


class ModelSystemFeatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModelSystemFeature
        fields = ["position", "text", "text_as_printed", "locator", "line"]


class ModelSystemSerializer(CuratedSerializer):
    features = ModelSystemFeatureSerializer(many=True, read_only=True)

    class Meta:
        model = ModelSystem
        fields = [*CuratedSerializer.common_fields, "kind", "features"]
        read_only_fields = CuratedSerializer.common_read_only
