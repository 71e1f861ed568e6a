"""Writes of the watch's proposals, keyword-only: an agent of an organisation proposes
an item or changes it (checked as a whole by ``full_clean``: nothing half-written),
and submits it to the curators (the shared moderation). Items read from feeds are
written by the import (``imports.load_items``), never here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from directory.models import Membership
from scoran.lib import moderation

from ..models import WatchItem, WatchItemStep

NOT_A_MEMBER = (
    "Seuls les membres de la structure qui la propose proposent ou modifient cette information."
)


def _check_member(organisation, by) -> None:
    if (
        organisation is None
        or not Membership.objects.filter(organisation=organisation, user=by).exists()
    ):
        raise PermissionDenied(NOT_A_MEMBER)


@transaction.atomic
def propose_item(*, organisation, by, values: dict, orientations=()) -> WatchItem:
    """A draft item of ``organisation``, by one of its agents."""
    _check_member(organisation, by)
    item = WatchItem(
        organisation=organisation, created_by=by, state=WatchItem.State.DRAFT, **values
    )
    item.full_clean()
    item.save()
    item.orientations.set(orientations)
    WatchItemStep.objects.create(item=item, action=WatchItemStep.Action.CREATED, by=by)
    return item


@transaction.atomic
def update_item(*, item: WatchItem, by, values: dict, orientations=None) -> WatchItem:
    """Changes ``values`` (and ``orientations`` when given) of ``item``; a refused
    item takes no change. A published item's change is public at once, and kept in
    its history."""
    _check_member(item.organisation, by)
    if item.state == WatchItem.State.REFUSED:
        raise ValidationError("Cette information a été refusée : elle ne peut plus être modifiée.")
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    if orientations is not None:
        item.orientations.set(orientations)
    WatchItemStep.objects.create(item=item, action=WatchItemStep.Action.UPDATED, by=by)
    return item


def submit_item(*, item: WatchItem, by) -> None:
    """The agent's move to the curators' review (the shared moderation)."""
    moderation.transition(obj=item, action="submit", by=by)
