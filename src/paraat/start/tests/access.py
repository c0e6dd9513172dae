from paraat.testing import REGION_MEMBERS, SIGNED_IN, Case, region_kwargs

MATRIX = [
    Case("start:home", get=SIGNED_IN),
    Case("start:region_home", region_kwargs, get=REGION_MEMBERS),
]
