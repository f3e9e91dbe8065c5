from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kb.api import CuratedSerializer, LinkField, RecordUrlField
from kb.api.fields import STATEMENT_SUMMARY_SCHEMA, SynonymSerializer, statement_summary
from trials.models import Compound, CompoundTarget, Trial


class CompoundTargetSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="gene.name")
    url = RecordUrlField(source="gene")
    statements = serializers.SerializerMethodField()

    class Meta:
        model = CompoundTarget
        fields = ["name", "url", "as_printed", "added_in_curation", "statements"]

    @extend_schema_field({"type": "array", "items": STATEMENT_SUMMARY_SCHEMA})
    def get_statements(self, target) -> list:
        """The statements that the compound targets the gene: printed (the source names the target) or inferred."""
        return [statement_summary(s, self.context) for s in target.compound.evidence("targets", target.gene)]


class CompoundSerializer(CuratedSerializer):
    synonyms = SynonymSerializer(many=True, read_only=True)
    targets = serializers.SerializerMethodField()
    target_details = CompoundTargetSerializer(source="target_links", many=True, read_only=True)
    chembl_url = serializers.CharField(read_only=True)
    mechanisms = LinkField(many=True, read_only=True)
    biomarkers = LinkField(many=True, read_only=True)
    strategies = LinkField(many=True, read_only=True)
    trials = LinkField("nct_id", many=True, read_only=True)

    class Meta:
        model = Compound
        fields = [
            *CuratedSerializer.common_fields,
            "synonyms",
            "drug_class",
            "drug_class_as_printed",
            "chembl_id",
            "chembl_url",
            "targets",
            "target_details",
            "mechanisms",
            "biomarkers",
            "strategies",
            "trials",
        ]
        read_only_fields = CuratedSerializer.common_read_only

    def get_targets(self, compound) -> list[str]:
        """The gene symbols of the compound's targets."""
        return [link.gene.name for link in compound.target_links.all()]


class TrialSerializer(CuratedSerializer):
    registry_url = serializers.CharField(read_only=True)
    registry_source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    compounds = LinkField(many=True, read_only=True)
    biomarkers = LinkField(many=True, read_only=True)

    class Meta:
        model = Trial
        fields = [
            *CuratedSerializer.common_fields,
            "nct_id",
            "registry_url",
            "intervention_as_printed",
            "subtype",
            "subtype_as_printed",
            "phase",
            "phase_as_printed",
            "trial_type",
            "trial_type_as_printed",
            "recruitment_status",
            "status_as_printed",
            "registry_phase",
            "registry_status",
            "registry_checked_on",
            "registry_as_of",
            "registry_source",
            "compounds",
            "biomarkers",
        ]
        read_only_fields = CuratedSerializer.common_read_only
