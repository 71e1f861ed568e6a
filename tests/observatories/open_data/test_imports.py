"""OpenDataFrance's observatory through the pipeline: the sample as published and as
exports drift, rejects with their French reasons, hostile values, collectivités of
other regions ignored, each edition kept, the same file skipped."""

import gzip

import pytest
from django.utils import timezone

from observatories.importing.pipeline import import_file
from observatories.models import AreaOpenData, CollectivityOpenData, ImportReject, ImportRun
from observatories.open_data.imports import OPEN_DATA, department_siren, edition_of

from .files import DECEMBER, JUNE, row, table, with_rows, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_data_region")]

COMMAND = ImportRun.Trigger.COMMAND


def imported(path) -> ImportRun:
    return import_file(path, trigger=COMMAND)


def test_the_sample_is_imported_with_each_collectivite_found_by_siren():
    run = imported(JUNE)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert run.format == OPEN_DATA.key
    assert (run.rows_read, run.rows_created, run.rows_outside) == (7, 7, 1)  # Paris outside
    kinds = dict(CollectivityOpenData.objects.values_list("siren", "kind"))
    assert kinds == {
        "200053726": "region",
        "222100018": "department",
        "222500019": "department",
        "242100410": "epci",
        "212102313": "commune",
        "212500565": "commune",
        "212100606": "commune",
    }
    dijon = CollectivityOpenData.objects.get(siren="212102313")
    assert dijon.department_id == "21" and dijon.population == 156_920
    assert dijon.platform_url == "https://data.dijon.fr" and dijon.platform_datasets == 40
    assert str(dijon.edition) == "2025-06-30" and dijon.run == run
    assert CollectivityOpenData.objects.get(siren="200053726").department is None
    assert CollectivityOpenData.objects.get(siren="242100410").department_id == "21"


def test_the_departments_sirens_follow_insee_numbering():
    assert department_siren("21") == "222100018"
    assert department_siren("2A") is None


@pytest.mark.parametrize(
    ("header", "options"),
    [
        (
            ["SIREN", "Nom collectivité", "Type", "Population", "URL plateforme",
             "Nb jeux plateforme", "Nb jeux datagouv"],
            {"delimiter": ",", "quote": True, "bom": True, "crlf": True},
        ),
        (
            [" siren ", "Libellé", "Catégorie", "POP-INSEE", "Portail open data", "nb_jdd_ptf",
             "NB_JDD_DATAGOUV"],
            {"delimiter": ";", "encoding": "cp1252"},
        ),
        (
            ["siren", "nom", "type", "pop_insee", "url_ptf", "nb_ptf", "nb_datagouv"],
            {"packed": True},
        ),
    ],
    ids=["aliases-comma-quotes-bom-crlf", "accents-case-cp1252", "gzip"],
)  # fmt: skip
def test_drifting_columns_and_encodings_are_read(tmp_path, header, options):
    rows = [
        ["212102313", "Dijon", "COM", "156 920", "data.dijon.fr", "40,0", ""],
        ["212500565", "Besançon", "COM", "119198", "", "0", "8"],
        ["217500016", "Paris", "COM", "2133111", "", "300", "200"],
    ]
    path = write(tmp_path / "2025-06-30_export.csv.gz", header, rows, **options)
    run = imported(path)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_created, run.rows_outside, run.rows_rejected) == (2, 1, 0)
    dijon = CollectivityOpenData.objects.get(siren="212102313")
    assert (dijon.population, dijon.platform_datasets, dijon.datagouv_datasets) == (156_920, 40, 0)
    assert dijon.platform_url == "https://data.dijon.fr"  # https assumed
    assert CollectivityOpenData.objects.get(siren="212500565").name == "Besançon"


SIREN = "n'est pas un SIREN (9 chiffres dont une clé de contrôle)."
WEB = "n'est pas une adresse web (http:// ou https://)."
COUNT = "n'est pas un nombre entier positif."


@pytest.mark.parametrize(
    ("bad", "column", "reason"),
    [
        (row(siren="21210231"), "siren", f"« 21210231 » {SIREN}"),
        (row(siren="212102314"), "siren", f"« 212102314 » {SIREN}"),
        (row(nom="  "), "nom", "nom de la collectivité manquant."),
        (row(nom="x" * 201), "nom", "nom de la collectivité trop long (plus de 200 caractères)."),
        (row(platform="-3"), "nb_ptf", f"« -3 » {COUNT}"),
        (row(datagouv="2,5"), "nb_datagouv", f"« 2,5 » {COUNT}"),
        (row(population="beaucoup"), "pop_insee", f"« beaucoup » {COUNT}"),
        (
            row(platform="99999999999"),
            "nb_ptf",
            "« 99999999999 » dépasse le plus grand nombre admis (2147483647).",
        ),
        (row(url="javascript:alert(1)"), "url_ptf", f"« javascript:alert(1) » {WEB}"),
        (row(url="ftp://data.dijon.fr"), "url_ptf", f"« ftp://data.dijon.fr » {WEB}"),
    ],
    ids=["short-siren", "siren-key", "no-name", "long-name", "negative", "decimal", "population",
         "too-large", "script-url", "ftp-url"],
)  # fmt: skip
def test_a_bad_row_is_rejected_with_its_french_reason(tmp_path, settings, bad, column, reason):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    run = imported(with_rows(tmp_path, [row(siren="212500565", nom="Besançon"), bad]))
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    reject = ImportReject.objects.get(run=run)
    assert (reject.line, reject.column, reject.reason) == (3, column, reason)


