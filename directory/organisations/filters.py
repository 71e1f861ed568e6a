import django_filters

from observatories.models import Department
from scoran.lib.lists import SearchFilter
from strategy.models import Orientation

from ..models import Organisation


class OrganisationFilter(django_filters.FilterSet):
    """Filters of the public directory.

    The text search is ``icontains`` on each word (name, description, commune): the
    directory holds hundreds of rows, not millions, and people type acronyms and
    fragments of names ("SIEEEN", "numéri") that PostgreSQL's French full-text search
    would stem or drop; a sequential scan of this table costs a few milliseconds.
    """

    q = SearchFilter(label="Rechercher un nom, un mot")
    kind = django_filters.ChoiceFilter(
        choices=Organisation.Kind.choices, label="Nature", empty_label="Toutes les natures"
    )
    departement = django_filters.ModelChoiceFilter(
        field_name="commune__department",
        queryset=Department.objects.all(),
        label="Département",
        empty_label="Tous les départements",
    )
    orientation = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Orientation.objects.only("number", "title"),
        to_field_name="number",
        label="Orientation de la stratégie",
        empty_label="Toutes les orientations",
    )
