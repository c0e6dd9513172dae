import factory

from paraat.accounts.factories import UserFactory
from paraat.regions.factories import RegionFactory

from .models import AccessRequest, IdentityProvider, ProviderDomain


class IdentityProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdentityProvider
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Identity provider {n}")
    issuer = "https://login.example.org/tenant"
    client_id = "paraat"
    client_secret = "factory-secret"

    @factory.post_generation
    def domains(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            for d in extracted or []:
                ProviderDomain.objects.create(provider=obj, domain=d)


class AccessRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessRequest

    provider = factory.SubFactory(IdentityProviderFactory)
    user = factory.SubFactory(UserFactory)
    region = factory.SelfAttribute("provider.region")
