"""Who may see an interconnection request: one helper, used by every view. A request
is seen by its organisation's agents and by curators; for anyone else it does not
exist (404, never 403: its existence is not disclosed)."""

from django.shortcuts import get_object_or_404

from ..models import InterconnectionRequest


def get_visible_request(request, uuid) -> InterconnectionRequest:
    """The request of this identifier, with its sites and history, if the person may see it."""
    return get_object_or_404(
        InterconnectionRequest.objects.visible_to(request.user).for_page(), uuid=uuid
    )
