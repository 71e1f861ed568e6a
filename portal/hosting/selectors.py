"""Reads of the data centres used by other pages: the sitemap and the organisation
page. Only published rows: what the public sees."""

from django.urls import reverse

from ..models import DataCentre


def published_data_centre_addresses() -> list[dict]:
    """{"url", "updated_at"} of every published data centre or offer: one query."""
    pattern = reverse("hosting:detail", kwargs={"slug": "x"})
    return [
        {"url": pattern.replace("/x/", f"/{slug}/"), "updated_at": updated_at}
        for slug, updated_at in DataCentre.objects.published()
        .order_by("slug")
        .values_list("slug", "updated_at")
    ]


def organisation_data_centres(organisation):
    """The published data centres and offers an organisation runs (1 query)."""
    return DataCentre.objects.published().filter(operator=organisation).for_list()
