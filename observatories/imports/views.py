"""Where figures come from: the public page of an import; for curators who may see
the import data, its rejected rows as CSV and the progress of an uploaded file."""

import contextlib

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from scoran.lib.exports import EXPORTS, csv_bytes

from ..caching import UNREACHABLE
from ..models import ImportRun, ImportUpload
from .tasks import progress_key

PUBLIC_STATUSES = [ImportRun.Status.SUCCEEDED, ImportRun.Status.SKIPPED]


def import_run(request, pk: int):
    """Public summary of an import: where the figures come from."""
    run = get_object_or_404(
        ImportRun.objects.select_related("source").filter(status__in=PUBLIC_STATUSES), pk=pk
    )
    return render(
        request,
        "observatories/import_run.html",
        {"run": run, "breadcrumbs": [(f"Import n°{run.pk}", None)]},
    )


@staff_member_required
@permission_required(
    ["observatories.view_importrun", "observatories.view_importreject"], raise_exception=True
)
def import_rejects(request, pk: int):
    """The rejected rows of an import, as CSV, for curators who may see them in the
    admin (the import's page and its rejected rows)."""
    run = get_object_or_404(ImportRun, pk=pk)
    # The values are those of the uploaded file: written as data, never as formulas.
    body = csv_bytes(
        ["ligne", "colonne", "valeur", "motif"],
        run.rejects.values_list("line", "column", "value", "reason"),
        delimiter=";",
    )
    response = HttpResponse(body, content_type=EXPORTS["csv"])
    response["Content-Disposition"] = f'attachment; filename="rejets-import-{run.pk}.csv"'
    return response


@staff_member_required
@permission_required("observatories.view_importupload", raise_exception=True)
def upload_progress(request, pk: int):
    """Where an uploaded file stands, polled by the admin page while a worker imports it."""
    upload = get_object_or_404(ImportUpload.objects.select_related("run"), pk=pk)
    state = upload.progress()
    if upload.status == ImportUpload.Status.RUNNING:
        # The worker counts in the cache; without it, the count stored so far.
        with contextlib.suppress(*UNREACHABLE):
            state["rows_done"] = cache.get(progress_key(upload.pk), 0)
    return JsonResponse(state)
