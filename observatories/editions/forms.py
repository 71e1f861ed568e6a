import datetime

from django import forms

from .selectors import Dataset


class EditionsForm(forms.Form):
    """Two editions of a dataset, among those stored (read from the query string)."""

    avant = forms.TypedChoiceField(label="Édition de référence", coerce=datetime.date.fromisoformat)
    apres = forms.TypedChoiceField(label="Édition comparée", coerce=datetime.date.fromisoformat)

    def __init__(self, data, *, dataset: Dataset, editions: list[datetime.date]):
        choices = [(edition.isoformat(), dataset.edition_label(edition)) for edition in editions]
        super().__init__(data)
        for name in ("avant", "apres"):
            field = self.fields[name]
            field.choices = choices
            field.error_messages["invalid_choice"] = (
                "Cette édition n'existe pas dans ce jeu de données : choisissez-en une de la liste."
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("avant") and cleaned.get("avant") == cleaned.get("apres"):
            raise forms.ValidationError("Choisissez deux éditions différentes.")
        return cleaned
