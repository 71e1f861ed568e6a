"""Reads of the aides used by other pages: the orientation page, the organisation
page and the sitemap. Only published aides: what the public sees."""

from django.db import models
from django.urls import reverse

from directory.models import Organisation

from ..models import Funding


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
