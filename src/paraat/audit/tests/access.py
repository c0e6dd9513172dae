from paraat.testing import ADMINS, Case, region_kwargs

MATRIX = [Case("audit:list", region_kwargs, get=ADMINS)]
