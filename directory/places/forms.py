"""Filters of the list of places and the form to report an error on a place."""

import django_filters
from django import forms
from django.db.models import Q

from observatories.models import Department

from ..models import ErrorReport, Place
from .standard import choices

MESSAGE_LENGTH = 2000


def _contains(field: str):
    """A filter on one value of a multi-valued column."""

    def method(queryset, name, value):
        return queryset.filter(**{f"{field}__contains": [value]}) if value else queryset

    return method


class PlaceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Nom, commune ou code postal", method="search", max_length=100
    )
    service = django_filters.ChoiceFilter(
        label="Service",
        choices=choices("services"),
        empty_label="Tous les services",
        method=_contains("services"),
    )
    public = django_filters.ChoiceFilter(
        label="Public",
        choices=choices("publics_specifiquement_adresses"),
        empty_label="Tous les publics",
        method=_contains("publics"),
    )
    frais = django_filters.ChoiceFilter(
        label="Frais",
        choices=choices("frais_a_charge"),
        empty_label="Toutes les conditions",
        method=_contains("costs"),
    )
    departement = django_filters.ModelChoiceFilter(
        label="Département",
        field_name="commune__department",
        queryset=Department.objects.all(),
        empty_label="Tous les départements",
    )

    class Meta:
        model = Place
        fields = []

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(commune__name__icontains=word)
                | Q(postcode__startswith=word)
            )
        return queryset


class ErrorReportForm(forms.ModelForm):
    message = forms.CharField(
        label="Quelle erreur avez-vous vue ?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MESSAGE_LENGTH,
        help_text="Par exemple : horaires changés, lieu fermé, mauvaise adresse.",
        error_messages={"required": "Décrivez l'erreur constatée."},
    )
    email = forms.EmailField(
        label="Votre adresse électronique (facultatif)",
        required=False,
        help_text="Seulement pour vous répondre ; elle n'est pas publiée.",
        error_messages={
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."
        },
    )

    class Meta:
        model = ErrorReport
        fields = ["message", "email"]
