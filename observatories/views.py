import csv

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import ImportRun

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
def import_rejects(request, pk: int):
    """The rejected rows of an import, as CSV, for curators."""
    run = get_object_or_404(ImportRun, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rejets-import-{run.pk}.csv"'
    response.write("\ufeff")  # BOM: spreadsheets then read the accents right
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["ligne", "colonne", "valeur", "motif"])
    writer.writerows(run.rejects.values_list("line", "column", "value", "reason"))
    return response
