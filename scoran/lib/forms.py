"""What forms of every feature share."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal (a French ``ValidationError``) shown next to the field it
    names when the form has that field, else at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
