"""Writes of the agenda, keyword-only: an agent of the organiser proposes or changes
an event (checked as a whole by ``full_clean``: nothing half-written), and a change
of a published event raises its calendar ``sequence`` (``Event.save``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from directory.models import Membership
from scoran.lib import moderation
from scoran.lib.freshness import mark_reviewed

from ..models import Event, EventStep

NOT_A_MEMBER = (
    "Seuls les membres de la structure organisatrice proposent ou modifient ses évènements."
)


def _check_member(organisation, by) -> None:
    if not (by.is_staff or Membership.objects.filter(organisation=organisation, user=by).exists()):
        raise PermissionDenied(NOT_A_MEMBER)


def unique_slug(title: str) -> str:
    """A free address from the title (``evenement`` when nothing is left of it)."""
    base = slugify(title)[:100] or "evenement"
    if base in Event.RESERVED_SLUGS:
        base = f"{base}-evenement"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def submit_event(*, event: Event, by) -> None:
    """The agent's move to the curators' review (the shared moderation)."""
    moderation.transition(obj=event, action="submit", by=by)


@transaction.atomic
def propose_event(*, organisation, by, values: dict, orientations=()) -> Event:
    """A draft event of ``organisation``, by one of its agents."""
    _check_member(organisation, by)
    values = {"slug": unique_slug(values.get("title", "")), **values}
    event = Event(organisation=organisation, created_by=by, state=Event.State.DRAFT, **values)
    event.full_clean()
    event.save()
    event.orientations.set(orientations)
    EventStep.objects.create(event=event, action=EventStep.Action.CREATED, by=by)
    return event


@transaction.atomic
def update_event(*, event: Event, by, values: dict, orientations=None) -> Event:
    """Changes ``values`` (and ``orientations`` when given) of ``event``; a refused
    event takes no change."""
    _check_member(event.organisation, by)
    if event.state == Event.State.REFUSED:
        raise ValidationError("Cet évènement a été refusé : il ne peut plus être modifié.")
    for name, value in values.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    if orientations is not None:
        event.orientations.set(orientations)
    mark_reviewed(obj=event)  # the organiser's edit confirms it (« à vérifier »)
    EventStep.objects.create(event=event, action=EventStep.Action.UPDATED, by=by)
    return event
