"""Factories for tests and for `paraat generate_data`.

Status updates are best made through `services.status_update_record` (it keeps `ItemProgress`
in step); `StatusUpdateFactory` does the same bookkeeping for quick test data.
"""

import datetime as dt

import factory

from django.utils import timezone

from paraat.regions.factories import MunicipalityFactory, RegionFactory

from .models import (
    ActionItem,
    AgreementSet,
    Category,
    ItemProgress,
    MeasurementRound,
    OwnerType,
    Status,
    StatusUpdate,
    Submission,
    SubmissionStatus,
)


class AgreementSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementSet
        django_get_or_create = ("region", "name")

    region = factory.SubFactory(RegionFactory)
    name = "Bestuursafspraken weerbaarheid 2025–2027"
    period_start = 2025
    period_end = 2027
    adopted_on = dt.date(2025, 6, 1)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("agreement_set", "name")

    agreement_set = factory.SubFactory(AgreementSetFactory)
    name = factory.Sequence(lambda n: f"Categorie {n}")
    order = factory.Sequence(lambda n: n)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    category = factory.SubFactory(CategoryFactory)
    agreement_set = factory.LazyAttribute(lambda o: o.category.agreement_set)
    region = factory.LazyAttribute(lambda o: o.agreement_set.region)
    number = factory.Sequence(lambda n: f"{n // 10 + 1}.{n % 10 + 1}")
    text = factory.Sequence(lambda n: f"Actiepunt {n}: zorg dat het plan op orde is")
    owner_type = OwnerType.MUNICIPALITY
    due_year = 2026
    due_quarter = 2
    baseline = "Plan vastgesteld en bekend bij de crisisorganisatie."
    order = factory.Sequence(lambda n: n)


class MeasurementRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasurementRound

    agreement_set = factory.SubFactory(AgreementSetFactory)
    region = factory.LazyAttribute(lambda o: o.agreement_set.region)
    name = factory.Sequence(lambda n: f"Meetronde {n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=14))
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission
        django_get_or_create = ("round", "municipality")

    round = factory.SubFactory(MeasurementRoundFactory)
    municipality = factory.SubFactory(
        MunicipalityFactory, region=factory.SelfAttribute("..round.region")
    )
    region = factory.LazyAttribute(lambda o: o.round.region)
    status = SubmissionStatus.DRAFT


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    """Appends an update to a track and moves its `ItemProgress` along (no transition check)."""

    class Meta:
        model = StatusUpdate

    item = factory.SubFactory(ActionItemFactory)
    municipality = None
    region = factory.LazyAttribute(lambda o: o.item.region)
    status = Status.IN_PROGRESS
    explanation = "Loopt volgens planning."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        item = kwargs["item"]
        progress, _ = ItemProgress.objects.get_or_create(
            item=item,
            municipality=kwargs.get("municipality"),
            defaults={"region_id": item.region_id},
        )
        kwargs["progress"] = progress
        kwargs["sequence"] = progress.version + 1
        update = super()._create(model_class, *args, **kwargs)
        ItemProgress.objects.filter(pk=progress.pk).update(
            latest=update,
            status=update.status,
            version=update.sequence,
            updated_at=update.created_at,
        )
        return update
