"""Filters of the collectivités' open data, shared by the page and its exports:
department, type, over the threshold or not, publishing or not."""

import django_filters
from django.conf import settings

from ..models import CollectivityOpenData, Department
from ..models.open_data import OPEN_DATA_THRESHOLD, CollectivityKind

YES_NO = [("oui", "Oui"), ("non", "Non")]


class CollectivityFilter(django_filters.FilterSet):
    departement = django_filters.ModelChoiceFilter(
        field_name="department",
        queryset=Department.objects.filter(region_id=settings.REGION_CODE),
        label="Département",
        empty_label="Tous les départements",
    )
    type = django_filters.ChoiceFilter(
        field_name="kind",
        choices=CollectivityKind.choices,
        label="Type de collectivité",
        empty_label="Tous les types",
    )
    plus_de_3500 = django_filters.ChoiceFilter(
        choices=YES_NO,
        method="filter_over_threshold",
        label=f"Plus de {OPEN_DATA_THRESHOLD:,} habitants".replace(",", " "),
        empty_label="Toutes les tailles",
    )
    publie = django_filters.ChoiceFilter(
        choices=YES_NO,
        method="filter_publishing",
        label="Publie au moins un jeu de données",
        empty_label="Toutes",
    )

    class Meta:
        model = CollectivityOpenData
        fields = []

    def filter_over_threshold(self, queryset, name, value):
        if value == "oui":
            return queryset.over_threshold()
        return queryset.filter(population__lte=OPEN_DATA_THRESHOLD)

    def filter_publishing(self, queryset, name, value):
        if value == "oui":
            return queryset.publishing()
        return queryset.filter(platform_datasets=0, datagouv_datasets=0)
