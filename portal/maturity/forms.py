"""The questionnaire's pages (one form each: the profile, then a dimension's
questions, radio buttons in a fieldset with its legend) and the optional contact."""

from django import forms

from ..models.maturity import Kind, Sector, Size
from .questionnaire import Dimension

REQUIRED = "Choisissez une réponse à cette question."
INVALID = "Choisissez une des réponses proposées."
CONSENT = (
    "J'accepte que l'équipe d'animation du portail conserve mon adresse électronique et "
    "la relie à mes réponses pour me proposer un accompagnement. Je peux retirer ce "
    "contact à tout moment depuis la page de mon résultat."
)


def _radio(label: str, choices, *, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": REQUIRED, "invalid_choice": INVALID},
    )


class ProfileForm(forms.Form):
    """Page 1: who answers (none of it names the structure)."""

    def __init__(self, *args, departments: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"] = _radio("Votre département", departments)
        self.fields["secteur"] = _radio("Votre secteur d'activité", Sector.choices)
        self.fields["effectif"] = _radio("Votre effectif (tranche)", Size.choices)
        self.fields["nature"] = _radio("Vous êtes", Kind.choices)


class DimensionForm(forms.Form):
    """A dimension's page: one question per field, its choices worth 0 to 3 points."""

    def __init__(self, *args, dimension: Dimension, **kwargs):
        super().__init__(*args, **kwargs)
        for question in dimension.questions:
            self.fields[question.key] = _radio(
                question.text,
                list(zip(question.choice_keys(), question.choices, strict=True)),
                help_text=question.help,
            )


def valid_values(form: forms.Form) -> dict[str, str]:
    """The answers of a form sent back to the previous page: those that are valid,
    whatever the others (the person goes back before finishing the page)."""
    form.is_valid()
    return {name: form.cleaned_data[name] for name in form.fields if form.cleaned_data.get(name)}


class ContactForm(forms.Form):
    email = forms.EmailField(
        label="Votre adresse électronique",
        max_length=254,
        error_messages={
            "required": "Indiquez l'adresse à laquelle vous joindre.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.",
        },
    )
    consent = forms.BooleanField(
        label=CONSENT,
        error_messages={"required": "Cochez la case pour donner votre accord."},
    )
