"""Files built to exhaust the worker (a gzip bomb, one endless line, too many
values) are refused in French while they stream, after a bounded read and with
little memory, by the pipeline and by the admin's upload check."""

import gzip
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import User
from observatories.importing.pipeline import import_file
from observatories.importing.reading import ImportRefused
from observatories.models import ImportRun, ImportUpload
from tests.observatories.factories import SAMPLE_FIXED_STATS

from .hostile import BUILDINGS_HEADER, ELIGIBILITY_HEADER, FIXED_HEADER, MIB, gzip_bomb, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

COMMAND = ImportRun.Trigger.COMMAND


def measured(function):
    """Run ``function``; its result, the seconds it took and the peak of memory
    Python allocated meanwhile (bytes)."""
    tracemalloc.start()
    start = time.monotonic()
    try:
        result = function()
    finally:
        elapsed = time.monotonic() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, elapsed, peak


@pytest.mark.parametrize(
    "header",
    [FIXED_HEADER, BUILDINGS_HEADER, ELIGIBILITY_HEADER],
    ids=["commune-rows", "buildings-read-by-pyarrow", "eligibility-copied-as-text"],
)
def test_a_gzip_bomb_of_separators_is_refused_after_a_bounded_read(tmp_path, header):
    import_file(SAMPLE_FIXED_STATS, trigger=COMMAND)
    before = snapshot()
    bomb = tmp_path / "bombe.csv.gz"
    bomb.write_bytes(gzip_bomb(header + b"\n", b";" * MIB, 512))  # 512 MiB once unpacked
    assert bomb.stat().st_size < MIB

    run, elapsed, peak = measured(lambda: import_file(bomb, trigger=COMMAND))

    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("Ligne 2 : ligne de plus de 1,0\xa0Mio"), run.error
    assert elapsed < 10 and peak < 48 * MIB, (elapsed, peak)  # unpacked whole: 512 MiB
    assert snapshot() == before


def test_one_endless_line_is_refused_from_the_first_mebibyte(tmp_path):
    bomb = tmp_path / "ligne.csv.gz"
    bomb.write_bytes(gzip_bomb(b"code_insee", b"x" * MIB, 1536))  # one line of 1.5 GiB

    def refusal() -> str:
        with pytest.raises(ImportRefused) as refused:
            import_file(bomb, trigger=COMMAND)
        return str(refused.value)

    message, elapsed, peak = measured(refusal)
    assert message.startswith("Ligne 1 : ligne de plus de 1,0\xa0Mio, ce n'est pas un fichier CSV")
    assert elapsed < 10 and peak < 48 * MIB, (elapsed, peak)
    assert not ImportRun.objects.exists()  # no format, no source: nothing to record it under


def test_an_endless_line_after_the_header_is_refused_with_little_memory(tmp_path):
    bomb = tmp_path / "ligne.csv.gz"
    bomb.write_bytes(gzip_bomb(FIXED_HEADER + b"\n21231;", b"9" * MIB, 1536))
    run, elapsed, peak = measured(lambda: import_file(bomb, trigger=COMMAND))
    assert run.error.startswith("Ligne 2 : ligne de plus de"), run.error
    assert elapsed < 10 and peak < 48 * MIB, (elapsed, peak)


@pytest.mark.parametrize("header", [FIXED_HEADER, BUILDINGS_HEADER, ELIGIBILITY_HEADER])
def test_a_file_larger_than_allowed_once_unpacked_is_refused(tmp_path, settings, header):
    settings.IMPORT_MAX_UNPACKED_BYTES = 64 * 1024
    row = SAMPLE_FIXED_STATS.read_bytes().splitlines()[1] + b"\n"
    path = tmp_path / "gros.csv.gz"
    path.write_bytes(gzip.compress(header + b"\n" + row * 2000))  # 150 kB of short lines
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert "fichier refusé, il dépasse 64,0\xa0Kio une fois décompressé" in run.error, run.error
    assert run.error.startswith("Ligne ")


def test_a_line_with_too_many_values_is_refused_before_they_are_split(tmp_path, settings):
    settings.IMPORT_MAX_COLUMNS = 50
    path = tmp_path / "valeurs.csv"
    path.write_bytes(FIXED_HEADER + b"\n" + b";" * 60 + b"\n")
    run = import_file(path, trigger=COMMAND)
    assert run.error.startswith("Ligne 2 : plus de 50 valeurs"), run.error


def test_a_header_with_too_many_columns_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_COLUMNS = 50
    path = tmp_path / "colonnes.csv"
    path.write_bytes(b";".join(b"c%d" % n for n in range(60)) + b"\n1\n")
    with pytest.raises(ImportRefused, match=r"^Ligne 1 : plus de 50 valeurs"):
        import_file(path, trigger=COMMAND)


@pytest.fixture
def curator(client):
    user = User.objects.create_superuser(email="curatrice@example.fr", password="x" * 16)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bombe.csv.gz",
            gzip_bomb(FIXED_HEADER + b"\n", b";" * MIB, 512),
            "Ligne 2 : ligne de plus de 1,0\xa0Mio",
        ),
        (
            "donnees.csv",
            FIXED_HEADER + b"\n21231;Dijon\n" + b"abc\x00def\n",
            "Ligne 3 : caractère nul",
        ),
        (
            "donnees.csv",
            FIXED_HEADER + "\n21231;Dijon é\n".encode() + "21060;Belleneuve é\n".encode("cp1252"),
            "Ligne 3 : encodage mélangé",
        ),
        ("donnees.csv.gz", gzip.compress(FIXED_HEADER)[:-12] + b"\x00" * 12, "illisible"),
        ("donnees.csv", "code;nom\n".encode("utf-16"), "Ligne 1 : fichier en UTF-16"),
        ("donnees.csv", b" \n\n", "il est vide"),
    ],
    ids=["gzip-bomb", "nul-byte", "mixed-encodings", "corrupt-gzip", "utf-16", "blank"],
)
def test_the_upload_check_reads_the_whole_file_as_the_import_would(
    client, curator, name, content, message
):
    start = time.monotonic()
    response = client.post(
        reverse("admin:observatories_importupload_add"),
        {"file": SimpleUploadedFile(name, content), "source": ""},
    )
    assert time.monotonic() - start < 10
    assert response.status_code == 200
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_the_upload_check_with_a_lower_unpacked_limit_refuses_a_large_file(
    client, curator, settings
):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1000
    response = client.post(
        reverse("admin:observatories_importupload_add"),
        {"file": SimpleUploadedFile("communes.csv", SAMPLE_FIXED_STATS.read_bytes() * 10)},
    )
    assert "il dépasse 1000\xa0octets une fois décompressé" in response.content.decode()
    assert not ImportUpload.objects.exists()
