"""The open data of the region's collectivités: the indicator of orientation 13 per
edition, for the region and each department, and the collectivités of the latest
edition, filtered, and exported as shown."""

from django.shortcuts import render
from django.urls import reverse

from scoran.lib.exports import export_response, requested_export
from scoran.lib.lists import list_page

from ..models.open_data import OPEN_DATA_THRESHOLD
from . import selectors
from .filters import CollectivityFilter
from .spreadsheets import CollectivityResource


def open_data_page(request):
    editions = selectors.open_data_share()
    latest = editions[0] if editions else None
    rows = selectors.collectivities(latest.edition if latest else None)
    listing = list_page(request, CollectivityFilter, rows)
    export = requested_export(request)
    if export and listing.filter.is_valid():
        return export_response(
            CollectivityResource(), listing.rows, export, "open-data-collectivites"
        )
    return render(
        request,
        "observatories/open_data/index.html",
        listing.context(
            latest=latest,
            editions=editions,
            counts=selectors.counts(listing.rows),
            threshold=OPEN_DATA_THRESHOLD,
            breadcrumbs=[
                ("Observatoire", reverse("observatories:home")),
                ("Ouverture des données des collectivités", None),
            ],
        ),
    )
