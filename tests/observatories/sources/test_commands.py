"""``manage.py add_source`` declares a scheduled source of any format, and
``manage.py fetch_source`` fetches one now, over real HTTP from a server on
loopback; both exit non-zero with the French reason when refused."""

import importlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django_celery_beat.models import PeriodicTask

from observatories.importing.formats import FORMATS
from observatories.models import DataSource, ImportRun
from observatories.sources.tasks import FETCH_TASK, crontab_of
from tests.observatories.importing.hostile import FIXED_HEADER, MIB, gzip_bomb
from tests.observatories.importing.samples import API_FORMATS, SAMPLES, prepare

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

FILES = {f"/{path.name}": path.read_bytes() for path in SAMPLES.values()}
FILES["/autre.csv"] = b"commune;population\n21231;156920\n"
FILES["/bombe.csv.gz"] = gzip_bomb(FIXED_HEADER + b"\n", b";" * MIB, 64)


class Publisher(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/en-panne.csv":
            self.send_error(500, "Internal Server Error")
        elif self.path not in FILES:
            self.send_error(404)
        elif self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
        else:
            self.send_response(200)
            self.send_header("Content-Length", str(len(FILES[self.path])))
            self.send_header("ETag", '"v1"')
            self.end_headers()
            self.wfile.write(FILES[self.path])

    def log_message(self, *args):
        pass


@pytest.fixture
def publisher(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SOURCE_TIMEOUT = 2
    prepare(settings)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Publisher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def add(slug, fmt, url, *extra):
    call_command("add_source", "--slug", slug, "--format", fmt, "--name", f"Source {slug}",
                 "--url", url, *extra)  # fmt: skip


@pytest.mark.parametrize("fmt", [f.key for f in FORMATS])
def test_a_source_of_any_format_is_added_with_its_nightly_job(fmt, capsys):
    add("ma-source", fmt, "https://donnees.example.org/fichier.csv")
    source = DataSource.objects.get(slug="ma-source")
    defaults = next(f for f in FORMATS if f.key == fmt).source
    assert (source.format, source.publisher, source.licence) == (
        fmt, defaults.publisher, defaults.licence
    )  # fmt: skip
    job = PeriodicTask.objects.get(task=FETCH_TASK)
    assert json.loads(job.args) == [source.pk] and job.enabled
    assert (job.crontab.minute, job.crontab.hour, job.crontab.day_of_week) == ("15", "3", "*")
    assert "Source « ma-source » ajoutée" in capsys.readouterr().out


def test_a_source_is_added_with_the_schedule_given():
    add("hebdo", "mci_commune_debit_filaire", "https://d.example.org/f.csv",
        "--schedule", "30 4 * * 1")  # fmt: skip
    crontab = PeriodicTask.objects.get(task=FETCH_TASK).crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("30", "4", "1")
    assert str(crontab.timezone) == "Europe/Paris"


@pytest.mark.parametrize(
    ("slug", "fmt", "url", "extra", "reason"),
    [
        ("s", "tableur", "https://d.example.org/f.csv", [], "Format inconnu : « tableur »."),
        ("s", "mci_actuel", "ftp://d.example.org/f.csv", [],
         "« ftp://d.example.org/f.csv » n'est pas une adresse web (http ou https)."),
        ("mauvais slug", "mci_actuel", "https://d.example.org/f.csv", [], "identifiant :"),
        ("s", "mci_actuel", "https://d.example.org/f", ["--schedule", "99 3 * * *"],
         "Planification « 99 3 * * * » invalide"),
        ("s", "mci_actuel", "https://d.example.org/f", ["--schedule", "15 3"],
         "Planification « 15 3 » invalide : cinq champs attendus"),
    ],
    ids=["unknown-format", "not-http", "bad-slug", "bad-cron", "short-cron"],
)  # fmt: skip
def test_a_refused_source_exits_non_zero_and_adds_nothing(slug, fmt, url, extra, reason):
    with pytest.raises(CommandError, match=r"^Source refusée\. ") as refused:
        add(slug, fmt, url, *extra)
    assert reason in str(refused.value)
    assert (
        not DataSource.objects.exists()
        and not PeriodicTask.objects.filter(task=FETCH_TASK).exists()
    )


def test_a_source_that_exists_is_not_added_again():
    add("s", "mci_actuel", "https://d.example.org/f.csv")
    with pytest.raises(CommandError, match=re.escape("La source « s » existe déjà.")):
        add("s", "mci_actuel", "https://d.example.org/g.csv")
    assert DataSource.objects.get().url == "https://d.example.org/f.csv"


FILE_FORMATS = [key for key in SAMPLES if key not in API_FORMATS]


@pytest.mark.parametrize("key", FILE_FORMATS)
def test_a_source_of_any_format_is_fetched_and_imported_now(publisher, key, capsys):
    for earlier in FILE_FORMATS[: FILE_FORMATS.index(key) + 1]:
        add(earlier.replace("_", "-"), earlier, f"{publisher}/{SAMPLES[earlier].name}")
        call_command("fetch_source", earlier.replace("_", "-"))

    run = ImportRun.objects.latest("pk")
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert run.format == key and run.trigger == ImportRun.Trigger.COMMAND
    assert f"Import n°{run.pk} ({run.source}" in capsys.readouterr().out

    call_command("fetch_source", key.replace("_", "-"))
    assert "Fichier inchangé depuis la dernière récupération" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/absent.csv", "Fichier refusé, aucune donnée modifiée. Le serveur refuse le fichier "
         "(HTTP 404) : adresse à vérifier."),
        ("/en-panne.csv", "Téléchargement impossible : HTTP 500"),
        ("/autre.csv", "Fichier refusé, aucune donnée modifiée. Format non reconnu"),
        ("/bombe.csv.gz", "Fichier refusé, aucune donnée modifiée. Ligne 2 : ligne de plus de"),
        ("/base_imb_21.csv", "Fichier refusé, aucune donnée modifiée. Ce fichier est au format "
         "« Ma connexion internet – immeubles (base_imb) »"),
    ],
    ids=["not-found", "server-error", "unknown-format", "gzip-bomb", "another-format"],
)  # fmt: skip
def test_a_failed_fetch_exits_non_zero_with_the_french_reason(publisher, path, reason):
    add("s", "mci_commune_debit_filaire", publisher + path)
    with pytest.raises(CommandError) as refused:
        call_command("fetch_source", "s")
    assert str(refused.value).startswith(reason), refused.value


