"""Filters of the public list of projects; the map, the feed and the exports use them
too, so that each shows exactly what the list shows."""

import django_filters

from observatories.models import Department
from scoran.lib.lists import SearchFilter
from strategy.models import Orientation

from ..models import Organisation, Project


class ProjectFilter(django_filters.FilterSet):
    q = SearchFilter(label="Rechercher un mot, un porteur")
    orientation = django_filters.ModelChoiceFilter(
        field_name="orientations",
        queryset=Orientation.objects.only("number", "title"),
        to_field_name="number",
        label="Orientation de la stratégie",
        empty_label="Toutes les orientations",
    )
    departement = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(),
        method="in_department",
        label="Département",
        empty_label="Tous les départements",
    )
    avancement = django_filters.ChoiceFilter(
        field_name="status",
        choices=Project.Status.choices,
        label="Avancement",
        empty_label="Tous les états d'avancement",
    )
    porteur = django_filters.ChoiceFilter(
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
        label="Nature du porteur",
        empty_label="Toutes les natures",
    )

    class Meta:
        model = Project
        fields = []

    def in_department(self, queryset, name, value: Department | None):
        # ``department_codes`` holds the departments of the project's territory (or
        # its carrier's): one indexed array test, no join.
        return queryset.filter(department_codes__contains=[value.code]) if value else queryset
