"""Public pages of the projects: the list with its filters, map and exports (its
feed is the followable list of ``feeds.py``), and a page per project (previewed by
its carrier's agents and curators before it is published)."""

import mimetypes

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from scoran.lib.exports import export_response, requested_export
from scoran.lib.geojson import points_response
from scoran.lib.lists import filtered, list_page

from ..models import Project
from .access import get_visible_project
from .filters import ProjectFilter
from .selectors import for_map, project_points
from .spreadsheets import ProjectExportResource


def _breadcrumbs(*items):
    return [("Projets", reverse("projects:list")), *items]


@require_GET
def project_list(request):
    listing = list_page(
        request, ProjectFilter, Project.objects.published(), shown=lambda rows: rows.for_list()
    )
    export = requested_export(request)
    if export and listing.filter.is_valid():
        return export_response(
            ProjectExportResource(), listing.rows.for_export(), export, "projets-scoran-bfc"
        )
    return render(
        request,
        "directory/projects/list.html",
        listing.context(
            tiles_url=settings.OBSERVATORY_TILES_URL,
            tiles_attribution=settings.OBSERVATORY_TILES_ATTRIBUTION,
            breadcrumbs=[("Projets", None)],
        ),
    )


@require_GET
def projects_geojson(request):
    """The published projects matching the list's filters, as points (2 queries)."""
    _, rows = filtered(ProjectFilter, request, Project.objects.published())
    return points_response(project_points(for_map(rows)))


def _private_unless_public(response, project: Project):
    """A preview is kept by neither a shared cache nor the browser."""
    if not project.is_public:
        add_never_cache_headers(response)
    return response


@require_GET
def project_detail(request, slug: str):
    project = get_visible_project(request, slug, Project.objects.for_page())
    response = render(
        request,
        "directory/projects/detail.html",
        {
            "project": project,
            "breadcrumbs": _breadcrumbs((project.title, None)),
        },
    )
    return _private_unless_public(response, project)


@require_GET
def project_image(request, slug: str, pk: int):
    """An image of a project, served by the portal (no media server), to those who
    may see the project."""
    project = get_visible_project(request, slug)
    image = get_object_or_404(project.images, pk=pk)
    content_type = mimetypes.guess_type(image.image.name)[0] or "application/octet-stream"
    response = FileResponse(image.image.open("rb"), content_type=content_type)
    response["Cache-Control"] = "max-age=86400, public"
    return _private_unless_public(response, project)


@require_GET
def project_document(request, slug: str, pk: int):
    """A document of a project, downloaded under its title, with the type checked on
    upload (never the browser's word)."""
    project = get_visible_project(request, slug)
    document = get_object_or_404(project.documents, pk=pk)
    extension = document.file.name.rsplit(".", 1)[-1] if "." in document.file.name else ""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{slugify(document.title) or 'document'}.{extension}".rstrip("."),
        content_type=document.content_type,
    )
    return _private_unless_public(response, project)
