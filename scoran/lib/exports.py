"""CSV and XLSX downloads of a list, as shown (django-import-export resources).

Shared by every app's list pages; it knows no model, so any app may use it.

A cell is data, never a formula: a text that a spreadsheet would take for one
(``=HYPERLINK(…)``, ``+1``, ``-1``, ``@SUM(…)``) is written with a leading quote in
CSV (shown as typed by spreadsheet software) and as a text cell in XLSX.
"""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# What spreadsheet software reads as the start of a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def requested_export(request) -> str | None:
    """The export format asked for in ``?format=``, or None for the HTML page."""
    export = request.GET.get("format")
    return export if export in EXPORTS else None


def csv_cell(value) -> str:
    """A value as a CSV cell that no spreadsheet evaluates."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_bytes(headers, rows, *, delimiter: str = ",") -> bytes:
    """A CSV document with a byte order mark: spreadsheet software then reads its
    accents as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([csv_cell(header) for header in headers])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(headers, rows, *, title: str = "Export") -> bytes:
    """An XLSX workbook whose texts are text cells (never formulas), characters that
    XML cannot hold removed."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])

    def cell(value):
        if isinstance(value, str):
            item = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            item.data_type = "s"  # openpyxl would store "=…" as a formula
            return item
        return WriteOnlyCell(sheet, value=value)

    sheet.append([cell(header) for header in headers])
    for row in rows:
        sheet.append([cell(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_response(resource, queryset, export: str, filename: str) -> HttpResponse:
    """The rows of ``queryset`` through ``resource`` as a download named
    ``filename.<export>``."""
    # Read at once, in the page's order (import-export would re-sort a queryset with
    # prefetches by pk and read it in pages, its prefetches once per page).
    dataset = resource.export(queryset=list(queryset))
    if export == "csv":
        body = csv_bytes(dataset.headers, dataset)
    else:
        body = xlsx_bytes(dataset.headers, dataset, title=filename)
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
