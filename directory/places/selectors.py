"""What other apps may read about places (their sitemap lists them in sitemap.xml)."""

from django.urls import reverse

from ..models import Place


def published_place_addresses() -> list[dict]:
    """{"url", "updated_on"} of every published place, in one query."""
    # One reverse() for all: the addresses differ only by id and slug.
    pattern = reverse("places:detail", kwargs={"pk": 0, "slug": "x"})
    return [
        {"url": pattern.replace("/0-x/", f"/{pk}-{slug}/"), "updated_on": updated_on}
        for pk, slug, updated_on in Place.objects.published()
        .order_by("pk")
        .values_list("pk", "slug", "updated_on")
    ]


def organisation_places(organisation):
    """The published places an organisation runs: those whose SIRET (the standard's
    ``pivot``) belongs to its SIREN (1 query; none without a SIREN)."""
    if not organisation.siren:
        return Place.objects.none()
    return (
        Place.objects.published()
        .filter(pivot__startswith=organisation.siren)
        .select_related("commune")
        .order_by("name", "pk")
    )
