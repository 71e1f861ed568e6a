"""CSV and XLSX downloads of a list, as shown (django-import-export resources).

Shared by every app's list pages; it knows no model, so any app may use it.
"""

from django.http import HttpResponse

EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def requested_export(request) -> str | None:
    """The export format asked for in ``?format=``, or None for the HTML page."""
    export = request.GET.get("format")
    return export if export in EXPORTS else None


def export_response(resource, queryset, export: str, filename: str) -> HttpResponse:
    """The rows of ``queryset`` through ``resource`` as a download named
    ``filename.<export>``. CSV carries a byte order mark: spreadsheet software then
    reads its accents as UTF-8."""
    # Read at once, in the page's order (import-export would re-sort a queryset with
    # prefetches by pk and read it in pages, its prefetches once per page).
    dataset = resource.export(queryset=list(queryset))
    body = dataset.csv.encode("utf-8-sig") if export == "csv" else dataset.xlsx
    response = HttpResponse(body, content_type=EXPORTS[export])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export}"'
    return response


def query_without(request, *names: str) -> str:
    """The page's query string without the given parameters (the page number, the
    export format), for the pager and the export links."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
