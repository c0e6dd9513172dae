import pytest


@pytest.fixture
def tables(world):
    """A table led by the theme-lead persona and one led by nobody, in the world's region."""
    from paraat.programme.factories import ThemeTableFactory
    from paraat.testing import THEME_LEAD

    own = ThemeTableFactory(region=world.region, name="Eigen tafel", lead=world.users[THEME_LEAD])
    other = ThemeTableFactory(region=world.region, name="Andere tafel")
    return own, other


def login(client, world, persona):
    client.force_login(world.users[persona])
    return client
