"""Who keeps a curated item: the agents of its organisation. Used by every kind of
``scoran.lib.catalogues.CURATED_KINDS`` (organisations and projects here; resources
and aides of the portal with ``agents_of("organisation")``)."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet

from ..models import Membership


def agents_of(field: str) -> Callable[[QuerySet], Iterable[tuple[Any, str]]]:
    """``CuratedKind.owners`` for items whose organisation is the foreign key
    ``field`` ("organisation"), or the item itself (``"pk"``): (item, address) of
    each active agent with an address (2 queries, whatever the number of items)."""
    column = "pk" if field == "pk" else f"{field}_id"

    def owners(items: QuerySet) -> list[tuple[Any, str]]:
        items = list(items)
        by_organisation = defaultdict(list)
        for item in items:
            by_organisation[getattr(item, column)].append(item)
        agents = (
            Membership.objects.filter(organisation_id__in=by_organisation, user__is_active=True)
            .exclude(user__email="")
            .values_list("organisation_id", "user__email")
            .order_by("user__email")
        )
        return [(item, email) for org, email in agents for item in by_organisation[org]]

    return owners
