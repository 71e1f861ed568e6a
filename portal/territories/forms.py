from django import forms
from django.urls import reverse_lazy

QUERY_MAX_LENGTH = 100


class CommuneSearchForm(forms.Form):
    """« Votre commune »: a name, a postcode or an INSEE code."""

    q = forms.CharField(
        label="Votre commune",
        help_text="Nom, code postal ou code INSEE, par exemple « Dijon », « 21000 » ou « 21231 ».",
        max_length=QUERY_MAX_LENGTH,
        # Suggestions while typing (observatories/js/address-combobox.js), when scripts run.
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "data-suggestions-url": reverse_lazy("territories:suggestions"),
                "data-suggestions-list": "communes-suggerees",
                "data-suggestions-status": "communes-annonce",
                "data-suggestions-one": "commune suggérée",
                "data-suggestions-many": "communes suggérées",
                "data-suggestions-none": "Aucune commune suggérée.",
                "data-suggestions-minimum": "2",
            }
        ),
        error_messages={
            "required": "Saisissez le nom, le code postal ou le code INSEE d'une commune.",
            "max_length": "Saisissez au plus %(limit_value)d caractères (vous en avez saisi "
            "%(show_value)d).",
        },
    )
