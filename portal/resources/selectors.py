"""Reads of the resources used by other pages: the orientation page, the
organisation page and the sitemap. Only published resources: what the public sees."""

from django.urls import reverse

from ..models import Resource


def orientation_resources(orientation):
    """The published resources of an orientation with their author (1 query)."""
    return (
        Resource.objects.published()
        .filter(orientations=orientation)
        .select_related("organisation")
        .order_by("title", "pk")
    )


def organisation_resources(organisation):
    """The published resources an organisation wrote (1 query)."""
    return (
        Resource.objects.published()
        .filter(organisation=organisation)
        .select_related("organisation")
        .order_by("title", "pk")
    )


def published_resource_addresses() -> list[dict]:
    """{"url", "updated_at"} of every published resource, in one query."""
    # One reverse() for all: the addresses differ only by their slug.
    pattern = reverse("resources:detail", kwargs={"slug": "x"})
    return [
        {"url": pattern.replace("/x/", f"/{slug}/"), "updated_at": updated_at}
        for slug, updated_at in Resource.objects.published()
        .order_by("slug")
        .values_list("slug", "updated_at")
    ]
