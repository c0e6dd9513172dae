from paraat.testing import ADMINS, NOBODY, SIGNED_IN, Case, World, region_kwargs


def _setup(world: World) -> None:
    from paraat.sso.factories import AccessRequestFactory, IdentityProviderFactory

    provider = IdentityProviderFactory(region=world.region, domains=["aadorp.nl"])
    world.extra["provider"] = provider
    world.extra["access_request"] = AccessRequestFactory(provider=provider, region=world.region)


def _provider(world: World) -> dict:
    return {"region_code": world.region.slug, "pk": world.extra["provider"].pk}


def _request(world: World) -> dict:
    return {"region_code": world.region.slug, "pk": world.extra["access_request"].pk}


MATRIX = [
    Case("sso:providers", region_kwargs, get=ADMINS),
    Case("sso:provider_add", region_kwargs, get=ADMINS, post=ADMINS),
    Case("sso:provider_edit", _provider, setup=_setup, get=ADMINS, post=ADMINS),
    Case("sso:provider_remove", _provider, setup=_setup, get=ADMINS, post=ADMINS),
    Case("sso:requests", region_kwargs, get=ADMINS),
    Case("sso:request_grant", _request, setup=_setup, get=ADMINS, post=ADMINS),
    Case("sso:request_dismiss", _request, setup=_setup, get=NOBODY, post=ADMINS),
    # The flow itself: anyone may start it; coming back from the provider without a flow in
    # the session is refused (403); the no-access page is for whoever is signed in.
    Case("sso_flow:start", public=True, get=SIGNED_IN),
    Case("sso_flow:callback", get=NOBODY),
    Case("sso_flow:no_access", get=SIGNED_IN),
]
