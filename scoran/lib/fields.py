"""Model fields every app may use: a list of choices edited as checkboxes, and a web
address the site publishes as a link (http or https only, held by the database too).

A link a page shows is clicked by visitors: ``javascript:``, ``data:``, ``ftp:`` or
``file:`` addresses are refused by the form (``validate_web_address``) and by the
database (``web_address_constraint``), whoever writes the row (admin, import, shell).
"""

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core.validators import URLValidator
from django.db import models

WEB_SCHEMES = ("http", "https")

validate_web_address = URLValidator(
    schemes=list(WEB_SCHEMES),
    message="Saisissez une adresse web complète, commençant par http:// ou https://.",
)


class ChoiceArrayField(ArrayField):
    """A list of choices, edited as checkboxes (not as comma-separated text)."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.base_field.choices,
            coerce=self.base_field.to_python,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )


class WebAddressFormField(forms.URLField):
    """The form's side: one French message for any address that is not http(s)."""

    default_validators = [validate_web_address]
    default_error_messages = {"invalid": validate_web_address.message}


class WebAddressField(models.URLField):
    """A web address shown as a link: http or https only; typed without its scheme
    ("example.fr"), it becomes https://. Pair it with ``web_address_constraint``."""

    default_validators = [validate_web_address]

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": WebAddressFormField, "assume_scheme": "https", **kwargs}
        )


def web_address_constraint(field: str, *, name: str) -> models.CheckConstraint:
    """The database's side of ``WebAddressField``: empty, or http(s)://…"""
    return models.CheckConstraint(
        condition=models.Q(**{field: ""}) | models.Q(**{f"{field}__iregex": r"^https?://"}),
        name=name,
    )
