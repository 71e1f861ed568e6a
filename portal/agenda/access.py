"""Who may see an event: one helper used by every view. Events nobody may see are
404, so that their existence is not disclosed."""

from django.shortcuts import get_object_or_404

from ..models import Event


def get_visible_event(request, slug: str, queryset=None) -> Event:
    """Published, or any event of the person's own organisations (any, for staff)."""
    queryset = Event.objects.for_page() if queryset is None else queryset
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)
