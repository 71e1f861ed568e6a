"""Who may see or change a project: one helper per need, used by every view.

Each returns the original project (never a revision) or raises Http404 /
PermissionDenied; the views never repeat the rule. Projects nobody may see are
404, so that their existence is not disclosed.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import Project
from . import services


def get_visible_project(request, slug: str, queryset=None) -> Project:
    """Published, or any project of the person's own organisations (any, for staff)."""
    queryset = Project.objects.all() if queryset is None else queryset
    return get_object_or_404(
        queryset.visible_to(request.user).select_related("organisation"), slug=slug
    )


def get_editable_project(request, slug: str) -> Project:
    """For the agents of the carrying organisation only (members and admins):
    curators act in the admin."""
    project = get_visible_project(request, slug)
    if project.organisation.role_of(request.user) is None:
        raise PermissionDenied(
            "Seuls les membres de la structure porteuse peuvent modifier ce projet."
        )
    return project


def get_followed_project(request, slug: str) -> Project:
    """History and follow-up: the carrier's agents and curators."""
    project = get_visible_project(request, slug)
    if not services.may_follow_up(project, request.user):
        raise PermissionDenied(
            "Seuls les membres de la structure porteuse et l'équipe d'animation suivent ce projet."
        )
    return project
