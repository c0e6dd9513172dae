from paraat.testing import SIGNED_IN, Case

MATRIX = [
    Case("set_language", public=True, post=SIGNED_IN),
]
