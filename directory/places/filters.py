"""Filters of the list of places, shared by its map."""

import django_filters

from observatories.models import Department
from scoran.lib.lists import SearchFilter

from ..models import Place
from .standard import choices


def _contains(field: str):
    """A filter on one value of a multi-valued column."""

    def method(queryset, name, value):
        return queryset.filter(**{f"{field}__contains": [value]}) if value else queryset

    return method


class PlaceFilter(django_filters.FilterSet):
    q = SearchFilter(label="Nom, commune ou code postal")
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
