"""The files of the resources, served by the portal: always as a download
(``attachment``), with the content type checked on upload (never the browser's
word), ``nosniff`` and a CSP that would sandbox the file if a browser ever showed
it. Unpublished resources are 404 for the public, previewed by their organisation's
agents and curators; members-only documents are 404 but for their working group's
members (``access.get_visible_resource``), and served as private (never cached).

Downloads of published resources are counted (``counting.record_download``): once
per visitor, resource and day, whichever file or version; the file is served even
when counting is unavailable."""

import logging

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from ..models import Resource, ResourceFile
from .access import get_visible_resource
from .counting import record_download

logger = logging.getLogger(__name__)
SANDBOX = "default-src 'none'; sandbox; frame-ancestors 'none'"


def attachment(stored: ResourceFile, resource: Resource) -> FileResponse:
    try:
        opened = stored.file.open("rb")
    except FileNotFoundError:  # a row whose file is gone: said to the team, 404 here
        logger.error("resource file %s (%s) missing from the storage", stored.pk, stored.file)
        raise Http404("Ce fichier n'est plus disponible.") from None
    response = FileResponse(
        opened,
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    if not resource.is_public:  # a preview or a members-only file: kept by no shared cache
        add_never_cache_headers(response)
    return response


@require_GET
def latest_file(request, slug: str):
    """The permanent link: the latest version's first file, or its external link."""
    resource = get_visible_resource(request, slug)
    version = resource.latest_version()
    if version is None:
        raise Http404("Cette ressource n'a pas encore de version.")
    stored = version.first_file()
    if stored is None:
        if not version.external_url:
            raise Http404("Cette version n'a ni fichier ni lien.")
        record_download(request=request, resource=resource)
        response = redirect(version.external_url)
        if not resource.is_public:  # where a members-only document lives is theirs too
            add_never_cache_headers(response)
        return response
    response = attachment(stored, resource)  # the file opens before it counts
    record_download(request=request, resource=resource)
    return response


@require_GET
def version_file(request, slug: str, pk: int):
    """One file of any version, current or earlier."""
    resource = get_visible_resource(request, slug)
    stored = get_object_or_404(ResourceFile, pk=pk, version__resource=resource)
    response = attachment(stored, resource)  # the file opens before it counts
    record_download(request=request, resource=resource)
    return response
