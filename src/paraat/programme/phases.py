"""What changes per programme phase (plan §3.1–§3.3), shown on the phase page."""

from django.utils.translation import gettext_lazy as _

PHASE_EFFECTS = {
    "cold": [
        _(
            "Steering group: builds the picture of national and administrative developments, "
            "monitors the progress of the theme tables and the municipalities."
        ),
        _("Programme team: daily direction and coordination of the programme."),
        _("Theme tables: work on their start documents, activities and planning."),
    ],
    "lukewarm": [
        _(
            "Steering group and programme team advise on scaling up as the threat increases, "
            "and prepare the hand-over to the operational crisis organisation."
        ),
        _(
            "Theme tables check which of their work continues as an action centre and which "
            "work stops or goes back to the line organisation."
        ),
        _("The emergency binder is within one click on every page."),
    ],
    "warm": [
        _("The steering group's tasks pass to the chair of the regional policy team (RBT)."),
        _("The programme team's role passes to the operational leader."),
        _(
            "Theme tables may become action centres under the regional operational team (ROT): "
            "merged into a thematic action centre, (partly) suspended or continued in the line."
        ),
        _("The emergency binder is within one click on every page."),
    ],
}