def test_an_unknown_inactive_or_addressless_source_is_refused():
    with pytest.raises(CommandError, match=re.escape("Source de données inconnue : « s ».")):
        call_command("fetch_source", "s")
    source = DataSource.objects.create(
        slug="s", name="S", publisher="Arcep", licence="LO", format="mci_actuel"
    )
    with pytest.raises(CommandError, match="n'a pas d'adresse de téléchargement"):
        call_command("fetch_source", "s")
    DataSource.objects.filter(pk=source.pk).update(
        url="https://d.example.org/f.csv", is_active=False, disabled_reason="Trop d'échecs."
    )
    disabled = re.escape("La source « s » est désactivée. Trop d'échecs.")
    with pytest.raises(CommandError, match=disabled):
        call_command("fetch_source", "s")


def test_jobs_stored_under_the_old_task_name_are_renamed():
    migration = importlib.import_module("observatories.migrations.0012_source_task_names")
    job = PeriodicTask.objects.create(
        name="Récupération", task="observatories.tasks.fetch_source",
        crontab=crontab_of("15 3 * * *"), args="[1]",
    )  # fmt: skip
    migration.rename(apps, None)
    job.refresh_from_db()
    assert job.task == FETCH_TASK == "observatories.sources.tasks.fetch_source"
    migration.rename_back(apps, None)
    job.refresh_from_db()
    assert job.task == "observatories.tasks.fetch_source"
