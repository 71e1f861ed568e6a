"""Filters of the public list of the information watch: orientation, source, words."""

import django_filters

from observatories.models import DataSource
from scoran.lib.lists import SearchFilter
from strategy.models import Orientation

from ..models import WatchItem


class WatchFilter(django_filters.FilterSet):
    q = SearchFilter(label="Rechercher un mot")
    orientation = django_filters.ModelChoiceFilter(
        field_name="orientations",
        queryset=Orientation.objects.only("number", "title"),
        to_field_name="number",
        label="Orientation de la stratégie",
        empty_label="Toutes les orientations",
    )
    source = django_filters.ModelChoiceFilter(
        field_name="source",
        queryset=DataSource.objects.filter(format="rss").only("slug", "name"),
        to_field_name="slug",
        label="Flux",
        empty_label="Tous les flux",
    )

    class Meta:
        model = WatchItem
        fields = []
