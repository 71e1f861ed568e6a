"""The communes table's exports (``/observatoire/communes/?format=csv|xlsx``) write
names as data, never as formulas, whatever an imported file called a territory."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from observatories.importing.pipeline import import_file
from observatories.models import EPCI, Commune, Department, ImportRun
from tests.observatories.factories import SAMPLE_FIXED_STATS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

TABLE = reverse("observatories:commune_table")
HOSTILE = {
    "commune": '=HYPERLINK("https://evil.invalid/","x")',
    "intercommunalité": "@SUM(A1:A9)",
    "département": "+33 Côte-d'Or",
}


@pytest.fixture
def hostile_names():
    import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    Commune.objects.filter(code="21231").update(name=HOSTILE["commune"])
    EPCI.objects.filter(siren="242100410").update(name=HOSTILE["intercommunalité"])
    Department.objects.filter(code="21").update(name=HOSTILE["département"])


def test_the_csv_export_quotes_names_that_would_be_formulas(client, hostile_names):
    response = client.get(TABLE, {"departement": "21", "format": "csv"})
    rows = {
        row["code INSEE"]: row
        for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    }
    for column, name in HOSTILE.items():
        assert rows["21231"][column] == "'" + name
    assert rows["21060"]["commune"] == "Belleneuve"


def test_the_xlsx_export_holds_names_as_text_cells_never_formulas(client, hostile_names):
    response = client.get(TABLE, {"departement": "21", "format": "xlsx"})
    header, *rows = openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows()
    dijon = next(row for row in rows if row[0].value == "21231")
    cells = {title.value: cell for title, cell in zip(header, dijon, strict=True)}
    for column, name in HOSTILE.items():
        assert (cells[column].value, cells[column].data_type) == (name, "s")
    assert not any(cell.data_type == "f" for row in [header, *rows] for cell in row)
