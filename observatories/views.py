"""The observatory's home: the region's figures against the SCORAN targets."""

from django.shortcuts import render

from .caching import cached_per_data_version
from .referential.selectors import region_figures


@cached_per_data_version
def home(request):
    return render(
        request,
        "observatories/home.html",
        {**region_figures(), "breadcrumbs": [("Observatoire", None)]},
    )
