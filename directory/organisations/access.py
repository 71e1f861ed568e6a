"""Who may see or change an organisation: one helper per need, used by every view.

Each returns the organisation (with the person's role in it) or raises Http404 /
PermissionDenied; the views never repeat the rule.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import Membership, Organisation


def get_visible_organisation(request, slug: str, queryset=None) -> Organisation:
    """Published, or a draft of the person's own organisation (any, for curators)."""
    queryset = Organisation.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)


def get_editable_organisation(request, slug: str) -> Organisation:
    """For its agents only (members and admins of the organisation). Curators edit
    organisations in the admin."""
    organisation = get_visible_organisation(request, slug)
    organisation.viewer_role = organisation.role_of(request.user)
    if organisation.viewer_role is None:
        raise PermissionDenied("Seuls les membres de la structure peuvent modifier sa fiche.")
    return organisation


def get_administered_organisation(request, slug: str) -> Organisation:
    """For the organisation's admins only: members and invitations."""
    organisation = get_editable_organisation(request, slug)
    if organisation.viewer_role != Membership.Role.ADMIN:
        raise PermissionDenied(
            "Seuls les administrateurs de la structure gèrent ses membres et ses invitations."
        )
    return organisation
