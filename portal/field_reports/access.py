"""Who may see a field report: one helper, used by every view. A report is seen by its
organisation's agents and by curators; for anyone else it does not exist (404, never
403: its existence is not disclosed)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import FieldReport
from .moderation import CURATORS


def get_visible_report(request, uuid) -> FieldReport:
    """The report of this identifier, with its history, if the person may see it."""
    return get_object_or_404(FieldReport.objects.visible_to(request.user).for_page(), uuid=uuid)


def check_curator(request) -> None:
    """The exports of the validated reports are the curators' (PermissionDenied else)."""
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm(CURATORS)):
        raise PermissionDenied(
            "Les exports des remontées terrain sont réservés à l'équipe d'animation."
        )
