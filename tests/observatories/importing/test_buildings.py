"""Buildings and their eligibility ("Ma connexion internet" base_imb / actuel) through
the import pipeline, and the "Mon adresse" pages built on them."""

import gzip
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from directory.models import User
from observatories.importing.formats import MCI_BUILDINGS
from observatories.importing.pipeline import import_file
from observatories.importing.uploads import check_upload
from observatories.imports.tasks import run_upload
from observatories.models import (
    Building,
    BuildingEligibility,
    DataSource,
    ImportRun,
    ImportUpload,
    SpeedClass,
    Street,
)
from observatories.sources.tasks import fetch_source
from tests.observatories.factories import DATA_DIR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

BUILDINGS = DATA_DIR / "base_imb_21.csv"
ELIGIBILITY = DATA_DIR / "actuel_21.csv.gz"
COMMAND = ImportRun.Trigger.COMMAND
HEADER, *BUILDING_LINES = BUILDINGS.read_text(encoding="utf-8").splitlines()
with gzip.open(ELIGIBILITY, "rt", encoding="utf-8") as _handle:
    ELIGIBILITY_HEADER, *ELIGIBILITY_LINES = _handle.read().splitlines()


def write(tmp_path, lines, name="base_imb_21-2025T4.csv", header=HEADER):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def write_eligibility(tmp_path, lines, name="actuel_21-2025T4.csv"):
    return write(tmp_path, lines, name, header=ELIGIBILITY_HEADER)


def snapshot():
    """Everything the imports write, to prove a refused file changed nothing."""
    return (
        list(Building.objects.order_by("imb_id").values()),
        list(Street.objects.order_by("commune_id", "street", "locality").values()),
        list(BuildingEligibility.objects.order_by("building_id").values()),
    )


def import_both():
    buildings = import_file(BUILDINGS, trigger=COMMAND)
    assert buildings.status == ImportRun.Status.SUCCEEDED, buildings.error
    eligibility = import_file(ELIGIBILITY, trigger=COMMAND)
    assert eligibility.status == ImportRun.Status.SUCCEEDED, eligibility.error
    return buildings, eligibility


