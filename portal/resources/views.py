"""Public pages of the resource library: the list with its filters (its feed is the
followable list of ``feeds.py``) and a page per resource (previewed by its
organisation's agents and curators before it is published; a members-only document
shown to its working group's members only). The list and its exports hold public
resources only. The files are served by ``downloads.py``."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from scoran.lib.exports import export_response, requested_export
from scoran.lib.lists import list_page

from ..models import Resource
from .access import get_visible_resource
from .filters import ResourceFilter
from .spreadsheets import ResourceExportResource


@require_GET
def resource_list(request):
    listing = list_page(
        request, ResourceFilter, Resource.objects.public(), shown=lambda rows: rows.for_list()
    )
    export = requested_export(request)
    if export and listing.filter.is_valid():
        return export_response(
            ResourceExportResource(), listing.rows.for_export(), export, "ressources-scoran-bfc"
        )
    return render(
        request,
        "portal/resources/list.html",
        listing.context(breadcrumbs=[("Ressources", None)]),
    )


@require_GET
def resource_detail(request, slug: str):
    resource = get_visible_resource(request, slug, Resource.objects.for_page())
    versions = list(resource.versions.all())
    response = render(
        request,
        "portal/resources/detail.html",
        {
            "resource": resource,
            "current": versions[0] if versions else None,
            "earlier": versions[1:],
            "permanent_link": request.build_absolute_uri(resource.get_download_url()),
            "breadcrumbs": [("Ressources", reverse("resources:list")), (resource.title, None)],
        },
    )
    if not resource.is_public:
        add_never_cache_headers(response)
    return response
