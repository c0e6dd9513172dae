"""Factories for tests and for `paraat generate_data`."""

import factory

from paraat.regions.factories import MunicipalityFactory

from .models import Facility, PointKind, PointStatus, PopulatedPlace, SupportPoint


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    region = factory.SubFactory("paraat.regions.factories.RegionFactory")
    code = factory.Sequence(lambda n: f"facility-{n}")
    name = factory.Sequence(lambda n: f"Voorziening {n}")
    weight = 1


class SupportPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportPoint

    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.LazyAttribute(lambda o: o.municipality.region)
    kind = PointKind.LOCAL
    name = factory.Sequence(lambda n: f"Dorpshuis {n}")
    address = factory.Sequence(lambda n: f"Dorpsstraat {n}, Ergens")
    latitude = factory.LazyAttribute(lambda o: (o.municipality.centroid_lat or 52.2) + 0.01)
    longitude = factory.LazyAttribute(lambda o: (o.municipality.centroid_lon or 6.0) + 0.01)
    status = PointStatus.CANDIDATE


class PopulatedPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulatedPlace

    region = factory.SubFactory("paraat.regions.factories.RegionFactory")
    name = factory.Sequence(lambda n: f"Buurtschap {n}")
    latitude = 52.2
    longitude = 6.0
    residents = 1200
