"""Records the tests add beside the loaded knowledge base: published, named in sequence, linked as asked."""

import factory

from mechanisms.models import Mechanism
from trials.models import Compound, Trial


class MechanismFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mechanism

    slug = factory.Sequence(lambda n: f"test-mechanism-{n}")
    name = factory.Sequence(lambda n: f"Test mechanism {n}")
    category = "cellular"
    therapy_context = "any"
    status = "published"


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound
        skip_postgeneration_save = True  # the links are set on the saved record

    slug = factory.Sequence(lambda n: f"test-compound-{n}")
    name = factory.Sequence(lambda n: f"Test compound {n}")
    status = "published"

    @factory.post_generation
    def mechanisms(self, create, extracted, **kwargs):
        if create and extracted:
            self.mechanisms.set(extracted)


class TrialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trial
        skip_postgeneration_save = True

    nct_id = factory.Sequence(lambda n: f"NCT9{n:07d}")
    slug = factory.LazyAttribute(lambda trial: trial.nct_id.lower())
    name = factory.LazyAttribute(lambda trial: f"Trial {trial.nct_id}")
    phase = "phase2"
    status = "published"

    @factory.post_generation
    def compounds(self, create, extracted, **kwargs):
        if create and extracted:
            self.compounds.set(extracted)
