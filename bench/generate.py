"""A synthetic workload for the benchmark: N more published records spread over the kinds, with links.

Never part of the fixtures: it writes straight into the configured (benchmark) database.
Run with the knowledge base's settings: ``python -m bench.generate 100000``.
"""

import os
import random
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from biomarkers.models import Biomarker, MicroRNA  # noqa: E402
from kb.delivery import versioning  # noqa: E402
from kb.models import SearchEntry, Source  # noqa: E402
from kb.search import index, scoring  # noqa: E402
from mechanisms.models import Mechanism  # noqa: E402
from trials.models import Compound, Trial  # noqa: E402

SHARES = {MicroRNA: 0.35, Compound: 0.25, Mechanism: 0.15, Biomarker: 0.15, Trial: 0.10}
WORDS = (
    "kinase inhibitor resistance efflux repair signalling pathway receptor mutation expression tumour "
    "chemotherapy endocrine targeted apoptosis proliferation hypoxia stroma"
).split()


def sentence(rng) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "."


@transaction.atomic
def generate(total: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    source = Source.objects.get(slug="review")
    common = {"status": "published", "source": source, "locator": "synthetic", "quote": "", "version": 1}
    made = {}
    for model, share in SHARES.items():
        count = int(total * share)
        objects = []
        for i in range(count):
            fields = {
                "slug": f"syn-{model._meta.model_name}-{i}",
                "name": f"Synthetic {model._meta.verbose_name} {i}",
                "description": sentence(rng),
                **common,
            }
            if model is MicroRNA:
                fields.update(
                    name=f"hsa-miR-{10000 + i}-5p",
                    direction=rng.choice(["up", "down"]),
                    fold_change=round(rng.uniform(0.1, 6), 2),
                    fold_change_as_printed="",
                )
            elif model is Compound:
                fields.update(drug_class=rng.choice(["Kinase inhibitor", "PARP inhibitor", "Antibody"]))
            elif model in (Mechanism, Biomarker):
                fields.update(
                    therapy_context=rng.choice(["any", "chemotherapy", "endocrine"]), category="cellular"
                ) if model is Mechanism else fields.update(kind="gene_expression", therapy_context="any")
            elif model is Trial:
                fields.update(
                    nct_id=f"NCT9{i:07d}",
                    slug=f"nct9{i:07d}",
                    phase=rng.choice(["phase1", "phase2"]),
                    recruitment_status="completed",
                )
            objects.append(model(**fields))
        made[model] = model.objects.bulk_create(objects, batch_size=2000)
    mechanisms, biomarkers = list(Mechanism.objects.all()), list(Biomarker.objects.all())
    links = [
        MicroRNA.mechanisms.through(microrna_id=m.pk, mechanism_id=rng.choice(mechanisms).pk) for m in made[MicroRNA]
    ]
    MicroRNA.mechanisms.through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
    links = [
        Compound.biomarkers.through(compound_id=c.pk, biomarker_id=rng.choice(biomarkers).pk) for c in made[Compound]
    ]
    Compound.biomarkers.through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
    compounds = made[Compound]
    links = [Trial.compounds.through(trial_id=t.pk, compound_id=rng.choice(compounds).pk) for t in made[Trial]]
    Trial.compounds.through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
    entries = []
    for model, records in made.items():  # indexed as index_record would, in batches
        content_type = ContentType.objects.get_for_model(model)
        ids = [record.pk for record in records]
        for start in range(0, len(ids), 2000):
            batch = model.objects.filter(pk__in=ids[start : start + 2000])
            for record in batch.prefetch_related(*model.search_prefetch):
                terms = index.record_terms(record)
                entries.append(
                    SearchEntry(
                        content_type=content_type,
                        object_id=record.pk,
                        kind=model._meta.verbose_name,
                        name=record.name,
                        status="published",
                        **{f"terms_{weight}": terms.get(weight, "") for weight in scoring.WEIGHTS},
                    )
                )
    SearchEntry.objects.bulk_create(entries, batch_size=5000)
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(vector__isnull=True).update(vector=index.search_vector())
    versioning.bump()
    if connection.vendor == "postgresql":  # as after any bulk load: the planner's statistics of the new rows
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"generated {sum(len(r) for r in made.values())} records")


if __name__ == "__main__":
    generate(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
