"""Reads of the organisations used by other pages (the territory pages)."""

from observatories.referential.sections import Scope

from ..models import Organisation

TERRITORY_ORGANISATIONS = 12


def territory_organisations(scope: Scope):
    """The published organisations located in the territory, by name (1 query)."""
    return (
        Organisation.objects.published()
        .filter(scope.communes())
        .select_related("commune")
        .order_by("name", "pk")[:TERRITORY_ORGANISATIONS]
    )
