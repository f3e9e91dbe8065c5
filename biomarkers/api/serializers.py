from rest_framework import serializers

from biomarkers.models import Biomarker, MicroRNA
from kb.api import CuratedSerializer, LinkField


class BiomarkerSerializer(CuratedSerializer):
    genes = LinkField("name", many=True, read_only=True)
    mechanisms = LinkField(many=True, read_only=True)
    mirnas = LinkField(many=True, read_only=True)
    compounds = LinkField(many=True, read_only=True)
    trials = LinkField("nct_id", many=True, read_only=True)

    class Meta:
        model = Biomarker
        fields = [
            *CuratedSerializer.common_fields,
            "kind",
            "therapy_context",
            "genes",
            "mechanisms",
            "mirnas",
            "compounds",
            "trials",
        ]
        read_only_fields = CuratedSerializer.common_read_only


class MicroRNASerializer(CuratedSerializer):
    mirbase_url = serializers.CharField(read_only=True)
    mechanisms = LinkField(many=True, read_only=True)
    biomarkers = LinkField(many=True, read_only=True)

    class Meta:
        model = MicroRNA
        fields = [
            *CuratedSerializer.common_fields,
            "mirbase_accession",
            "mirbase_url",
            "direction",
            "direction_as_printed",
            "fold_change",
            "fold_change_as_printed",
            "mechanisms",
            "biomarkers",
        ]
        read_only_fields = CuratedSerializer.common_read_only
