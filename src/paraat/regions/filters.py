"""The sub-region filter, one field for every page and export that can be narrowed to a
sub-region (dashboard, plan against reality). A region without sub-regions gets no field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from paraat.core.filters import FilterForm

from .models import SubRegion


def sub_region_field(sub_regions: list[SubRegion]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Sub-region"),
        choices=[("", _("all sub-regions")), *((s.pk, s.name) for s in sub_regions)],
        coerce=int,
        required=False,
        empty_value=None,
    )


class SubRegionFilterForm(FilterForm):
    """Only the sub-region (`?sub_region=<id>`), of the region's own sub-regions."""

    def __init__(self, data, *, sub_regions: list[SubRegion]):
        super().__init__(data)
        self.sub_regions = {s.pk: s for s in sub_regions}
        if sub_regions:
            self.fields["sub_region"] = sub_region_field(sub_regions)

    @property
    def chosen(self) -> SubRegion | None:
        """The chosen sub-region; None for none, or for an invalid value (its error shown)."""
        self.is_valid()
        return self.sub_regions.get(self.cleaned_data.get("sub_region"))
