"""The import pipeline, through its first format ("Ma connexion internet" per commune)."""

import gzip
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from observatories.importing.pipeline import import_file
from observatories.importing.reading import ImportRefused
from observatories.models import CommuneFixedStats, ImportRun
from tests.observatories.factories import SAMPLE_FIXED_STATS as SAMPLE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

HEADER = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
COMMAND = ImportRun.Trigger.COMMAND


def write(tmp_path, lines, name="communes.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding=encoding)
    return path


def stats():
    return dict(CommuneFixedStats.objects.values_list("commune_id", "premises"))


def test_a_file_is_imported_with_counts_that_reconcile():
    run = import_file(SAMPLE, trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_created, run.rows_updated, run.rows_unchanged) == (3, 3, 0, 0)
    assert run.rows_rejected == 0 and run.rows_outside == 1  # Lyon is not in the region
    assert run.reconciles()
    assert run.edition == "T4 2025"
    assert len(run.sha256) == 64 and run.file_size == SAMPLE.stat().st_size
    assert run.source.publisher == "Arcep" and run.source.licence == "Licence Ouverte 2.0"
    assert stats() == {"21231": 98012, "21060": 812, "25056": 71540}  # "98 012" read as 98012
    assert CommuneFixedStats.objects.get(commune_id="21231").eligible_1000 == 94000


def test_the_same_file_again_is_skipped_and_changes_nothing():
    first = import_file(SAMPLE, trigger=COMMAND)
    again = import_file(SAMPLE, trigger=COMMAND)
    assert again.status == ImportRun.Status.SKIPPED
    assert again.rows_created == again.rows_updated == 0
    assert set(CommuneFixedStats.objects.values_list("run_id", flat=True)) == {first.pk}


def test_a_new_edition_of_the_file_updates_only_what_changed(tmp_path):
    first = import_file(SAMPLE, trigger=COMMAND)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[1:]
    lines[1] = lines[1].replace(";812;", ";815;")
    second = import_file(write(tmp_path, lines), trigger=COMMAND)

    assert (second.rows_created, second.rows_updated, second.rows_unchanged) == (0, 1, 2)
    assert second.reconciles()
    assert stats()["21060"] == 815
    # Each figure points to the import that last changed it.
    assert CommuneFixedStats.objects.get(commune_id="21060").run_id == second.pk
    assert CommuneFixedStats.objects.get(commune_id="21231").run_id == first.pk


def test_the_former_code_of_a_merged_commune_is_resolved(tmp_path):
    path = write(tmp_path, ["21019;Beire-le-Fort;21;27;10;all;0;10;10;10;10;10;2025-12-31"])
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED
    assert stats() == {"21060": 10}


def test_bad_rows_are_rejected_with_line_column_value_and_a_french_reason(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 0.8
    path = write(
        tmp_path,
        [
            "21231;Dijon;21;27;100;all;0;100;100;90;80;70;2025-12-31",
            "2123;Dijon;21;27;100;all;0;100;100;90;80;70;2025-12-31",
            "21060;Belleneuve;21;27;beaucoup;all;0;1;1;1;1;1;2025-12-31",
            "21099;Inconnue;21;27;5;all;0;5;5;5;5;5;2025-12-31",
            "21231;Dijon;21;27;100;all;0;100;100;90;80;70;2025-12-31",
        ],
    )
    run = import_file(path, trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (5, 1, 4)
    assert run.reconciles()
    assert list(run.rejects.values_list("line", "column", "value", "reason")) == [
        (3, "code_insee", "2123", "« 2123 » n'est pas un code commune INSEE (5 caractères)."),
        (4, "nbr", "beaucoup", "« beaucoup » n'est pas un nombre entier positif."),
        (5, "code_insee", "21099", "« 21099 » n'est pas un code commune connu du référentiel."),
        (6, "commune_id, edition", "", "doublon de la ligne 2."),
    ]


def test_too_many_rejects_refuse_the_file_and_leave_the_data_as_it_was(tmp_path):
    import_file(SAMPLE, trigger=COMMAND)
    before = list(CommuneFixedStats.objects.order_by("commune_id").values())
    path = write(
        tmp_path,
        [
            "21231;Dijon;21;27;1;all;0;1;1;1;1;1;2025-12-31",
            "21060;Belleneuve;21;27;-4;all;0;1;1;1;1;1;2025-12-31",
        ],
    )
    run = import_file(path, trigger=COMMAND)

    assert run.status == ImportRun.Status.FAILED
    assert "Trop de lignes rejetées : 1 sur 2 (le seuil est de 5 %)" in run.error
    assert run.rejects.count() == 1  # the report explains the refusal
    assert list(CommuneFixedStats.objects.order_by("commune_id").values()) == before


@pytest.mark.parametrize(
    ("name", "encoding", "transform"),
    [
        ("communes.csv.gz", "utf-8", "gzip"),
        ("communes-latin1.csv", "cp1252", None),
        ("communes-bom-virgules.csv", "utf-8-sig", "commas"),
    ],
)
def test_files_are_read_as_published_or_re_saved(tmp_path, name, encoding, transform):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    if transform == "commas":
        lines = [line.replace(";", ",") for line in lines]
    path = tmp_path / name
    text = "\n".join(lines) + "\n"
    if transform == "gzip":
        with gzip.open(path, "wt", encoding=encoding) as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding=encoding)

    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert stats() == {"21231": 98012, "21060": 812, "25056": 71540}


def test_a_file_of_unknown_format_is_refused_in_french(tmp_path):
    path = tmp_path / "autre.csv"
    path.write_text("commune;population\n21231;156920\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="Format non reconnu"):
        import_file(path, trigger=COMMAND)
    assert not ImportRun.objects.exists()


def test_a_truncated_gzip_is_refused_and_nothing_is_written(tmp_path):
    whole = tmp_path / "whole.csv.gz"
    with gzip.open(whole, "wt", encoding="utf-8") as handle:
        handle.write(SAMPLE.read_text(encoding="utf-8") * 200)
    truncated = tmp_path / "tronque.csv.gz"
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    run = import_file(truncated, trigger=COMMAND)  # its format is known from its header
    assert run.status == ImportRun.Status.FAILED
    assert "Fichier illisible ou tronqué à partir de la ligne" in run.error
    assert not CommuneFixedStats.objects.exists()


def test_a_row_with_a_missing_column_refuses_the_file(tmp_path):
    import_file(SAMPLE, trigger=COMMAND)
    path = write(tmp_path, ["21231;Dijon;21;27;1;all;0;1;1;1;1;2025-12-31"])
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("Ligne 2 : 12 valeurs pour 13 colonnes")
    assert stats()["21231"] == 98012


def test_a_succeeded_run_whose_counts_do_not_reconcile_cannot_be_saved():
    run = import_file(SAMPLE, trigger=COMMAND)
    run.rows_created += 1
    with pytest.raises(IntegrityError):
        run.save()


def test_the_command_prints_a_summary(capsys):
    call_command("import_arcep", str(SAMPLE))
    out = capsys.readouterr().out
    assert re.search(
        r"3 lignes lues = 3 créées \+ 0 mises à jour \+ 0 inchangées \+ 0 rejetées", out
    )
    assert "1 hors région ignorées" in out


def test_the_command_exits_with_the_french_reason_when_the_file_is_refused(tmp_path):
    path = tmp_path / "autre.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(
        CommandError, match=re.escape("Fichier refusé, aucune donnée modifiée. Format non reconnu")
    ):
        call_command("import_arcep", str(path))


def test_the_public_summary_of_an_import_says_where_figures_come_from(
    client, django_assert_num_queries
):
    run = import_file(SAMPLE, trigger=COMMAND)
    with django_assert_num_queries(1):
        response = client.get(run.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Arcep" in html and "Licence Ouverte 2.0" in html and "T4 2025" in html
    assert run.sha256 in html


def test_a_refused_import_has_no_public_summary(client, tmp_path):
    run = import_file(
        write(tmp_path, ["21231;Dijon;21;27;x;all;0;1;1;1;1;1;2025-12-31"]), trigger=COMMAND
    )
    assert run.status == ImportRun.Status.FAILED
    assert client.get(run.get_absolute_url()).status_code == 404


def test_the_admin_shows_an_import_with_its_rejects_and_report_link(client, tmp_path, settings):
    from directory.models import User

    settings.IMPORT_MAX_REJECT_RATE = 1
    run = import_file(
        write(tmp_path, ["21231;Dijon;21;27;x;all;0;1;1;1;1;1;2025-12-31"]), trigger=COMMAND
    )
    client.force_login(User.objects.create_superuser(email="a@example.fr", password="x" * 16))
    html = client.get(
        reverse("admin:observatories_importrun_change", args=[run.pk])
    ).content.decode()
    assert "Télécharger le rapport (CSV)" in html
    assert "n&#x27;est pas un nombre entier positif" in html
    assert client.get(reverse("admin:observatories_importrun_changelist")).status_code == 200


def test_a_faster_class_with_more_premises_than_a_slower_one_is_a_rejected_row(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 1
    path = write(tmp_path, ["21231;Dijon;21;27;100;all;0;100;60;70;50;40;2025-12-31"])
    run = import_file(path, trigger=COMMAND)
    assert list(run.rejects.values_list("column", "value", "reason")) == [
        (
            "elig_thd30",
            "70",
            "70 locaux éligibles à cette classe, plus que les 60 de la classe plus lente "
            "« elig_bhd8 » (une classe compte aussi les locaux des classes plus rapides).",
        )
    ]
    assert not CommuneFixedStats.objects.exists()


def test_more_eligible_premises_than_premises_is_a_rejected_row(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 1
    path = write(tmp_path, ["21231;Dijon;21;27;100;all;0;100;100;120;90;80;2025-12-31"])
    run = import_file(path, trigger=COMMAND)
    assert list(run.rejects.values_list("column", "reason")) == [
        ("elig_thd30", "120 locaux pour cette classe, plus que les 100 locaux de la commune.")
    ]


def test_a_database_rule_broken_by_a_row_fails_the_run_cleanly(tmp_path, monkeypatch):
    from observatories.importing import formats

    # A parser that lets an impossible value through: the database still refuses it.
    original = formats.COMMUNE_FIXED_STATS.parse_row

    def lenient(row, context):
        (values,) = original(row, context)[0]
        return ([{**values, "eligible_30": values["premises"] + 1}],)

    monkeypatch.setattr(formats.COMMUNE_FIXED_STATS, "parse_row", lenient)
    run = import_file(SAMPLE, trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("Les données enfreignent une règle de cohérence de la base")
    assert not CommuneFixedStats.objects.exists()
