from paraat.testing import NATIONAL, Case

MATRIX = [Case("national:index", get=frozenset({NATIONAL}))]
