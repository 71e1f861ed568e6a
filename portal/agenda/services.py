"""Writes of the agenda, keyword-only: an agent of the organiser proposes or changes
an event (checked as a whole by ``full_clean``: nothing half-written), and a change
of a published event raises its calendar ``sequence`` (``Event.save``).

A working group's meeting is told to the group's members (``portal.groups``, one
e-mail each, after commit) when it is published (``moderation.py``), and when,
published and not over, it is cancelled, postponed or moved (``update_event``, the
admin)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from directory.models import Membership
from scoran.lib import moderation
from scoran.lib.freshness import mark_reviewed

from ..groups.access import check_group_choice
from ..groups.recipients import notify_members
from ..models import Event, EventStep

# What members are told of a meeting: the change (its key) and its French word.
MEETING_CHANGES = {
    "scheduled": "programmée",
    "moved": "déplacée",
    "postponed": "reportée",
    "cancelled": "annulée",
}
MEETING_MAIL = "portal/agenda/emails/group_meeting.txt"

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


def _check_group(event: Event, by, current_id: int | None) -> None:
    check_group_choice(
        working_group=event.working_group,
        visibility=event.visibility,
        by=by,
        current_id=current_id,
    )


@transaction.atomic
def propose_event(*, organisation, by, values: dict, orientations=()) -> Event:
    """A draft event of ``organisation``, by one of its agents (in a working group
    they are an active member of, if any)."""
    _check_member(organisation, by)
    values = {"slug": unique_slug(values.get("title", "")), **values}
    event = Event(organisation=organisation, created_by=by, state=Event.State.DRAFT, **values)
    _check_group(event, by, current_id=None)
    event.full_clean()
    event.save()
    event.orientations.set(orientations)
    EventStep.objects.create(event=event, action=EventStep.Action.CREATED, by=by)
    return event


@transaction.atomic
def update_event(*, event: Event, by, values: dict, orientations=None) -> Event:
    """Changes ``values`` (and ``orientations`` when given) of ``event``; a refused
    event takes no change. A published meeting of a group cancelled, postponed or
    moved is told to the group's members."""
    _check_member(event.organisation, by)
    if event.state == Event.State.REFUSED:
        raise ValidationError("Cet évènement a été refusé : il ne peut plus être modifié.")
    before = schedule_of(event)
    current_group = event.working_group_id
    for name, value in values.items():
        setattr(event, name, value)
    _check_group(event, by, current_id=current_group)
    event.full_clean()
    event.save()
    if orientations is not None:
        event.orientations.set(orientations)
    mark_reviewed(obj=event)  # the organiser's edit confirms it (« à vérifier »)
    EventStep.objects.create(event=event, action=EventStep.Action.UPDATED, by=by)
    tell_meeting_change(before=before, event=event)
    return event


def schedule_of(event: Event) -> dict | None:
    """What members are told about, as stored (None for a new event): read before a
    change, for ``tell_meeting_change``."""
    if event.pk is None:
        return None
    return Event.objects.filter(pk=event.pk).values("state", "status", "start", "end").first()


def meeting_change(*, before: dict | None, event: Event) -> str | None:
    """The change of a published, not yet over meeting that its group's members are
    told (a key of ``MEETING_CHANGES``), or None. Its publication is told by the
    moderation (``notify_meeting(change="scheduled")``)."""
    if before is None or before["state"] != Event.State.PUBLISHED or not event.is_published:
        return None
    if event.working_group_id is None or event.end < timezone.now():
        return None
    if event.status != before["status"]:
        if event.status == Event.Status.CANCELLED:
            return "cancelled"
        if event.status == Event.Status.POSTPONED:
            return "postponed"
        if before["status"] != Event.Status.SCHEDULED:  # set again, maybe at a new time
            return "scheduled"
    if event.is_cancelled:
        return None
    if (before["start"], before["end"]) != (event.start, event.end):
        return "moved"
    return None


def tell_meeting_change(*, before: dict | None, event: Event) -> int:
    """E-mails the members of the meeting's group its change, if any (after commit)."""
    change = meeting_change(before=before, event=event)
    return notify_meeting(event=event, change=change) if change else 0


def notify_meeting(*, event: Event, change: str) -> int:
    """E-mails each member of the meeting's group who receives its e-mails (after
    commit): ``change`` is a key of ``MEETING_CHANGES``. Nothing for an event of no
    group, or over. Returns how many were e-mailed."""
    if event.working_group_id is None or event.end < timezone.now():
        return 0
    return notify_members(
        group=event.working_group,
        template=MEETING_MAIL,
        context={
            "event": event,
            "change": change,
            "change_label": MEETING_CHANGES[change],
            "url": settings.SITE_URL + event.get_absolute_url(),
        },
    )
