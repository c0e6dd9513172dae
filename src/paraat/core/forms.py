"""Forms show what the services refuse: the rule lives in the service, the form shows it."""

from django.core.exceptions import ValidationError


def service_errors_show(form, error: ValidationError) -> None:
    """Put a service's ValidationError (StaleEdit included) into the form that asked for the
    change: each field's messages at that field where the form has it, the rest above it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
