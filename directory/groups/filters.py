"""Filters of the list of working groups; the feed of their news uses the same query
parameters, so that it follows the news of exactly the groups the list shows."""

import django_filters

from scoran.lib.lists import SearchFilter
from strategy.models import Orientation

from ..models import GroupNews, WorkingGroup


def _orientation_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Orientation.objects.only("number", "title"),
        to_field_name="number",
        label="Orientation de la stratégie",
        empty_label="Toutes les orientations",
    )


class WorkingGroupFilter(django_filters.FilterSet):
    q = SearchFilter(label="Rechercher un mot (nom, thème, présentation)")
    orientation = _orientation_filter("orientations")

    class Meta:
        model = WorkingGroup
        fields = []


class GroupNewsFilter(django_filters.FilterSet):
    """The news of the groups the list shows with the same parameters: ``q`` and
    ``orientation`` select groups, as on the list."""

    q = SearchFilter(label="Rechercher un mot (nom, thème, présentation)", method="of_groups")
    orientation = _orientation_filter("group__orientations")

    class Meta:
        model = GroupNews
        fields = []

    def of_groups(self, queryset, name, value):
        return queryset.filter(group__in=WorkingGroup.objects.search(value))
