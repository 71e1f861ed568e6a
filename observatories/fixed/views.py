"""The communes ranked by eligibility, filtered, and exported as shown."""

from django.shortcuts import render
from django.urls import reverse

from scoran.lib.exports import export_response, requested_export
from scoran.lib.lists import list_page

from ..models import CommuneFixedStats
from .filters import CommuneRankingFilter
from .spreadsheets import CommuneRankingResource


def commune_table(request):
    """Communes ranked by eligibility, filtered; exported as shown (every filtered row)."""
    rows = (
        CommuneFixedStats.objects.latest_edition()
        .for_ranking()
        .order_by("share_30", "commune__name")
    )
    listing = list_page(request, CommuneRankingFilter, rows)
    export = requested_export(request)
    if export and listing.filter.is_valid():
        return export_response(
            CommuneRankingResource(), listing.rows, export, "communes-eligibilite"
        )
    return render(
        request,
        "observatories/commune_table.html",
        listing.context(
            breadcrumbs=[
                ("Observatoire", reverse("observatories:home")),
                ("Classement des communes", None),
            ]
        ),
    )