def test_buildings_are_imported_with_counts_that_reconcile():
    run = import_file(BUILDINGS, trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert run.format == "mci_base_imb" and run.source.slug == "arcep-mci-immeubles"
    assert (run.rows_read, run.rows_created, run.rows_updated, run.rows_unchanged) == (5, 5, 0, 0)
    assert run.rows_rejected == 0 and run.rows_outside == 1  # Lyon is not in the region
    assert run.reconciles()
    dijon = Building.objects.get(imb_id="IMB/21231/X/0002")
    assert (dijon.commune_id, dijon.department_id, dijon.premises) == ("21231", "21", 1)
    assert (dijon.number, dijon.suffix, dijon.street.street) == (12, "bis", "Rue de la Liberté")
    assert dijon.street.commune_id == "21231" and dijon.street.buildings == 2
    assert dijon.address == "12 bis Rue de la Liberté"
    assert dijon.run_id == run.pk


def test_coordinates_are_converted_from_web_mercator_to_wgs84():
    import_file(BUILDINGS, trigger=COMMAND)
    building = Building.objects.get(imb_id="IMB/21231/X/0001")
    assert (building.x, building.y) == (561217.21, 5994791.96)  # as published
    assert building.longitude == pytest.approx(5.0415, abs=1e-6)
    assert building.latitude == pytest.approx(47.3220, abs=1e-6)


def test_older_editions_with_wgs84_columns_are_read_too(tmp_path):
    """Converted by pyarrow (usual decimals) or by Python (a decimal comma): the same
    coordinates either way."""
    header = HEADER.replace("imb_x;imb_y", "imb_longitude;imb_latitude")
    lines = [
        BUILDING_LINES[0].replace("561217.21;5994791.96", "5.0415;47,3220"),
        BUILDING_LINES[1].replace("561272.87;5994874.07", "5.0415;47.3220"),
    ]
    run = import_file(write(tmp_path, lines, header=header), trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    for building in Building.objects.all():
        assert (building.longitude, building.latitude) == (5.0415, 47.322)
    assert len({(b.x, b.y) for b in Building.objects.all()}) == 1


def test_a_truncated_buildings_file_is_refused_as_unreadable(tmp_path):
    data = gzip.compress(("\n".join([HEADER, *BUILDING_LINES * 2000]) + "\n").encode())
    path = tmp_path / "base_imb_21-2025T4.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("Fichier illisible ou tronqué")
    assert not Building.objects.exists()


def test_the_former_code_of_a_merged_commune_is_resolved():
    import_file(BUILDINGS, trigger=COMMAND)
    assert Building.objects.get(imb_id="IMB/21019/X/0001").commune_id == "21060"


def test_streets_are_searchable_with_the_commune_name_and_without_accents():
    import_file(BUILDINGS, trigger=COMMAND)
    streets = dict(Street.objects.values_list("street", "search"))
    assert streets["Place de l'Église"] == "place de l eglise dijon"
    assert Street.objects.get(street="Rue de la Liberté").buildings == 2
    assert Street.objects.get(locality="Les Essarts").search == "les essarts belleneuve"


def test_the_eligibility_file_is_summed_up_per_building():
    _buildings, run = import_both()

    assert (run.rows_read, run.rows_created, run.rows_updated, run.rows_unchanged) == (13, 13, 0, 0)
    assert run.reconciles() and run.rows_rejected == 0
    first = BuildingEligibility.objects.get(building_id="IMB/21231/X/0001")
    assert first.fo == SpeedClass.THD1G and first.fo_operators == ["FREE", "FRTE", "SFR0"]
    assert first.cu == SpeedClass.BHD8 and first.cu_operators == ["FRTE"]
    assert first.best == SpeedClass.THD1G
    assert first.coax is None and first.sat_operators == []
    village = BuildingEligibility.objects.get(building_id="IMB/21060/X/0001")
    assert (village.cu, village.best) == (SpeedClass.HD3, SpeedClass.HD3)
    assert [t["label"] for t in first.technologies()] == [
        "Fibre optique (FttH)",
        "Cuivre (ADSL, VDSL2)",
    ]
    assert first.technologies()[0]["best"] == "≥ 1 Gbit/s"
    assert first.technologies()[0]["operators"] == ["Free", "Orange", "SFR"]


def test_a_new_edition_updates_only_what_changed_and_drops_what_disappeared(tmp_path):
    first, _ = import_both()
    street = Street.objects.get(street="Rue de la Liberté")
    lines = list(BUILDING_LINES)
    lines[0] = lines[0].replace(";24;OI;", ";26;OI;")  # more premises
    del lines[2]  # a building demolished
    second = import_file(write(tmp_path, lines), trigger=COMMAND)

    assert second.status == ImportRun.Status.SUCCEEDED, second.error
    assert (second.rows_read, second.rows_created, second.rows_updated) == (4, 0, 1)
    assert second.rows_unchanged == 3 and second.reconciles()
    assert second.edition == "T4 2025"  # from the file name: the file has no date
    assert Building.objects.get(imb_id="IMB/21231/X/0001").premises == 26
    assert Street.objects.get(street="Rue de la Liberté").pk == street.pk  # kept
    assert not Building.objects.filter(imb_id="IMB/21231/X/0003").exists()
    assert not Street.objects.filter(street="Place de l'Église").exists()
    # Each building points to the import that last changed it.
    assert Building.objects.get(imb_id="IMB/21231/X/0001").run_id == second.pk
    assert Building.objects.get(imb_id="IMB/21231/X/0002").run_id == first.pk


def test_an_eligibility_edition_updates_only_the_summaries_that_changed(tmp_path):
    import_both()
    lines = [line for line in ELIGIBILITY_LINES if not line.startswith("IMB/21231/X/0003")]
    lines[3] = lines[3].replace("BHD8", "THD30")  # copper of building 0001 upgraded
    run = import_file(write_eligibility(tmp_path, lines), trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    # Rows count with their building's summary: the 4 rows of 0001 are "updated".
    assert (run.rows_read, run.rows_created, run.rows_updated, run.rows_unchanged) == (11, 0, 4, 7)
    assert BuildingEligibility.objects.get(building_id="IMB/21231/X/0001").cu == SpeedClass.THD30
    assert not BuildingEligibility.objects.filter(building_id="IMB/21231/X/0003").exists()


def test_the_same_file_again_is_skipped_and_changes_nothing():
    import_both()
    before = snapshot()
    again = import_file(BUILDINGS, trigger=COMMAND)
    assert again.status == ImportRun.Status.SKIPPED
    assert snapshot() == before


def test_the_same_content_recompressed_is_recognised_and_changes_nothing(tmp_path):
    first, eligibility = import_both()
    before = snapshot()
    for original, previous in ((BUILDINGS, first), (ELIGIBILITY, eligibility)):
        copy = tmp_path / (original.name.removesuffix(".gz").removesuffix(".csv") + ".csv.gz")
        with open(original, "rb") as handle:
            data = handle.read()
        copy.write_bytes(gzip.compress(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data))
        run = import_file(copy, trigger=COMMAND)
        assert run.status == ImportRun.Status.SUCCEEDED, run.error
        assert run.rows_created == run.rows_updated == 0
        assert run.rows_unchanged == previous.rows_read and run.reconciles()
        assert run.rows_outside == previous.rows_outside
    assert snapshot() == before


def test_bad_building_rows_are_rejected_with_line_column_value_and_a_french_reason(
    tmp_path, settings
):
    settings.IMPORT_MAX_REJECT_RATE = 1
    good = BUILDING_LINES[0]
    lines = [
        good,
        good.replace("IMB/21231/X/0001;", ";"),
        good.replace("IMB/21231/X/0001", "IMB/21231/X/0009").replace(";21231;24;", ";2123;24;"),
        good.replace("IMB/21231/X/0001", "IMB/21099/X/0001").replace(";21231;24;", ";21099;24;"),
        good.replace("IMB/21231/X/0001", "IMB/21231/X/0004").replace(";24;OI", ";beaucoup;OI"),
        good.replace("IMB/21231/X/0001", "IMB/21231/X/0005").replace("561217.21", "5,6e5"),
        good.replace("IMB/21231/X/0001", "IMB/21231/X/0006").replace(";12;;Rue", ";12b;;Rue"),
        good.replace("IMB/21231/X/0001", "IMB/25056/X/0001").replace(";21231;24;", ";25056;24;"),
        good,
    ]
    run = import_file(write(tmp_path, lines), trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (9, 1, 8)
    assert run.reconciles()
    assert list(run.rejects.values_list("line", "column", "value", "reason")) == [
        (3, "imb_id", "", "identifiant d'immeuble manquant."),
        (4, "imb_code_insee", "2123", "« 2123 » n'est pas un code commune INSEE (5 caractères)."),
        (5, "imb_code_insee", "21099", "« 21099 » n'est pas un code commune connu du référentiel."),
        (6, "imb_nbr_logloc", "beaucoup", "« beaucoup » n'est pas un nombre entier positif."),
        (7, "imb_x", "5,6e5", "« 5,6e5 » n'est pas une coordonnée (nombre décimal)."),
        (8, "addr_numero", "12b", "« 12b » n'est pas un numéro dans la voie."),
        (
            9,
            "imb_code_insee",
            "25056",
            "« 25056 » est une commune d'un autre département que celui du fichier "
            "(un fichier par département).",
        ),
        (10, "imb_id", "IMB/21231/X/0001", "doublon de la ligne 2."),
    ]


def test_values_too_long_or_too_large_for_the_database_are_rejected_not_refused(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 1
    good = BUILDING_LINES[0]
    lines = [
        good,
        good.replace("0001;", "0002;").replace(";24;OI", ";3000000000;OI"),
        good.replace("0001;", "0003;").replace(";12;;Rue", ";12;" + "b" * 21 + ";Rue"),
        good.replace("0001;", "0004;").replace(";12;;Rue", ";99999999999;;Rue"),
    ]
    run = import_file(write(tmp_path, lines), trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (4, 1, 3)
    assert list(run.rejects.values_list("line", "column")) == [
        (3, "imb_nbr_logloc"),
        (4, "addr_rep"),
        (5, "addr_numero"),
    ]
    assert run.rejects.all()[1].reason == (
        f"« {'b' * 21} » : indice de répétition trop long (20 caractères au plus)."
    )


def test_quotes_spaces_crlf_and_blank_lines_are_read_like_plain_rows(tmp_path):
    """The rows are split on the delimiter while the file has no quote; from the first
    quote on, Python's csv reader reads them: both give the same buildings."""
    plain = import_file(BUILDINGS, trigger=COMMAND)
    expected = snapshot()
    lines = [
        " IMB/21231/X/0001 ; 561217.21 ;5994791.96;212310000000; 21231 ; 24 ;OI;IM;;;12 ;; "
        "Rue de la Liberté ;;21231;Dijon;21231_0001;BAN",
        *BUILDING_LINES[1:3],
        "",
        # A quoted value holding the delimiter and a line break: the slow path.
        BUILDING_LINES[3].replace(";Belleneuve;", ';"Belle;\nneuve";'),
        *BUILDING_LINES[4:],
    ]
    path = tmp_path / "base_imb_21-2025T4.csv"
    path.write_bytes(("\r\n".join([HEADER, *lines]) + "\r\n").encode())
    run = import_file(path, trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_rejected, run.rows_outside) == (5, 0, 1)
    assert (run.rows_created, run.rows_updated) == (0, 0) and run.rows_unchanged == 5
    assert snapshot() == expected and plain.rows_read == 5


def test_rejects_keep_their_line_after_blank_lines_and_values_spanning_lines(tmp_path, settings):
    """pyarrow reads the rows: blank lines (and rows of empty values, skipped like
    them) and quoted values holding line breaks must not shift the lines reported."""
    settings.IMPORT_MAX_REJECT_RATE = 1
    good = BUILDING_LINES[0]
    lines = [
        good,  # line 2
        "",
        ";" * (HEADER.count(";")),  # a row of empty values: skipped like a blank line
        good.replace("0001;", "0002;").replace(";24;OI", ";x;OI"),  # line 5
        good.replace("0001;", "0003;").replace(";Dijon;", ';"Di\r\njon\n\n";'),  # 6 to 9
        "",
        good.replace("0001;", "0004;").replace(";12;;Rue", ";douze;;Rue"),  # line 11
    ]
    path = tmp_path / "base_imb_21-2025T4.csv"
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode())
    run = import_file(path, trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (4, 2, 2)
    assert list(run.rejects.values_list("line", "column", "value")) == [
        (5, "imb_nbr_logloc", "x"),
        (11, "addr_numero", "douze"),
    ]


@pytest.mark.parametrize("rows", [2, 40_000], ids=["first-block", "after-copy-started"])
def test_a_windows_1252_file_is_read_again_transcoded(tmp_path, rows):
    """UTF-8 is tried first; a byte that is not (here at the end of the file, after
    the first batches were copied when the file is long) makes the import read the
    file again from Windows-1252, in the same transaction."""
    row = BUILDING_LINES[0].replace("IMB/21231/X/0001", "IMB/21231/Y/{:05d}")
    lines = [row.format(n) for n in range(rows - 1)] + [BUILDING_LINES[2]]
    path = tmp_path / "base_imb_21-2025T4.csv"
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode("cp1252"))
    run = import_file(path, trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (rows, rows, 0)
    assert Building.objects.get(imb_id="IMB/21231/X/0003").street.street == "Place de l'Église"
    assert Street.objects.get(street="Rue de la Liberté").buildings == rows - 1


def test_a_file_quoted_wrongly_is_refused_with_its_line(tmp_path):
    lines = [BUILDING_LINES[0], BUILDING_LINES[1].replace(";Dijon;", ';"Dijon;')]
    run = import_file(write(tmp_path, lines), trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("Ligne 3 : guillemet mal placé ou non refermé")


def test_the_department_is_the_one_of_the_first_megabyte(tmp_path, settings):
    """A file replaces a whole department: the department of most rows of its first
    megabyte (Doubs here), though most of the file is about the Côte-d'Or; the rows
    of the other departments are rejected."""
    settings.IMPORT_MAX_REJECT_RATE = 1
    row = BUILDING_LINES[0].replace("IMB/21231/X/0001", "IMB/{}/X/{:05d}")
    doubs = [row.replace(";21231;24;", ";25056;24;").format(25056, n) for n in range(8000)]
    cote_d_or = [row.format(21231, n) for n in range(9000)]
    run = import_file(write(tmp_path, [*doubs, *cote_d_or]), trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (17000, 8000, 9000)
    assert run.rejects.first().reason == (
        "« 21231 » est une commune d'un autre département que celui du fichier "
        "(un fichier par département)."
    )
    assert set(Building.objects.values_list("department_id", flat=True)) == {"25"}


def test_bad_eligibility_rows_are_rejected_with_french_reasons(tmp_path, settings):
    import_file(BUILDINGS, trigger=COMMAND)
    settings.IMPORT_MAX_REJECT_RATE = 1
    lines = [
        "IMB/21231/X/0001;;;FRTE;FO;THD1G;THD1G;0;0",
        "IMB/21231/X/0404;;;FRTE;FO;THD1G;THD1G;0;0",
        "IMB/21231/X/0001;;;FRTE;ADSL;HD3;HD3;0;0",
        "IMB/21231/X/0001;;;FRTE;CU;HD3;THD10;0;0",
        "IMB/21231/X/0001;;;;CU;HD3;HD3;0;0",
        "IMB/21231/X/0001;;;FRTE;FO;THD1G;THD100;0;0",
    ]
    run = import_file(write_eligibility(tmp_path, lines), trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (6, 1, 5)
    assert [(r.line, r.column, r.value) for r in run.rejects.all()] == [
        (3, "imb_id", "IMB/21231/X/0404"),
        (4, "code_techno", "ADSL"),
        (5, "classe_debit_descendant", "THD10"),
        (6, "code_operateur", ""),
        (7, "imb_id, code_operateur, code_techno", "IMB/21231/X/0001"),
    ]
    reasons = [r.reason for r in run.rejects.all()]
    assert reasons[0].startswith("« IMB/21231/X/0404 » n'est pas un immeuble importé")
    assert reasons[1] == "« ADSL » n'est pas une technologie connue (FO, COAX, CU, THDR, 4GF, SAT)."
    assert reasons[4] == "doublon de la ligne 2 (même immeuble, opérateur et technologie)."


def test_eligibility_before_any_building_is_refused_with_the_reason():
    run = import_file(ELIGIBILITY, trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert "importez d'abord le fichier base_imb" in run.error
    assert not BuildingEligibility.objects.exists()


@pytest.mark.parametrize(
    ("lines", "error"),
    [
        (["IMB/1;1;2"], "Ligne 2 : le nombre de valeurs ne correspond pas à l'en-tête"),
        ([BUILDING_LINES[0].replace(";24;", ";x;")] * 2, "Trop de lignes rejetées : 2 sur 2"),
    ],
    ids=["structural", "too-many-rejects"],
)
def test_a_refused_building_file_leaves_the_data_exactly_as_it_was(tmp_path, lines, error):
    import_both()
    before = snapshot()
    run = import_file(write(tmp_path, lines), trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert error in run.error
    assert snapshot() == before
    with connection.cursor() as cursor:  # no fresh table left behind
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tablename ~ '_r[0-9]+$'")
        assert cursor.fetchone()[0] == 0


def test_a_refused_eligibility_file_leaves_the_data_exactly_as_it_was(tmp_path):
    import_both()
    before = snapshot()
    run = import_file(
        write_eligibility(tmp_path, ["IMB/21231/X/0001;;;FRTE;FO;THD1G;MEGA;0;0"]),
        trigger=COMMAND,
    )
    assert run.status == ImportRun.Status.FAILED
    assert "Trop de lignes rejetées : 1 sur 1" in run.error
    assert snapshot() == before


def test_a_file_without_coordinates_is_refused_in_french(tmp_path):
    header = HEADER.replace("imb_x;imb_y", "a;b")
    run = import_file(write(tmp_path, BUILDING_LINES, header=header), trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("Coordonnées absentes")


def test_the_command_imports_both_files_and_prints_the_counts(capsys):
    call_command("import_arcep", str(BUILDINGS))
    call_command("import_arcep", str(ELIGIBILITY))
    out = capsys.readouterr().out
    assert re.search(r"5 lignes lues = 5 créées \+ 0 mises à jour", out)
    assert "1 hors région ignorées" in out
    assert re.search(r"13 lignes lues = 13 créées", out)


def test_the_command_refuses_a_buildings_file_for_an_eligibility_source():
    import_both()
    with pytest.raises(CommandError, match="au format « Ma connexion internet – immeubles"):
        call_command(
            "import_arcep", str(DATA_DIR / "base_imb_21.csv"), "--source",
            "arcep-mci-eligibilite-immeubles",
        )  # fmt: skip


@pytest.mark.parametrize("name", ["base_imb_21.csv.gz", "actuel_21.csv.gz", "base_imb_21.csv"])
def test_uploads_accept_the_files_as_arcep_publishes_them(name):
    content = ELIGIBILITY.read_bytes() if name.endswith(".gz") else BUILDINGS.read_bytes()
    check_upload(SimpleUploadedFile(name, content))  # raises ValidationError if refused


def test_an_uploaded_buildings_file_is_imported_by_the_upload_task(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    curator = User.objects.create_superuser(email="curatrice@example.fr", password="x" * 16)
    client.force_login(curator)
    response = client.post(
        reverse("admin:observatories_importupload_add"),
        {"file": SimpleUploadedFile("base_imb_21.csv.gz", gzip.compress(BUILDINGS.read_bytes()))},
    )
    assert response.status_code == 302
    upload = ImportUpload.objects.get()
    run_upload(upload.pk)  # what the worker runs once the upload is committed

    upload.refresh_from_db()
    assert upload.run.status == ImportRun.Status.SUCCEEDED, upload.run.error
    assert upload.run.trigger == ImportRun.Trigger.UPLOAD and upload.run.triggered_by == curator
    assert Building.objects.count() == 5


class Publisher(BaseHTTPRequestHandler):
    def do_GET(self):
        body = gzip.compress(BUILDINGS.read_bytes())
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_scheduled_source_downloads_and_imports_a_buildings_file():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Publisher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        source = DataSource.objects.create(
            slug="mci-immeubles-21", name="Ma connexion internet, immeubles de Côte-d'Or",
            publisher="Arcep", licence="Licence Ouverte 2.0", format=MCI_BUILDINGS.key,
            url=f"http://127.0.0.1:{server.server_address[1]}/2025t4/base_imb_21.csv.gz",
        )  # fmt: skip
        assert fetch_source.apply(args=[source.pk]).result == ImportRun.Status.SUCCEEDED
    finally:
        server.shutdown()
        server.server_close()
    run = ImportRun.objects.get()
    assert run.trigger == ImportRun.Trigger.SCHEDULE and run.source == source
    assert run.edition == "T4 2025"  # read in the address: the file has no date
    assert Building.objects.count() == 5


def more_buildings(tmp_path, count):
    """The sample plus ``count`` buildings on one more street of Dijon."""
    extra = [
        BUILDING_LINES[0]
        .replace("IMB/21231/X/0001", f"IMB/21231/Y/{n:04d}")
        .replace(";12;;Rue de la Liberté;", f";{n + 1};;Rue Victor Hugo;")
        for n in range(count)
    ]
    run = import_file(write(tmp_path, [*BUILDING_LINES, *extra]), trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error


@pytest.mark.parametrize(
    ("query", "labels"),
    [
        (
            "12 rue de la liberte",
            ["12 Rue de la Liberté, Dijon", "12 bis Rue de la Liberté, Dijon"],
        ),
        ("liberté dij", ["12 Rue de la Liberté, Dijon"]),
        ("eglise", ["4 Place de l'Église, Dijon"]),
        ("essarts belleneuve", ["Les Essarts, Belleneuve"]),
        ("grande rue belle", ["7 Grande Rue, Belleneuve"]),
        ("de la", []),  # only stop words: too vague
        ("zz", []),
    ],
)
def test_suggestions_find_buildings_by_number_street_and_commune(client, query, labels):
    import_both()
    response = client.get(reverse("observatories:address_suggestions"), {"q": query})
    results = response.json()["results"]
    assert [r["label"] for r in results] == labels
    if results:
        assert results[0]["url"] == reverse(
            "observatories:building", kwargs={"imb_id": results[0]["id"]}
        )


@pytest.mark.parametrize("count", [1, 30])
def test_suggestions_and_search_page_take_a_constant_number_of_queries(
    client, tmp_path, django_assert_num_queries, count
):
    more_buildings(tmp_path, count)
    with django_assert_num_queries(1):
        response = client.get(reverse("observatories:address_suggestions"), {"q": "victor hugo"})
    assert len(response.json()["results"]) == 1  # one suggestion per street without a number
    with django_assert_num_queries(1):
        response = client.get(reverse("observatories:address"), {"q": "1 rue victor dijon"})
    assert "1 Rue Victor Hugo, Dijon" in response.content.decode()


def test_the_search_page_works_without_javascript(client):
    import_both()
    html = client.get(reverse("observatories:address"), {"q": "rue liberte"}).content.decode()
    url = reverse("observatories:building", kwargs={"imb_id": "IMB/21231/X/0001"})
    assert f'<a href="{url}">12 Rue de la Liberté, Dijon</a>' in html
    assert 'name="q" value="rue liberte"' in html
    html = client.get(reverse("observatories:address"), {"q": "nulle part"}).content.decode()
    assert "Aucune adresse ne correspond" in html


def test_the_building_page_shows_technologies_operators_speeds_and_sources(
    client, django_assert_num_queries
):
    buildings, eligibility = import_both()
    url = reverse("observatories:building", kwargs={"imb_id": "IMB/21231/X/0001"})
    with django_assert_num_queries(1):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>12 Rue de la Liberté, Dijon</h1>" in html
    assert reverse("observatories:commune", kwargs={"code": "21231"}) in html
    assert re.search(
        r"Fibre optique \(FttH\)</th>\s*<td>≥ 1 Gbit/s</td>\s*<td>Free, Orange, SFR", html
    )
    assert re.search(r"Cuivre \(ADSL, VDSL2\)</th>\s*<td>≥ 8 Mbit/s \(bon haut débit\)", html)
    assert "Source : Arcep, Arcep – Ma connexion internet, éligibilité des immeubles" in html
    assert eligibility.get_absolute_url() in html and buildings.get_absolute_url() in html


def test_a_building_without_eligibility_says_so_and_an_unknown_one_is_404(client):
    import_file(BUILDINGS, trigger=COMMAND)
    url = reverse("observatories:building", kwargs={"imb_id": "IMB/21231/X/0001"})
    assert "Aucune donnée d'éligibilité" in client.get(url).content.decode()
    missing = reverse("observatories:building", kwargs={"imb_id": "IMB/21231/X/9999"})
    assert client.get(missing).status_code == 404


def test_the_observatory_home_links_to_the_address_search(client):
    html = client.get(reverse("observatories:home")).content.decode()
    assert f'href="{reverse("observatories:address")}"' in html
