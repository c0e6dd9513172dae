"""Factories for tests and for `paraat generate_data` (national-scale data sets)."""

import factory

from .models import Contact, Municipality, Partner, PartnerKind, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"X{n:03d}"[:4])
    name = factory.LazyAttribute(lambda o: f"Veiligheidsregio {o.code}")
    short_name = factory.LazyAttribute(lambda o: o.code)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"GM{5000 + n:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n:03d}")
    population = factory.Faker("random_int", min=5000, max=180000)
    population_year = 2025
    centroid_lat = factory.Faker("pyfloat", min_value=50.8, max_value=53.4)
    centroid_lon = factory.Faker("pyfloat", min_value=3.5, max_value=7.1)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = PartnerKind.OTHER


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Contactpersoon {n}")
    function = "Adviseur"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = "010-0000000"
    outage_reachability = "Via het gemeentehuis, ingang achterzijde."
