"""Who may see an interconnection request, and who acts for its organisation: one
helper each, used by every view and by the request's workflow. A request is seen by
its organisation's agents and by curators; for anyone else it does not exist (404,
never 403: its existence is not disclosed). Only its organisation's active agents
withdraw it (curators refuse a request, they do not withdraw it), and its requester
is written to only while one of them."""

from django.shortcuts import get_object_or_404

from directory.models import Membership

from ..models import InterconnectionRequest

NOT_AN_AGENT = "Seuls les agents de la structure demandeuse retirent ses demandes."


def get_visible_request(request, uuid) -> InterconnectionRequest:
    """The request of this identifier, with its sites and history, if the person may see it."""
    return get_object_or_404(
        InterconnectionRequest.objects.visible_to(request.user).for_page(), uuid=uuid
    )


def acts_for(user, interconnection: InterconnectionRequest) -> bool:
    """Whether ``user`` is an active agent of the request's organisation (1 query):
    who may withdraw it, whatever its step (``is_open`` says whether it still can)."""
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and Membership.objects.filter(
            user=user, organisation_id=interconnection.organisation_id
        ).exists()
    )
