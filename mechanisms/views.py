from django.db.models import Prefetch

from kb.web.generic import RecordDetailView, RecordListView

from .filtersets import (
    CellLineFilterSet,
    CellLineSubgroupFilterSet,
    MechanismFilterSet,
    ModelSystemFilterSet,
    StrategyFilterSet,
)
from .models import CellLine, CellLineSubgroup, Mechanism, ModelSystem, Strategy


class MechanismListView(RecordListView):
    model = Mechanism
    filterset_class = MechanismFilterSet
    template_name = "mechanisms/mechanism_list.html"
    api_list = "mechanism-list"
    intro = (
        "Molecular routes by which breast tumour cells escape a therapy, each in the therapy context the review gives."
    )
    columns = (
        ("Category", "get_category_display"),
        ("Therapy", "get_therapy_context_display"),
        ("Part of", "parent"),
        ("Genes", "genes"),
    )


class MechanismDetailView(RecordDetailView):
    model = Mechanism
    template_name = "mechanisms/mechanism_detail.html"
    facts = (
        ("Category", "get_category_display", ""),
        ("Therapy context", "get_therapy_context_display", ""),
        ("Part of", "parent", ""),
    )
    links = (
        ("Narrower mechanisms", "children"),
        ("Genes", "genes"),
        ("Biomarkers that signal it", "biomarkers"),
        ("MicroRNAs", "mirnas"),
        ("Compounds that counter it", "compounds"),
        ("Strategies that address it", "strategies"),
    )

    def get_queryset(self):
        """The record, and for its graph the trials and biomarkers of the compounds that counter it."""
        user = self.request.user
        compounds = Mechanism._meta.get_field("compounds").related_model.objects
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("compounds__trials", queryset=compounds.link_queryset("trials", user)),
                Prefetch("compounds__biomarkers", queryset=compounds.link_queryset("biomarkers", user)),
            )
        )

    def get_context_data(self, **kwargs):
        trials = {trial.pk: trial for compound in self.object.compounds.all() for trial in compound.trials.all()}
        trials = sorted(trials.values(), key=lambda trial: trial.nct_id)
        context = super().get_context_data(trials=trials, **kwargs)
        # Reached through the compounds, not linked to the mechanism: no statement of their own.
        context["link_groups"].append(("Trials of those compounds", [(trial, None) for trial in trials]))
        context["only_named"] = not any(items for _, items in context["link_groups"])
        context["statement_groups"] = statement_groups(self.object)
        return context


def statement_groups(record) -> list[tuple[str, list]]:
    """The statements about a record (those behind its links), grouped by the kind of link they state."""
    if record.attached_evidence is None:
        record.evidence("genes", record)  # reads them all, once
    groups: dict[str, list] = {}
    for (side, relation, kind, _), statements in sorted(record.attached_evidence.items()):
        if side == "subject":
            heading = f"{record._meta.verbose_name.capitalize()} → {relation}"
        else:
            heading = f"{kind} → {record._meta.verbose_name_plural}".capitalize()
        groups.setdefault(heading, []).extend(statements)
    return sorted(groups.items())


class StrategyListView(RecordListView):
    model = Strategy
    filterset_class = StrategyFilterSet
    template_name = "mechanisms/strategy_list.html"
    api_list = "strategy-list"
    intro = "Ways to overcome resistance, and the review's seven nanoparticle delivery strategies."
    columns = (("Kind", "get_kind_display"), ("Therapy", "get_therapy_context_display"), ("Mechanisms", "mechanisms"))


class StrategyDetailView(RecordDetailView):
    model = Strategy
    template_name = "mechanisms/strategy_detail.html"
    facts = (("Kind", "get_kind_display", ""), ("Therapy context", "get_therapy_context_display", ""))
    links = (("Mechanisms it addresses", "mechanisms"), ("Compounds", "compounds"))


class CellLineListView(RecordListView):
    model = CellLine
    filterset_class = CellLineFilterSet
    template_name = "mechanisms/cellline_list.html"
    api_list = "cellline-list"
    columns = (("Cellosaurus", "cellosaurus_accession"), ("Culture conditions", "culture_conditions"))


class CellLineDetailView(RecordDetailView):
    model = CellLine
    template_name = "mechanisms/cellline_detail.html"
    facts = (("Culture conditions", "culture_conditions", ""),)
    identifiers = (("Cellosaurus", "cellosaurus_accession", "cellosaurus_url"),)


class CellLineSubgroupListView(RecordListView):
    model = CellLineSubgroup
    filterset_class = CellLineSubgroupFilterSet
    template_name = "mechanisms/celllinesubgroup_list.html"
    api_list = "celllinesubgroup-list"
    intro = "Subgroups of breast cancer cell lines in suspension culture (Table 6)."
    columns = (("Molecular subtypes", "molecular_subtypes"),)


class CellLineSubgroupDetailView(RecordDetailView):
    model = CellLineSubgroup
    template_name = "mechanisms/celllinesubgroup_detail.html"
    facts = (("Molecular subtypes", "molecular_subtypes", "molecular_subtypes_as_printed"),)


class ModelSystemListView(RecordListView):
    model = ModelSystem
    filterset_class = ModelSystemFilterSet
    template_name = "mechanisms/modelsystem_list.html"
    api_list = "modelsystem-list"
    columns = (("Kind", "get_kind_display"),)


class ModelSystemDetailView(RecordDetailView):
    model = ModelSystem
    template_name = "mechanisms/modelsystem_detail.html"
    facts = (("Kind", "get_kind_display", ""),)
