"""The wholesale offers page: the networks of the region, public initiative ones
first, with the operators present on each and the link to each one's wholesale
offer; beside them, the FttH zones the observatory measured in the territory
shown. Filters, CSV and XLSX exports; a page per network.

Not cached per data version (``observatories.caching``): curators edit these rows
in the admin, and an edit shows at once."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from scoran.lib.exports import export_response, requested_export
from scoran.lib.lists import list_page

from ..models import Network
from .filters import NetworkFilter
from .selectors import measured_zones, offers_of
from .spreadsheets import WholesaleOfferExportResource

TITLE = "Réseaux et offres de gros"


@require_GET
def operator_list(request):
    listing = list_page(
        request,
        NetworkFilter,
        Network.objects.published().in_zone_order(),
        shown=lambda rows: rows.for_list(),
    )
    export = requested_export(request)
    if export and listing.filter.is_valid():
        offers = offers_of(listing.rows.for_list())
        return export_response(
            WholesaleOfferExportResource(), offers, export, "offres-de-gros-scoran-bfc"
        )
    chosen = listing.filter.form.cleaned_data if listing.filter.is_valid() else {}
    zones = measured_zones(department=chosen.get("departement"), commune=chosen.get("commune"))
    return render(
        request,
        "observatories/operators/list.html",
        listing.context(
            zones=zones,
            breadcrumbs=[("Observatoire", reverse("observatories:home")), (TITLE, None)],
        ),
    )


@require_GET
def network_detail(request, slug: str):
    network = get_object_or_404(Network.objects.published().for_list(), slug=slug)
    return render(
        request,
        "observatories/operators/network.html",
        {
            "network": network,
            "breadcrumbs": [
                ("Observatoire", reverse("observatories:home")),
                (TITLE, reverse("observatories:operators")),
                (network.name, None),
            ],
        },
    )
