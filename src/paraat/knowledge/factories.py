"""Factories for tests and `paraat generate_data`. Items are indexed for search on SQLite."""

import factory

from paraat.accounts.factories import UserFactory
from paraat.regions.factories import RegionFactory

from . import search
from .models import TLP, Kind, KnowledgeItem, Question, QuestionStatus


class KnowledgeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KnowledgeItem
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Kennisitem {n}")
    summary = "Een korte samenvatting."
    body = "Tekst van het kennisitem."
    kind = Kind.GOOD_PRACTICE
    tlp = TLP.GREEN
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def recipients(self, create, extracted, **kwargs):
        if create and extracted:
            self.recipients.set(extracted)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create:
            search.index_item(self)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Vraag {n}")
    text = "Hoe pakken andere gemeenten dit aan?"
    status = QuestionStatus.NEW
    asked_by = factory.SubFactory(UserFactory)
