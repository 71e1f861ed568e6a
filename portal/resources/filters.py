"""Filters of the public list of resources; its feed uses them too, so that it
shows exactly what the list shows."""

import django_filters

from directory.models import Organisation, Visibility
from scoran.lib.lists import SearchFilter
from strategy.models import Orientation

from ..models import Resource


class ResourceFilter(django_filters.FilterSet):
    q = SearchFilter(label="Rechercher un mot, une structure")
    type = django_filters.ChoiceFilter(
        field_name="kind",
        choices=Resource.Kind.choices,
        label="Type de ressource",
        empty_label="Tous les types",
    )
    orientation = django_filters.ModelChoiceFilter(
        field_name="orientations",
        queryset=Orientation.objects.only("number", "title"),
        to_field_name="number",
        label="Orientation de la stratégie",
        empty_label="Toutes les orientations",
    )
    public = django_filters.ChoiceFilter(
        choices=Resource.Audience.choices,
        method="for_audience",
        label="Public",
        empty_label="Tous les publics",
    )
    licence = django_filters.ChoiceFilter(
        choices=Resource.Licence.choices, label="Licence", empty_label="Toutes les licences"
    )
    structure = django_filters.ModelChoiceFilter(
        field_name="organisation",
        # Only authors of public resources are offered (one query).
        queryset=Organisation.objects.filter(
            resources__state=Resource.State.PUBLISHED, resources__visibility=Visibility.PUBLIC
        )
        .distinct()
        .only("slug", "name")
        .order_by("name"),
        to_field_name="slug",
        label="Structure autrice",
        empty_label="Toutes les structures",
    )

    class Meta:
        model = Resource
        fields = []

    def for_audience(self, queryset, name, value):
        return queryset.filter(audiences__contains=[value]) if value else queryset
