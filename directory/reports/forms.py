"""The form to report an error on an item (any reportable kind)."""

from django import forms

from ..models import ErrorReport

MESSAGE_LENGTH = 2000


class ErrorReportForm(forms.ModelForm):
    message = forms.CharField(
        label="Quelle erreur avez-vous vue ?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MESSAGE_LENGTH,
        help_text="Par exemple : information dépassée, lien cassé, chiffre faux.",
        error_messages={"required": "Décrivez l'erreur constatée."},
    )
    email = forms.EmailField(
        label="Votre adresse électronique (facultatif)",
        required=False,
        help_text="Seulement pour vous répondre ; elle n'est pas publiée et elle est "
        "effacée dès que le signalement est traité.",
        error_messages={
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."
        },
    )

    class Meta:
        model = ErrorReport
        fields = ["message", "email"]
