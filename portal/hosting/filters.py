"""Filters of the data centres and hosting offers, shared by the list, its map and
its exports: text, department, nature, service, certification, Tier level and
public or private."""

import django_filters

from observatories.models import Department
from scoran.lib.lists import SearchFilter

from ..models import DataCentre
from ..models.hosting import TIERS

MIN_TIERS = [(str(level), f"{label} ou plus") for level, label in TIERS]


def _holding(field: str):
    """A filter on one value of a list of choices."""

    def method(queryset, name, value):
        return queryset.filter(**{f"{field}__contains": [value]}) if value else queryset

    return method


class DataCentreFilter(django_filters.FilterSet):
    q = SearchFilter(label="Nom, exploitant ou commune")
    departement = django_filters.ModelChoiceFilter(
        field_name="commune__department",
        queryset=Department.objects.all(),
        label="Département",
        empty_label="Tous les départements",
    )
    nature = django_filters.ChoiceFilter(
        field_name="kind",
        choices=DataCentre.Kind.choices,
        label="Nature",
        empty_label="Centres de données et offres",
    )
    service = django_filters.ChoiceFilter(
        choices=DataCentre.Service.choices,
        method=_holding("services"),
        label="Service",
        empty_label="Tous les services",
    )
    certification = django_filters.ChoiceFilter(
        choices=DataCentre.Certification.choices,
        method=_holding("certifications"),
        label="Certification",
        empty_label="Toutes, ou aucune",
    )
    tier = django_filters.ChoiceFilter(
        choices=MIN_TIERS,
        method="at_least_tier",
        label="Niveau Tier",
        empty_label="Tous les niveaux",
    )
    secteur = django_filters.ChoiceFilter(
        field_name="sector",
        choices=DataCentre.Sector.choices,
        label="Public ou privé",
        empty_label="Publics et privés",
    )

    class Meta:
        model = DataCentre
        fields = []

    def at_least_tier(self, queryset, name, value):
        return queryset.filter(tier__gte=int(value)) if value else queryset
