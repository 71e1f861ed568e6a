"""Who may see or change a resource: one helper per need, used by every view.

Resources nobody may see are 404, so that their existence is not disclosed."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import Resource


def get_visible_resource(request, slug: str, queryset=None) -> Resource:
    """Published, or any resource of the person's own organisations (any, for staff)."""
    queryset = Resource.objects.all() if queryset is None else queryset
    return get_object_or_404(
        queryset.visible_to(request.user).select_related("organisation"), slug=slug
    )


def get_editable_resource(request, slug: str) -> Resource:
    """For the agents of the author organisation only: curators act in the admin."""
    resource = get_visible_resource(request, slug)
    if resource.organisation.role_of(request.user) is None:
        raise PermissionDenied(
            "Seuls les membres de la structure autrice peuvent modifier cette ressource."
        )
    return resource
