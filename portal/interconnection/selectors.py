"""Reads of the interconnection requests: who may file, the public counts, an agent's
requests, and what the observatory says of each site's commune."""

from dataclasses import dataclass

from django.db.models import Count, Q

from directory.models import Organisation
from observatories.ftth.selectors import CommuneNetwork, commune_networks
from observatories.models import Commune

from ..models import InterconnectionRequest, InterconnectionSite
from ..models.interconnection import PUBLIC_KINDS


def eligible_organisations(user) -> list[Organisation]:
    """The public organisations of which the person is an agent: those they may file
    for (1 query; none for an anonymous visitor)."""
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(memberships__user=user, kind__in=PUBLIC_KINDS)
        .only("name", "kind")
        .order_by("name")
    )


@dataclass(frozen=True)
class Counts:
    """What the public sees of the requests: how many, at each step, and their sites."""

    by_state: list[tuple[str, int]]  # (step's label, number), in the steps' order
    requests: int
    sites: int
    connected_sites: int


def public_counts() -> Counts:
    """Requests per step and sites, demonstration ones included (2 queries)."""
    found = dict(
        InterconnectionRequest.objects.order_by()
        .values_list("state")
        .annotate(number=Count("pk"))
        .values_list("state", "number")
    )
    sites = InterconnectionSite.objects.aggregate(
        all=Count("pk"),
        connected=Count("pk", filter=Q(request__state=InterconnectionRequest.State.CONNECTED)),
    )
    return Counts(
        by_state=[
            (label, found.get(value, 0)) for value, label in InterconnectionRequest.State.choices
        ],
        requests=sum(found.values()),
        sites=sites["all"],
        connected_sites=sites["connected"],
    )


def requests_of(user):
    """The requests of the person's organisations, newest first (1 query)."""
    return (
        InterconnectionRequest.objects.filter(organisation__memberships__user=user)
        .for_list()
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class SiteNetwork:
    """A site's commune and what the observatory says of its fibre (None: nothing)."""

    commune: Commune
    network: CommuneNetwork | None


def site_networks(communes) -> list[SiteNetwork | None]:
    """For each commune of the list (None where a site has none yet), its FttH coverage,
    zone and infrastructure operators (2 queries whatever the number of sites)."""
    networks = commune_networks(commune.code for commune in communes if commune is not None)
    return [
        None if commune is None else SiteNetwork(commune, networks.get(commune.code))
        for commune in communes
    ]