def test_a_missing_population_is_the_referentials_and_a_missing_count_none(tmp_path):
    run = imported(with_rows(tmp_path, [row(population="", datagouv="")]))
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    dijon = CollectivityOpenData.objects.get()
    assert (dijon.population, dijon.datagouv_datasets) == (1000, 0)


def test_a_siren_twice_is_a_duplicate(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    run = imported(with_rows(tmp_path, [row(), row(nom="Dijon bis"), row(siren="212500565")]))
    assert ImportReject.objects.get(run=run).reason == "doublon de la ligne 2."
    assert CollectivityOpenData.objects.get(siren="212102313").name == "Dijon"


def test_too_many_rejects_refuse_the_whole_file_and_nothing_changes(tmp_path):
    imported(JUNE)
    before = list(CollectivityOpenData.objects.values_list("siren", "platform_datasets"))
    run = imported(
        with_rows(tmp_path, [row(platform="200"), row(siren="1", nom="")], "2025-06-30_b.csv")
    )
    assert run.status == ImportRun.Status.FAILED and "rejet" in run.error.lower()
    assert list(CollectivityOpenData.objects.values_list("siren", "platform_datasets")) == before


def test_hostile_texts_are_kept_as_data(tmp_path):
    names = ['=HYPERLINK("http://evil")', "<script>alert(1)</script>"]
    run = imported(with_rows(tmp_path, [row(nom=names[0]), row(siren="212500565", nom=names[1])]))
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert sorted(CollectivityOpenData.objects.values_list("name", flat=True)) == sorted(names)


def test_a_gzip_bomb_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 100_000
    header, _ = table(JUNE)
    line = ";".join(row()) + "\n"
    body = ";".join(header) + "\n" + line * 10_000
    path = tmp_path / "2025-06-30_bombe.csv.gz"
    path.write_bytes(gzip.compress(body.encode()))
    run = imported(path)
    assert run.status == ImportRun.Status.FAILED
    assert "une fois décompressé" in run.error
    assert not CollectivityOpenData.objects.exists()


def test_each_edition_is_kept_and_the_same_file_skipped():
    first, second = imported(JUNE), imported(DECEMBER)
    again = imported(DECEMBER)
    assert (first.edition, second.edition) == ("T2 2025", "T4 2025")
    assert again.status == ImportRun.Status.SKIPPED
    editions = (
        CollectivityOpenData.objects.values_list("edition", flat=True)
        .order_by("edition")
        .distinct()
    )
    assert sorted(str(edition) for edition in editions) == ["2025-06-30", "2025-12-31"]
    doubs = dict(
        CollectivityOpenData.objects.filter(siren="222500019").values_list(
            "edition", "platform_datasets"
        )
    )
    assert sorted(doubs.values()) == [0, 4]
    region = AreaOpenData.objects.filter(level="region").order_by("edition")
    assert [(a.over_threshold, a.over_threshold_publishing) for a in region] == [(6, 5), (6, 6)]
    assert [a.run for a in region] == [first, second]  # each edition names its import


def test_the_edition_is_the_date_of_the_name_else_its_quarter_else_the_day(tmp_path):
    assert str(imported(with_rows(tmp_path, [row()], "odf_20250315.csv")).edition) == "T1 2025"
    run = imported(with_rows(tmp_path, [row(platform="7")], "odf_2024_T3.csv"))
    assert str(edition_of(run)) == "2024-09-30"
    run = imported(with_rows(tmp_path, [row(platform="8")], "odf.csv"))
    assert edition_of(run) == timezone.localdate()


def test_a_date_in_the_future_is_not_the_edition(tmp_path):
    """A future date in the name would stay the latest edition, hiding later imports."""
    run = imported(with_rows(tmp_path, [row()], "odf_20991231.csv"))
    assert edition_of(run) == timezone.localdate()
    run = imported(with_rows(tmp_path, [row(platform="5")], "odf_2099_T3.csv"))
    assert edition_of(run) == timezone.localdate()
    assert CollectivityOpenData.objects.filter(edition__year=2099).count() == 0


def test_a_curator_uploads_the_file_in_the_admin_and_reads_the_rows(
    client, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from observatories.models import ImportUpload
    from scoran.celery import app as celery_app
    from tests.observatories.mobile.test_triggers_and_admin import curator

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)
    user = curator()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:observatories_importupload_add"),
            {"file": SimpleUploadedFile(JUNE.name, JUNE.read_bytes())},
        )
    upload = ImportUpload.objects.get()
    assert upload.status == ImportUpload.Status.DONE, upload.error
    assert upload.run.trigger == ImportRun.Trigger.UPLOAD and upload.run.triggered_by == user
    assert upload.run.rows_created == 7 and upload.run.rows_outside == 1
    for model in ("collectivityopendata", "areaopendata"):
        changelist = reverse(f"admin:observatories_{model}_changelist")
        assert client.get(changelist, {"q": "21"}).status_code == 200
        assert client.get(reverse(f"admin:observatories_{model}_add")).status_code == 403
    row = CollectivityOpenData.objects.first()
    change = reverse("admin:observatories_collectivityopendata_change", args=[row.pk])
    assert client.post(change, {}).status_code == 403
