from paraat.testing import REGION_MEMBERS, SIGNED_IN, Case, region_kwargs

MATRIX = [
    Case("set_language", public=True, post=SIGNED_IN),
    Case("core:home", get=SIGNED_IN),
    Case("core:region_home", region_kwargs, get=REGION_MEMBERS),
]
