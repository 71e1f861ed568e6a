"""Reads of the subscriptions: a list's filters checked and normalised, the items a
subscription has not been sent yet, a person's subscriptions."""

import logging
from datetime import date, datetime, time
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import DateTimeField
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from scoran.lib.catalogues import FOLLOWABLE_LISTS, FollowableList

from ..models import Subscription
from ..models.subscriptions import QUERY_MAX_LENGTH

logger = logging.getLogger(__name__)

# Parameters of a list page that are not filters: dropped, not refused.
NOT_FILTERS = ("page", "format")
# A bound on the items a digest looks at per list and filters: those that came since
# the oldest run or confirmation of the subscriptions sharing them, never more (a
# week of the busiest list holds a few hundred; a warning is logged if it is hit).
CANDIDATES = 5000

INVALID_FILTERS = "Ces filtres ne sont pas ceux de la liste : revenez à la liste et réessayez."


def followable(key: str) -> FollowableList | None:
    return FOLLOWABLE_LISTS.get(key)


def normalise_query(entry: FollowableList, query: str) -> str:
    """The list's filters of ``query`` (a query string), validated by the list's
    filter set, in a stable order and without empty values; a French
    ``ValidationError`` for an unknown parameter, a wrong value or a string too long."""
    if len(query) > QUERY_MAX_LENGTH:
        raise ValidationError(INVALID_FILTERS)
    data = QueryDict(query)
    for name in NOT_FILTERS:
        data = data.copy()
        data.pop(name, None)
    known = entry.filterset.base_filters
    if any(name not in known for name in data):
        raise ValidationError(INVALID_FILTERS)
    found = entry.filterset(data, queryset=entry.queryset().none())
    if not found.is_valid():
        raise ValidationError(INVALID_FILTERS)
    pairs = [
        (name, value)
        for name in sorted(data)
        for value in sorted(set(data.getlist(name)))
        if value.strip()
    ]
    normalised = urlencode(pairs)
    if len(normalised) > QUERY_MAX_LENGTH:
        raise ValidationError(INVALID_FILTERS)
    return normalised


def list_url(entry: FollowableList, query: str) -> str:
    return reverse(entry.list_url_name) + (f"?{query}" if query else "")


def filters_label(entry: FollowableList, query: str) -> list[str]:
    """The filters of a subscription in words ("Département : Doubs"), for pages and
    e-mails (one query per choice filter on a model at most)."""
    if not query:
        return []
    found = entry.filterset(QueryDict(query), queryset=entry.queryset().none())
    if not found.is_valid():
        return []
    labels = []
    for name, value in found.form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        field = found.form.fields[name]
        if hasattr(field, "queryset"):  # the cleaned value is the row
            shown = str(value)
        elif hasattr(field, "choices"):
            shown = dict(field.choices).get(value, value)
        else:
            shown = value
        labels.append(f"{field.label} : {shown}")
    return labels


def _is_since(value, since: datetime) -> bool:
    """Whether an item's date falls on or after the day of ``since`` (in Paris): an
    item dated by its day (a place's update, midnight) or published a little before
    the confirmation, that day, is sent too."""
    if isinstance(value, datetime):
        return timezone.localdate(value) >= timezone.localdate(since)
    if isinstance(value, date):
        return value >= timezone.localdate(since)
    return False


def candidates(entry: FollowableList, query: str, *, since: datetime | None = None) -> list:
    """The public items of the list with these filters that came on the portal since
    the day of ``since`` (all of them without it), newest first, ``CANDIDATES`` at
    most; none when the filters no longer hold. A fixed number of queries."""
    found = entry.filterset(QueryDict(query), queryset=entry.queryset())
    if not found.is_valid():
        return []
    rows = found.qs
    order = entry.arrived_first or entry.newest_first
    if since is not None:
        # The field the newest come first by: when an item came on the portal.
        name = order[0].lstrip("-")
        day = timezone.localdate(since)
        if isinstance(rows.model._meta.get_field(name), DateTimeField):
            day = timezone.make_aware(datetime.combine(day, time.min))
        rows = rows.filter(**{f"{name}__gte": day})
    if entry.preload:
        rows = entry.preload(rows)
    found = list(rows.order_by(*order)[:CANDIDATES])
    if len(found) == CANDIDATES:
        logger.warning("digest candidates of %s?%s bounded at %d", entry.key, query, CANDIDATES)
    return found


def item_key(item) -> str:
    return str(item.pk)


def new_items(entry: FollowableList, items: list, *, since: datetime, delivered: set[str]) -> list:
    """Of ``items``, those that came on the portal since the day of ``since`` (the
    confirmation) and not yet sent."""
    return [
        item
        for item in items
        if item_key(item) not in delivered and _is_since(entry.arrived(item), since)
    ]


def subscriptions_of(user) -> list[Subscription]:
    """The subscriptions of the account's address (one query)."""
    return list(Subscription.objects.of_address(user.email).order_by("list_key", "pk"))
