"""Zip archives bounded before anything opens them: entries and unpacked size read
from the central directory, refusals in French with the rule that refused."""

import io
import zipfile

import pytest

from scoran.lib.archives import ArchiveRefused, check_zip


def archive(entries: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packed:
        for name, data in entries.items():
            packed.writestr(name, data)
    buffer.seek(7)  # anywhere: the check reads from the start
    return buffer


def test_an_archive_within_the_limits_gives_its_entries_and_is_left_at_its_start():
    source = archive({"a.xml": b"x" * 10, "b.xml": b"y" * 20})
    entries = check_zip(source, max_entries=2, max_unpacked_bytes=30)
    assert [(entry.filename, entry.file_size) for entry in entries] == [
        ("a.xml", 10),
        ("b.xml", 20),
    ]
    assert source.tell() == 0


def test_too_many_entries_are_refused():
    with pytest.raises(ArchiveRefused) as refused:
        check_zip(archive({f"{n}.xml": b"" for n in range(4)}), max_entries=3, max_unpacked_bytes=1)
    assert refused.value.code == "too_many_entries"
    assert str(refused.value) == "4 éléments dans l'archive, la limite est de 3."


def test_an_archive_too_large_once_unpacked_is_refused_without_being_unpacked():
    source = archive({"vide.bin": bytes(3 * 1024 * 1024)})
    assert len(source.getvalue()) < 10 * 1024
    with pytest.raises(ArchiveRefused) as refused:
        check_zip(source, max_entries=10, max_unpacked_bytes=2 * 1024 * 1024)
    assert refused.value.code == "too_large"
    assert str(refused.value) == (
        "il occuperait 3,0\xa0Mio une fois décompressé, la limite est de 2,0\xa0Mio."
    )


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04" + b"\x00" * 64, b"%PDF-1.7"])
def test_what_is_no_zip_is_unreadable(content):
    with pytest.raises(ArchiveRefused) as refused:
        check_zip(io.BytesIO(content), max_entries=10, max_unpacked_bytes=10)
    assert refused.value.code == "unreadable"


def test_a_path_is_checked_as_a_file(tmp_path):
    path = tmp_path / "classeur.xlsx"
    path.write_bytes(archive({"xl/workbook.xml": b"<w/>"}).getvalue())
    assert len(check_zip(path, max_entries=1, max_unpacked_bytes=4)) == 1
