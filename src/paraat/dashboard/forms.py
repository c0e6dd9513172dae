"""The dashboard's filters as one form: it validates the query string for the pages and the
exports alike, with its choices from what the page is counted from (`selectors.FilterOptions`).

A value that is not one of the choices is left out (the filter does not apply) and the form
says why, in Dutch; it never causes an error page. Only `?round=` that names no closed round is
refused (404) before the form, by `selectors.overview_source`: a closed round's figures are
never replaced by live ones.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from paraat.core.filters import FilterForm
from paraat.regions.filters import sub_region_field

from .selectors import FilterOptions, Filters, Quarter


def quarter_value(quarter: Quarter) -> str:
    """A due quarter as it travels in the query string: "2026-2"."""
    return f"{quarter.year}-{quarter.quarter}"


def _quarter(value: str) -> Quarter:
    year, quarter = (int(part) for part in value.split("-"))
    return Quarter(year, quarter)


class DashboardFilterForm(FilterForm):
    """Category, owner, due quarter, closed round and sub-region. Fields without options are
    left out: no round field where the page is always live, no sub-region field in a region
    without sub-regions."""

    category = forms.TypedChoiceField(
        label=_("Category"), coerce=int, required=False, empty_value=None
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    due = forms.TypedChoiceField(
        label=_("Due quarter"), coerce=_quarter, required=False, empty_value=None
    )
    round = forms.TypedChoiceField(label=_("Round"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, options: FilterOptions, rounds: bool = True, due: bool = True):
        super().__init__(data)
        fields = self.fields
        fields["category"].choices = [("", _("all categories")), *options.categories]
        fields["owner"].choices = [("", _("all owners")), *options.owners]
        if due:
            fields["due"].choices = [
                ("", _("all quarters")),
                *((quarter_value(q), str(q)) for q in options.due_quarters),
            ]
        else:
            del fields["due"]
        if rounds:
            fields["round"].choices = [
                ("", _("today (live)")),
                *((r.pk, r.name) for r in options.rounds),
            ]
        else:
            del fields["round"]
        if options.sub_regions:
            fields["sub_region"] = sub_region_field(options.sub_regions)

    @property
    def filters(self) -> Filters:
        """The valid values; an invalid one is left out (its error is on the form)."""
        self.is_valid()
        data = self.cleaned_data
        return Filters(
            category=data.get("category"),
            owner=data.get("owner") or "",
            due=data.get("due"),
            round_id=data.get("round"),
            sub_region=data.get("sub_region"),
        )
