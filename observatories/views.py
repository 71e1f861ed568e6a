"""The observatory's home: the region's figures against the SCORAN targets, and the
observatory's pages."""

from django.shortcuts import render

from scoran.lib.catalogues import sections_under

from .caching import cached_per_data_version
from .referential.selectors import region_figures


@cached_per_data_version
def home(request):
    return render(
        request,
        "observatories/home.html",
        {
            **region_figures(),
            # Its pages, whichever app serves them (hosting is the portal's).
            "sections": sections_under("observatoire"),
            "breadcrumbs": [("Observatoire", None)],
        },
    )
