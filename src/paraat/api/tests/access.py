"""The token pages in the permission matrix (the /api/v1/ endpoints have their own coverage
test in test_endpoints.py: an API list answers 200 with what the reader may see, not 403)."""

from paraat.testing import ADMINS, SIGNED_IN, Case, region_kwargs


def _own_token(world):
    from paraat.api.services import api_token_create

    token, _secret = api_token_create(
        user=world.users["admin"], name="matrix", actor=world.users["admin"]
    )
    world.extra["token"] = token


MATRIX = [
    Case("api_tokens:own", get=SIGNED_IN, post=SIGNED_IN),
    Case(
        "api_tokens:revoke",
        kwargs=lambda w: {"pk": w.extra["token"].pk},
        setup=_own_token,
        post=ADMINS,
    ),
    Case("api_region_tokens:index", kwargs=region_kwargs, get=ADMINS),
    Case("api_region_tokens:create", kwargs=region_kwargs, get=ADMINS, post=ADMINS),
    Case(
        "api_region_tokens:revoke",
        kwargs=lambda w: {**region_kwargs(w), "pk": w.extra["token"].pk},
        setup=_own_token,
        post=ADMINS,
    ),
]
