"""Filters of the agenda's lists (upcoming, archives); the iCal calendar and the Atom
feed use them too, so that each holds exactly what the page shows."""

import django_filters

from directory.models import Organisation, Visibility
from observatories.models import Department
from scoran.lib.lists import SearchFilter
from strategy.models import Orientation

from ..models import Event


class EventFilter(django_filters.FilterSet):
    q = SearchFilter(label="Rechercher un mot, un lieu, un organisateur")
    type = django_filters.ChoiceFilter(
        field_name="kind",
        choices=Event.Kind.choices,
        label="Type d'évènement",
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
        choices=Event.Audience.choices,
        method="for_audience",
        label="Public",
        empty_label="Tous les publics",
    )
    structure = django_filters.ModelChoiceFilter(
        field_name="organisation",
        queryset=Organisation.objects.published()
        .filter(
            agenda_events__state=Event.State.PUBLISHED,
            agenda_events__visibility=Visibility.PUBLIC,
        )
        .distinct()
        .only("slug", "name"),
        to_field_name="slug",
        label="Structure organisatrice",
        empty_label="Toutes les structures",
    )
    departement = django_filters.ModelChoiceFilter(
        field_name="commune__department",
        queryset=Department.objects.only("code", "name"),
        to_field_name="code",
        label="Département",
        empty_label="Tous les départements",
    )
    commune = django_filters.CharFilter(
        field_name="commune__code",
        max_length=5,
        label="Commune (code INSEE)",
    )

    class Meta:
        model = Event
        fields = []

    def for_audience(self, queryset, name, value):
        return queryset.filter(audiences__contains=[value])
