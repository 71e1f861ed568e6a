"""Reads of the wholesale offers page: the offers of the listed networks (its
exports), the networks' pages (sitemap.xml), and what the observatory measured of
the FttH zones of the territory shown (the region, a department or a commune),
beside the curated networks."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse

from scoran.lib.text import quarter_label

from ..models import AreaFtthZone, Commune, CommuneFtth, Department, Network, WholesaleOffer
from ..models.areas import Level


@dataclass(frozen=True)
class ZoneRow:
    zone: str
    label: str
    communes: int
    premises: int
    operators: str


@dataclass(frozen=True)
class MeasuredZones:
    """The FttH zones of a territory and the infrastructure operators Arcep names there."""

    territory: str
    edition: date
    rows: list[ZoneRow]

    @property
    def edition_label(self) -> str:
        return quarter_label(self.edition)


def offers_of(networks) -> list[WholesaleOffer]:
    """The published offers of these networks (a queryset of ``for_list()`` rows),
    in the page's order, each knowing its network: 5 queries."""
    return [offer for network in networks for offer in network.offers.all()]


def measured_zones(
    *, department: Department | None = None, commune: Commune | None = None
) -> MeasuredZones | None:
    """The latest FttH zones of the commune, else of the department, else of the
    region (1 query; None before any FttH import)."""
    if commune is not None:
        profile = CommuneFtth.objects.filter(commune=commune).order_by("-edition").first()
        if profile is None:
            return None
        row = ZoneRow(
            profile.zone, profile.get_zone_display(), 1, profile.premises, profile.operators
        )
        return MeasuredZones(commune.name, profile.edition, [row])
    level, code, name = (
        (Level.DEPARTMENT, department.code, department.name)
        if department is not None
        else (Level.REGION, settings.REGION_CODE, settings.REGION_NAME)
    )
    zones = list(AreaFtthZone.objects.filter(level=level, code=code).order_by("zone"))
    if not zones:
        return None
    rows = [
        ZoneRow(z.zone, z.get_zone_display(), z.communes, z.premises, z.operators) for z in zones
    ]
    return MeasuredZones(name, max(z.edition for z in zones), rows)


def network_pages() -> list[str]:
    """The page of every published network (sitemap.xml): one query."""
    pattern = reverse("observatories:network", kwargs={"slug": "x"})
    slugs = Network.objects.published().order_by("slug").values_list("slug", flat=True)
    return [pattern.replace("/x/", f"/{slug}/") for slug in slugs]
