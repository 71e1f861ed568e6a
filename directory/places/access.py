"""Who may see a place: one helper, used by every view (the object or 404, the
existence of an unpublished place hidden)."""

from django.shortcuts import get_object_or_404

from ..models import Place


def get_visible_place(request, pk: int) -> Place:
    """Published, or any place for curators."""
    return get_object_or_404(Place.objects.for_page().visible_to(request.user), pk=pk)
