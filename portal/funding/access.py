"""Who may see or change an aide: one helper per need, used by every view. Aides
nobody may see are 404, so that their existence is not disclosed."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import Funding


def get_visible_funding(request, slug: str, queryset=None) -> Funding:
    """Published, or any aide of the person's own organisations (any, for staff)."""
    queryset = Funding.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)


def get_editable_funding(request, slug: str) -> Funding:
    """For the agents of the owner organisation only: curators act in the admin."""
    funding = get_visible_funding(request, slug, Funding.objects.select_related("owner"))
    if funding.owner is None or funding.owner.role_of(request.user) is None:
        raise PermissionDenied("Seuls les membres de la structure peuvent modifier cette aide.")
    return funding
