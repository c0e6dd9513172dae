"""Traffic Light Protocol 2.0: one set of labels for everything in Paraat that carries one
(knowledge items, reports, the binder, plans' paper copies), so labels compare across apps.

The stored value is the label's own name ("AMBER+STRICT"), so `TLP:{value}` is the label.
"""

from django.db import models


class TLP(models.TextChoices):
    """From most to least shareable."""

    CLEAR = "CLEAR", "TLP:CLEAR"
    GREEN = "GREEN", "TLP:GREEN"
    AMBER = "AMBER", "TLP:AMBER"
    AMBER_STRICT = "AMBER+STRICT", "TLP:AMBER+STRICT"
    RED = "RED", "TLP:RED"


TLP_ORDER = [TLP.CLEAR, TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT, TLP.RED]


def tlp_max(*labels: str) -> str:
    """The most restrictive of the labels: a document is as confidential as its parts."""
    present = [label for label in labels if label]
    return max(present, key=TLP_ORDER.index) if present else TLP.AMBER
