"""CSV and XLSX downloads write data, never a formula: a text that spreadsheet
software would evaluate (``=``, ``+``, ``-``, ``@``, tab, carriage return) is written
with a leading quote in CSV and as a text cell in XLSX."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from import_export import resources
from openpyxl import load_workbook

from scoran.lib.exports import (
    csv_bytes,
    csv_cell,
    export_response,
    query_without,
    requested_export,
    xlsx_bytes,
)

HOSTILE = [
    '=HYPERLINK("https://evil.invalid/","x")',
    "+33 1 23",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # spreadsheet software then reads UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(body: bytes):
    return list(load_workbook(io.BytesIO(body)).active.iter_rows())


@pytest.mark.parametrize("text", HOSTILE)
def test_a_csv_cell_that_would_be_a_formula_starts_with_a_quote(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"),
    [("Dijon", "Dijon"), ("a=b", "a=b"), (None, ""), (-3, "-3"), (2.5, "2.5"), (True, "True")],
)
def test_other_csv_cells_are_written_as_they_are(value, cell):
    assert csv_cell(value) == cell


def test_a_csv_document_quotes_formulas_in_headers_and_rows():
    rows = read_csv(csv_bytes(["=nom", "n"], [[text, 1] for text in HOSTILE]))
    assert rows[0] == ["'=nom", "n"]
    assert [row[0] for row in rows[1:]] == ["'" + text for text in HOSTILE]
    assert all(row[1] == "1" for row in rows[1:])


def test_an_xlsx_workbook_holds_texts_as_text_cells_never_formulas():
    day = datetime.date(2025, 12, 31)
    cells = read_xlsx(xlsx_bytes(["=nom", "n", "le"], [[text, -1, day] for text in HOSTILE]))
    assert (cells[0][0].value, cells[0][0].data_type) == ("=nom", "s")
    for text, row in zip(HOSTILE, cells[1:], strict=True):
        # XML reads a carriage return as a line feed: still a text, never a formula.
        assert (row[0].value, row[0].data_type) == (text.replace("\r", "\n"), "s")
        assert (row[1].value, row[1].data_type) == (-1, "n")  # numbers stay numbers
        assert row[2].value == datetime.datetime(2025, 12, 31)
    assert not any(cell.data_type == "f" for row in cells for cell in row)


def test_an_xlsx_workbook_drops_characters_xml_cannot_hold_and_cuts_its_title():
    body = xlsx_bytes(["nom"], [["Ligne\x00 \x0bnette"]], title="x" * 40)
    workbook = load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == ["x" * 31]
    assert workbook.active["A2"].value == "Ligne nette"


@pytest.mark.parametrize(("query", "export"), [("csv", "csv"), ("xlsx", "xlsx"), ("pdf", None)])
def test_only_known_formats_are_exports(query, export):
    assert requested_export(RequestFactory().get("/", {"format": query})) == export
    assert requested_export(RequestFactory().get("/")) is None


def test_the_query_string_without_the_page_and_the_format():
    request = RequestFactory().get("/", {"q": "fibre", "page": "3", "format": "csv", "a": "é"})
    assert query_without(request, "page", "format") == "q=fibre&a=%C3%A9"


class GroupResource(resources.ModelResource):
    class Meta:
        model = Group
        fields = ["name"]


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_an_export_response_is_an_attachment_without_formulas(export):
    Group.objects.create(name='=HYPERLINK("https://evil.invalid/","x")')
    queryset = Group.objects.filter(name__startswith="=")
    response = export_response(GroupResource(), queryset, export, "groupes")
    assert response["Content-Disposition"] == f'attachment; filename="groupes.{export}"'
    if export == "csv":
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert read_csv(response.content)[1] == ['\'=HYPERLINK("https://evil.invalid/","x")']
    else:
        (cell,) = read_xlsx(response.content)[1]
        assert (cell.value, cell.data_type) == ('=HYPERLINK("https://evil.invalid/","x")', "s")
