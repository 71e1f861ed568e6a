"""The public list of the information watch: items link out to their source."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from scoran.lib.lists import list_page

from ..models import WatchItem
from .filters import WatchFilter


@require_GET
def watch_list(request):
    listing = list_page(
        request,
        WatchFilter,
        WatchItem.objects.published().latest_first(),
        shown=lambda rows: rows.for_list(),
    )
    context = listing.context(breadcrumbs=[("Veille", None)])
    return render(request, "portal/watch/list.html", context)
