"""Traffic Light Protocol 2.0: one set of labels for everything in Paraat that carries one
(knowledge items, reports, the binder, plans' paper copies), so labels compare across apps.

The stored value is the label's own name ("AMBER+STRICT"), so `TLP:{value}` is the label.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


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


def tlp_change_check(*, actor, obj, new: str, reason: str) -> None:
    """The one rule for changing a label: a reason always; only the author's organisation
    lowers it (`core.lower_tlp`); coordinators may also raise it (`core.raise_tlp`)."""
    old = obj.tlp
    if new == old:
        return
    if not reason.strip():
        raise ValidationError({"tlp_reason": _("Say why the TLP label changes.")})
    lowering = TLP_ORDER.index(new) < TLP_ORDER.index(old)
    perm = "core.lower_tlp" if lowering else "core.raise_tlp"
    if not actor.has_perm(perm, obj):
        raise ValidationError(
            {
                "tlp": _("Only the organisation that wrote it may lower its TLP label.")
                if lowering
                else _("You may not raise this TLP label.")
            }
        )
