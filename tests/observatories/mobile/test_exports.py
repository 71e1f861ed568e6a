"""What a file said is exported as data, never as a formula: the sites and the
targeted-coverage zones (CSV and XLSX, as the pages will offer them), and the
report of the rows an import rejected."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from directory.models import User
from observatories.importing.pipeline import import_file
from observatories.mobile.spreadsheets import SiteResource, TargetedSiteResource
from observatories.models import ImportRun, MobileSite, TargetedSite
from scoran.lib.exports import export_response

from .files import SITES, TARGETED, rows_of, table, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

HYPERLINK = '=HYPERLINK("https://evil.invalid/","x")'


@pytest.fixture
def hostile_zone(tmp_path):
    header, _ = table(TARGETED)
    rows = rows_of(TARGETED, lines={2: {"nom_de_la_zone": HYPERLINK,
                                        "nom_site_arrete": "@SUM(A1:A9)",
                                        "numero_site": "+33 1"}})  # fmt: skip
    run = import_file(write(tmp_path / "2025_T3_dcc.csv", header, rows), trigger="command")
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    return TargetedSite.objects.select_related("department", "run__source")


def test_the_csv_of_zones_quotes_texts_a_spreadsheet_would_take_for_formulas(hostile_zone):
    response = export_response(TargetedSiteResource(), hostile_zone, "csv", "couverture-ciblee")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    zone = next(row for row in rows if row["zone"].endswith('"x")'))
    assert zone["zone"] == "'" + HYPERLINK
    assert zone["nom du site (arrêté)"] == "'@SUM(A1:A9)"
    assert zone["numéro du site"] == "'+33 1"
    assert zone["opérateurs"] == "Orange, SFR, Free Mobile, Bouygues Telecom"
    assert zone["source"] == "Arcep – Mon réseau mobile, dispositif de couverture ciblée"


def test_the_xlsx_of_zones_holds_texts_as_text_cells_never_formulas(hostile_zone):
    response = export_response(TargetedSiteResource(), hostile_zone, "xlsx", "couverture-ciblee")
    header, *rows = openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows()
    assert not any(cell.data_type == "f" for row in [header, *rows] for cell in row)
    cells = [cell for row in rows for cell in row if cell.value == HYPERLINK]
    assert cells and cells[0].data_type == "s"


def test_the_csv_of_sites_says_what_each_carries(tmp_path):
    header, _ = table(SITES)
    rows = rows_of(SITES, lines={2: {"num_site": "=1+1"}})
    import_file(write(tmp_path / "2025_T3_sites_Metropole.csv", header, rows), trigger="command")
    sites = MobileSite.objects.select_related("commune", "run__source").order_by("number")
    response = export_response(SiteResource(), sites, "csv", "sites")
    exported = {row["numéro du site"]: row for row in csv.DictReader(
        io.StringIO(response.content.decode("utf-8-sig")))}  # fmt: skip
    orange = exported["'=1+1"]
    assert (orange["opérateur"], orange["commune"], orange["technologies"]) == (
        "Orange", "Dijon", "2G, 3G, 4G, 5G"
    )  # fmt: skip
    assert (orange["bandes 5G (MHz)"], orange["zone blanche"]) == ("2100, 3500", "non")


def test_a_rejected_value_is_written_as_data_in_the_reject_report(client, tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    header, _ = table(SITES)
    rows = rows_of(SITES, lines={3: {"code_op": HYPERLINK}})
    run = import_file(write(tmp_path / "2025_T3_sites.csv", header, rows), trigger="command")
    staff = User.objects.create_user(email="c@example.fr", password="x" * 16, is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_importrun", "view_importreject"]))  # fmt: skip
    client.force_login(staff)
    response = client.get(reverse("observatories:import_rejects", kwargs={"pk": run.pk}))
    line = response.content.decode("utf-8-sig").splitlines()[1]
    assert line.startswith("3;code_op;\"'=HYPERLINK(")
