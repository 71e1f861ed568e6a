"""Reads of the aides used by other pages: the orientation page, the organisation
page and the sitemap. Only published aides: what the public sees."""

from django.db import models
from django.urls import reverse

from directory.models import Organisation
from observatories.referential.sections import Scope

from ..models import Funding
from ..models.funding import NATIONAL_KEY
from .services import commune_key, department_key, epci_key, region_key

TERRITORY_AIDES = 10


def orientation_fundings(orientation):
    """The published aides of an orientation, not closed (1 query)."""
    return Funding.objects.published().current().filter(orientations=orientation)


def organisation_fundings(organisation: Organisation):
    """The published aides an organisation funds or keeps up to date, closed ones
    included, not closed first (1 query)."""
    funder = Funding.funders.through.objects.filter(
        funding=models.OuterRef("pk"), organisation=organisation
    )
    return (
        Funding.objects.published()
        .filter(models.Q(owner=organisation) | models.Exists(funder))
        .closed_last()
    )


def published_funding_addresses() -> list[dict]:
    """{"url", "updated_at"} of every published aide (closed ones keep their page),
    in one query."""
    pattern = reverse("funding:detail", kwargs={"slug": "x"})
    return [
        {"url": pattern.replace("/x/", f"/{slug}/"), "updated_at": updated_at}
        for slug, updated_at in Funding.objects.published()
        .order_by("slug")
        .values_list("slug", "updated_at")
    ]


def keys_of_scope(scope: Scope) -> list[str]:
    """The territory keys an aide open to this territory carries: its own, those of
    the territories containing it, and the nation's (no query)."""
    keys = {NATIONAL_KEY, region_key(scope.region_code)}
    keys |= {department_key(code) for code in scope.department_codes}
    if scope.epci_siren:
        keys.add(epci_key(scope.epci_siren))
    if scope.is_commune:
        keys.add(commune_key(scope.code))
    return sorted(keys)


def territory_fundings(scope: Scope):
    """The published aides open today to the territory (by containment: those of
    the territories containing it and the national ones), by name (1 query)."""
    return (
        Funding.objects.published()
        .open_on()
        .covering(keys_of_scope(scope))
        .order_by("name", "pk")[:TERRITORY_AIDES]
    )
