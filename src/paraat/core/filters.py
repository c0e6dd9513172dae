"""The base of every filter form: a GET form that validates the query string of a page and of
its exports alike. Its ids are `f-<name>` (the pages' and tests' hooks), labels carry no colon,
and a field with an invalid value points at its error text (`aria-describedby`), which the
shared template `includes/filter_form.html` renders beside it. An invalid value is left out of
`cleaned_data`, so the filter does not apply and the page says why; it never causes an error
page."""

from __future__ import annotations

from django import forms


class FilterForm(forms.Form):
    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "f-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:  # the error text is read with the field
                self.fields[name].widget.attrs["aria-describedby"] = f"f-{name}-error"
