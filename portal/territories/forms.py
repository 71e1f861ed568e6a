from django import forms

QUERY_MAX_LENGTH = 100


class CommuneSearchForm(forms.Form):
    """« Votre commune »: a name, a postcode or an INSEE code."""

    q = forms.CharField(
        label="Votre commune",
        help_text="Nom, code postal ou code INSEE, par exemple « Dijon », « 21000 » ou « 21231 ».",
        max_length=QUERY_MAX_LENGTH,
        error_messages={
            "required": "Saisissez le nom, le code postal ou le code INSEE d'une commune.",
            "max_length": "Saisissez au plus %(limit_value)d caractères (vous en avez saisi "
            "%(show_value)d).",
        },
    )
