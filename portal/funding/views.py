"""Public pages of the funding guide: the list with its filters and exports (its
feed is the followable list of ``feeds.py``), and a page per aide (previewed by its
owner's agents and curators before it is published; kept, with a « clôturée »
banner, once closed)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from scoran.lib.exports import export_response, requested_export
from scoran.lib.lists import list_page

from ..models import Funding
from .access import get_visible_funding
from .filters import FundingFilter
from .spreadsheets import FundingExportResource


@require_GET
def funding_list(request):
    listing = list_page(
        request, FundingFilter, Funding.objects.published(), shown=lambda rows: rows.for_list()
    )
    export = requested_export(request)
    if export and listing.filter.is_valid():
        return export_response(
            FundingExportResource(), listing.rows.for_export(), export, "aides-scoran-bfc"
        )
    return render(
        request,
        "portal/funding/list.html",
        listing.context(breadcrumbs=[("Aides", None)]),
    )


@require_GET
def funding_detail(request, slug: str):
    funding = get_visible_funding(request, slug, Funding.objects.for_page())
    response = render(
        request,
        "portal/funding/detail.html",
        {
            "funding": funding,
            "breadcrumbs": [("Aides", reverse("funding:list")), (funding.name, None)],
        },
    )
    if not funding.is_published:  # a preview is kept by no cache
        add_never_cache_headers(response)
    return response
