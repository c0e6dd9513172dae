import pytest


@pytest.fixture
def checklist(world):
    from paraat.supportpoints.services import facilities_ensure_defaults

    facilities_ensure_defaults(region=world.region, actor=world.users["admin"])
    from paraat.supportpoints.models import Facility

    return {f.code: f for f in Facility.objects.filter(region=world.region)}


@pytest.fixture
def local_a(world):
    from paraat.supportpoints.factories import SupportPointFactory

    return SupportPointFactory(municipality=world.mun_a, name="Dorpshuis Aadorp")
