"""The search's query string: the words (bounded as every list's text box) and the
facets chosen. A facet value of the wrong shape is ignored; a well-formed one that
names nothing finds nothing."""

from django import forms

from scoran.lib.lists import SEARCH_MAX_LENGTH, SearchField

from .selectors import Choices


class SearchForm(forms.Form):
    q = SearchField(
        label="Rechercher sur le portail",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": "Votre recherche est trop longue : %(limit_value)d caractères au plus."
        },
    )
    type = forms.RegexField(regex=r"^[a-z-]{1,40}$", required=False)
    departement = forms.RegexField(regex=r"^[0-9][0-9AB][0-9]?$", required=False)
    orientation = forms.RegexField(regex=r"^[0-9]{1,3}$", required=False)

    def words(self) -> str:
        """The words to search ("" when none, or too long: the form says so)."""
        self.is_valid()
        return self.cleaned_data.get("q", "")

    def choices(self) -> Choices:
        self.is_valid()
        data = self.cleaned_data
        return Choices(
            kind=data.get("type") or "",
            department=data.get("departement") or "",
            orientation=data.get("orientation") or "",
        )
