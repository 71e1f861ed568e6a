"""Reads of the resources used by other pages. The orientation page, the
organisation page and the sitemap show public resources only
(``Resource.objects.public()``: never a members-only document of a working group); a
working group's page shows its documents as its reader may see them."""

from django.urls import reverse

from observatories.referential.sections import Scope

from ..models import Resource

GROUP_DOCUMENTS = 30
TERRITORY_RESOURCES = 10


def orientation_resources(orientation):
    """The public resources of an orientation with their author (1 query)."""
    return (
        Resource.objects.public()
        .filter(orientations=orientation)
        .select_related("organisation")
        .order_by("title", "pk")
    )


def organisation_resources(organisation):
    """The public resources an organisation wrote (1 query)."""
    return (
        Resource.objects.public()
        .filter(organisation=organisation)
        .select_related("organisation")
        .order_by("title", "pk")
    )


def published_resource_addresses() -> list[dict]:
    """{"url", "updated_at"} of every public resource, in one query."""
    # One reverse() for all: the addresses differ only by their slug.
    pattern = reverse("resources:detail", kwargs={"slug": "x"})
    return [
        {"url": pattern.replace("/x/", f"/{slug}/"), "updated_at": updated_at}
        for slug, updated_at in Resource.objects.public()
        .order_by("slug")
        .values_list("slug", "updated_at")
    ]


def group_documents(viewing) -> list[Resource]:
    """A working group's published documents its reader sees (``GroupViewing``: the
    members-only ones for members and staff), the latest first (1 query)."""
    return list(
        Resource.objects.published_to(viewing.user)
        .filter(working_group=viewing.group)
        .select_related("organisation")
        .order_by("-published_at", "-pk")[:GROUP_DOCUMENTS]
    )


def territory_resources(scope: Scope):
    """The public resources produced in the territory (their author is located
    there), latest first (1 query)."""
    return (
        Resource.objects.public()
        .filter(scope.communes("organisation__commune"))
        .select_related("organisation")
        .order_by("-updated_at", "pk")[:TERRITORY_RESOURCES]
    )
