"""A service's refusal lands next to the field it names, or at the top of the form."""

from django import forms
from django.core.exceptions import ValidationError

from scoran.lib.forms import add_service_error


class TitleForm(forms.Form):
    title = forms.CharField()


def test_a_refusal_keyed_by_a_field_of_the_form_goes_next_to_it():
    form = TitleForm({"title": "Projet"})
    assert form.is_valid()
    add_service_error(
        form, ValidationError({"title": "Titre déjà pris.", "slug": "Adresse prise."})
    )
    assert form.errors["title"] == ["Titre déjà pris."]
    assert form.non_field_errors() == ["Adresse prise."]  # no such field: at the top


def test_a_refusal_without_field_goes_at_the_top():
    form = TitleForm({"title": "Projet"})
    assert form.is_valid()
    add_service_error(form, ValidationError("Ce projet attend une relecture."))
    assert form.non_field_errors() == ["Ce projet attend une relecture."]
    assert "title" not in form.errors
