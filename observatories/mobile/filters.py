"""Filters of the mobile sites, shared by the map's page, its table and its CSV:
operator (by MCC-MNC) and technology. The map's script reads the same form and
filters the map's document in the browser."""

import django_filters

from ..models import Generation, MobileSite, Operator


class SiteFilter(django_filters.FilterSet):
    operateur = django_filters.ChoiceFilter(
        field_name="operator",
        choices=Operator.choices,
        label="Opérateur",
        empty_label="Tous les opérateurs",
    )
    technologie = django_filters.ChoiceFilter(
        choices=Generation.choices,
        method="carrying",
        label="Technologie",
        empty_label="Toutes les technologies",
    )

    class Meta:
        model = MobileSite
        fields = []

    def carrying(self, queryset, name, value):
        return queryset.filter(**{MobileSite.GENERATIONS[value]: True}) if value else queryset
