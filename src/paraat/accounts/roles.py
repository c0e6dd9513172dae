"""The roles of BRIEF.md. A Membership gives a user one role in one organisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Functional administrator")
    COORDINATOR = "coordinator", _("Programme coordinator / secretary")
    CFG = "cfg", _("Coordinating municipal official (CFG)")
    MUNICIPAL_CONTACT = "municipal_contact", _("Municipal resilience contact")
    THEME_LEAD = "theme_lead", _("Theme table lead")
    STEERING = "steering", _("Steering group member")
    BOARD = "board", _("Board member")
    PARTNER = "partner", _("Crisis partner")
    NATIONAL = "national", _("National reader")


# Region staff see every municipality of their region in full.
STAFF_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.CFG})
# Roles that must use two-factor sign-in when PARAAT_REQUIRE_2FA is on.
TWO_FACTOR_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.CFG})
# Roles an administrator may grant in a region (to a person, or to an organisation's API
# token): every role but the national reader, who belongs to no region.
GRANTABLE_ROLES = frozenset(Role) - {Role.NATIONAL}
# Roles that only read.
READ_ONLY_ROLES = frozenset({Role.BOARD, Role.STEERING, Role.PARTNER, Role.NATIONAL})
