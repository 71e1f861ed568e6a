"""The communes ranked by eligibility, filtered, and exported as shown."""

from django.shortcuts import render
from django.urls import reverse

from scoran.lib.exports import export_response, requested_export
from scoran.lib.lists import list_page

from ..mobile.selectors import GOOD_COVERAGE_SHARE
from .filters import CommuneRankingFilter
from .selectors import commune_ranking
from .spreadsheets import CommuneRankingResource


def commune_table(request):
    """Communes ranked by eligibility, with their FttH and mobile figures, filtered;
    exported as shown (every filtered row, the same columns)."""
    listing = list_page(request, CommuneRankingFilter, commune_ranking())
    export = requested_export(request)
    if export and listing.filter.is_valid():
        return export_response(
            CommuneRankingResource(), listing.rows, export, "communes-eligibilite"
        )
    return render(
        request,
        "observatories/commune_table.html",
        listing.context(
            good_share=GOOD_COVERAGE_SHARE,
            breadcrumbs=[
                ("Observatoire", reverse("observatories:home")),
                ("Classement des communes", None),
            ],
        ),
    )
