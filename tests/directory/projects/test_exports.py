"""The projects' exports (``/projets/?format=csv|xlsx``) write what agents typed as
data, never as a formula: an organisation renamed ``=HYPERLINK(…)`` or a project
field starting with ``=``, ``+``, ``-`` or ``@`` is a quoted CSV cell and an XLSX
text cell."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from directory.models import ProjectFunding
from tests.directory.factories import make_organisation, make_project_row

pytestmark = pytest.mark.django_db

EVIL_NAME = '=HYPERLINK("https://evil.invalid/","x")'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile_project():
    project = make_project_row(
        "=1+1 pour la fibre",
        make_organisation(EVIL_NAME),
        summary="+33 3 80 00 00 00",
        partner_names="-2+3\n@SUM(A1:A9)",
    )
    ProjectFunding.objects.create(project=project, funder="@Région")
    return project


def test_the_csv_export_quotes_every_cell_that_would_be_a_formula(client, hostile_project):
    response = client.get(reverse("projects:list"), {"format": "csv"})
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row["structure porteuse"] == "'" + EVIL_NAME
    assert row["titre"] == "'=1+1 pour la fibre"
    assert row["résumé"] == "'+33 3 80 00 00 00"
    assert row["partenaires"] == "'-2+3, @SUM(A1:A9)"
    assert row["financements"] == "'@Région"
    assert not any(value.startswith(FORMULA_START) for value in row.values())


def test_the_xlsx_export_holds_them_as_text_cells_never_formulas(client, hostile_project):
    response = client.get(reverse("projects:list"), {"format": "xlsx"})
    header, row = openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows()
    cells = {title.value: cell for title, cell in zip(header, row, strict=True)}
    for column, value in [
        ("structure porteuse", EVIL_NAME),
        ("titre", "=1+1 pour la fibre"),
        ("résumé", "+33 3 80 00 00 00"),
        ("partenaires", "-2+3, @SUM(A1:A9)"),
        ("financements", "@Région"),
    ]:
        assert (cells[column].value, cells[column].data_type) == (value, "s")
    assert not any(cell.data_type == "f" for cell in [*header, *row])
