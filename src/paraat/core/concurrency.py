"""Optimistic locking: two people editing the same thing never overwrite each other silently.

A versioned model has `version = models.PositiveIntegerField(default=1)`; its edit form carries
the version it was loaded with (`VersionField`); the service locks the row, calls
`check_version` and bumps the version in the same transaction.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class StaleEdit(ValidationError):
    """Someone else saved this object after the form was opened."""

    def __init__(self, current, message=None):
        super().__init__(
            message
            or _(
                "Someone else changed this in the meantime. Their version is shown below; "
                "your changes are still in the form. Check them and save again."
            ),
            code="stale",
        )
        self.current = current


def check_version(locked, expected: int | None, *, message=None, current: str = "version") -> None:
    """Raise StaleEdit when the locked row's version differs from the one the form was loaded
    with. `expected=None` means a new object or a caller without a form (commands). `message`
    replaces the default where a page does not show the other version; `current` names the
    field that holds the version."""
    if expected is not None and getattr(locked, current) != expected:
        raise StaleEdit(locked, message)


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
