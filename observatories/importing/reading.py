"""Open a published table as it comes: gzip or not, UTF-8 (with or without BOM)
or Windows-1252, ``;`` or ``,`` separated. Rows are streamed, never loaded whole.

Hostile files are refused in French, naming the line, while they stream, so that
memory stays bounded whatever a file holds: more than IMPORT_MAX_UNPACKED_BYTES
once decompressed, a line longer than IMPORT_MAX_LINE_BYTES or with more than
IMPORT_MAX_COLUMNS values, a NUL byte, a corrupt gzip, bytes that are neither UTF-8
nor Windows-1252, or UTF-8 mixed with another encoding.
"""

import codecs
import csv
import gzip
import hashlib
import io
import re
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat

GZIP_MAGIC = b"\x1f\x8b"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CHUNK = 1 << 20
NON_ASCII = re.compile(rb"[\x80-\xff]")


class ImportRefused(Exception):
    """The whole file is refused; the message is for users (French)."""


class Unreadable(ImportRefused):
    """The decompressed bytes cannot be read (corrupt or truncated gzip, read error)."""

    def __init__(self, detail: str):
        self.detail = detail
        super().__init__(f"Fichier illisible ou tronqué (détail : {detail}).")

    def at(self, line: int) -> ImportRefused:
        return ImportRefused(
            f"Fichier illisible ou tronqué à partir de la ligne {line} (détail : {self.detail})."
        )


def normalise(name: str) -> str:
    """``Zones très denses `` → ``zones_tres_denses``: headers drift between editions."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def _too_large(line: int) -> ImportRefused:
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    return ImportRefused(
        f"Ligne {line} : fichier refusé, il dépasse {filesizeformat(limit)} une fois décompressé "
        "(fichier corrompu ou malveillant ?)."
    )


def _too_long(line: int) -> ImportRefused:
    return ImportRefused(
        f"Ligne {line} : ligne de plus de {filesizeformat(settings.IMPORT_MAX_LINE_BYTES)}, "
        "ce n'est pas un fichier CSV tel que publié (fichier corrompu ou malveillant ?)."
    )


def _too_many_values(line: int) -> ImportRefused:
    return ImportRefused(
        f"Ligne {line} : plus de {settings.IMPORT_MAX_COLUMNS} valeurs, ce n'est pas un fichier "
        "CSV tel que publié (séparateur incorrect, fichier corrompu ou malveillant ?)."
    )


class Unpacked(io.RawIOBase):
    """The decompressed bytes of an open binary file, gzip or not. A corrupt or
    truncated gzip is refused (``Unreadable``), and so is much more than
    IMPORT_MAX_UNPACKED_BYTES: a backstop behind ``Scanner``, which names the line."""

    def __init__(self, handle, *, close_handle: bool = True):
        self.handle, self.close_handle = handle, close_handle
        start = handle.tell()
        compressed = handle.read(2) == GZIP_MAGIC
        handle.seek(start)
        self.stream = gzip.GzipFile(fileobj=handle, mode="rb") if compressed else handle
        self.size = 0
        # Beyond what a reader's buffer may read ahead of its Scanner.
        self.limit = settings.IMPORT_MAX_UNPACKED_BYTES + 2 * CHUNK

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            count = self.stream.readinto(buffer)
        except (OSError, EOFError, zlib.error) as exc:
            raise Unreadable(str(exc) or type(exc).__name__) from exc
        self.size += count
        if self.size > self.limit:
            raise ImportRefused(
                f"Fichier refusé : il dépasse {filesizeformat(self.limit)} une fois décompressé."
            )
        return count

    def close(self) -> None:
        if not self.closed:
            if self.stream is not self.handle:
                self.stream.close()
            if self.close_handle:
                self.handle.close()
        super().close()


def open_binary(path: Path, buffer_size: int = CHUNK) -> io.BufferedReader:
    """The decompressed bytes of ``path`` (see ``Unpacked``), read ahead by
    ``buffer_size`` (small to read the first line only)."""
    return io.BufferedReader(Unpacked(path.open("rb")), buffer_size)


def _first_break(chunk: bytes) -> int:
    found = [at for at in (chunk.find(b"\n"), chunk.find(b"\r")) if at >= 0]
    return min(found) if found else -1


class Scanner:
    """Checks decompressed bytes as they stream by, a chunk at a time: their size,
    the length of their lines, NUL bytes and, with ``decode``, their encoding
    (``encoding`` once ``finish`` is called). Lines are counted on ``\\n``."""

    def __init__(self, *, decode: bool = False):
        self.size = 0
        self.line = 1  # at the start of the next chunk
        self.run = 0  # bytes of the line under way before the next chunk
        self.breaks = 0  # line breaks in the chunk being checked, so far
        self.utf8 = codecs.getincrementaldecoder("utf-8")() if decode else None
        self.utf8_line = 0  # first line holding non-ASCII UTF-8
        self.other_line = 0  # first line that is not UTF-8 (the file is then Windows-1252)
        self.max_size = settings.IMPORT_MAX_UNPACKED_BYTES
        self.max_line = settings.IMPORT_MAX_LINE_BYTES

    @property
    def encoding(self) -> str:
        return "cp1252" if self.other_line else "utf-8-sig"

    def read(self, handle, size: int = CHUNK) -> bytes:
        """Read from ``handle`` (decompressed bytes) and check what was read."""
        try:
            chunk = handle.read(size)
        except Unreadable as exc:
            raise exc.at(self.line) from exc
        self.feed(chunk)
        return chunk

    def line_at(self, chunk: bytes, position: int) -> int:
        return self.line + chunk.count(b"\n", 0, position)

    def feed(self, chunk: bytes) -> None:
        if not self.size and chunk.startswith(UTF16_BOMS):
            raise ImportRefused(
                "Ligne 1 : fichier en UTF-16, enregistrez-le en CSV UTF-8 et déposez-le à nouveau."
            )
        self.size += len(chunk)
        if self.size > self.max_size:
            raise _too_large(self.line)
        nul = chunk.find(0)
        if nul >= 0:
            raise ImportRefused(
                f"Ligne {self.line_at(chunk, nul)} : caractère nul, ce n'est pas un fichier "
                "texte CSV (contenu binaire ?)."
            )
        self.breaks = 0
        step = self.max_line or 1
        for start in range(0, len(chunk), step):
            self._lengths(chunk[start : start + step] if len(chunk) > step else chunk)
        if self.utf8 is not None:
            self._encoding(chunk)
        self.line += self.breaks

    def _lengths(self, piece: bytes) -> None:
        """Refuse a line longer than the limit. A piece no longer than the limit
        holds no such line but for the one running over from earlier pieces."""
        first = _first_break(piece)
        if first < 0:
            self.run += len(piece)
            if self.run > self.max_line:
                raise _too_long(self.line + self.breaks)
            return
        if self.run + first > self.max_line:
            raise _too_long(self.line + self.breaks)
        self.breaks += piece.count(b"\n")
        self.run = len(piece) - 1 - max(piece.rfind(b"\n"), piece.rfind(b"\r"))

    def _mixed(self) -> ImportRefused:
        later, earlier = max(self.utf8_line, self.other_line), min(self.utf8_line, self.other_line)
        return ImportRefused(
            f"Ligne {later} : encodage mélangé, cette ligne n'est pas dans le même encodage que "
            f"la ligne {earlier} (UTF-8 et Windows-1252 ou Latin-1). Enregistrez tout le "
            "fichier en UTF-8."
        )

    def _note_utf8(self, chunk: bytes) -> None:
        if not self.utf8_line and not chunk.isascii():
            self.utf8_line = self.line_at(chunk, NON_ASCII.search(chunk).start())

    def _encoding(self, chunk: bytes) -> None:
        if self.other_line:
            self._cp1252(chunk, 0)
            return
        pending = len(self.utf8.getstate()[0])
        try:
            self.utf8.decode(chunk)
        except UnicodeDecodeError as exc:
            position = min(max(exc.start - pending, 0), len(chunk))
            self.other_line = self.line_at(chunk, position)
            self._note_utf8(chunk[:position])
            if self.utf8_line:
                raise self._mixed() from exc
            self._cp1252(chunk, position)
        else:
            self._note_utf8(chunk)

    def _cp1252(self, chunk: bytes, start: int) -> None:
        """The rest of a file that is not UTF-8: Windows-1252 throughout, without
        chunks that are UTF-8 after all."""
        part = chunk[start:]
        try:
            part.decode("cp1252")
        except UnicodeDecodeError as exc:
            position = start + exc.start
            raise ImportRefused(
                f"Ligne {self.line_at(chunk, position)} : octet 0x{chunk[position]:02X} illisible, "
                "le fichier n'est ni en UTF-8 ni en Windows-1252 (contenu binaire ou encodage "
                "mélangé ?)."
            ) from exc
        if part.isascii():
            return
        try:
            part.decode("utf-8")
        except UnicodeDecodeError:
            return
        self.utf8_line = self.line_at(chunk, start + NON_ASCII.search(part).start())
        raise self._mixed()

    def finish(self) -> None:
        """The end of the file: a UTF-8 sequence cut short makes it not UTF-8."""
        if self.utf8 is None or self.other_line:
            return
        try:
            self.utf8.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            self.other_line = self.line
            if self.utf8_line:
                raise self._mixed() from exc


def scan(path: Path, *, decode: bool) -> tuple[str, str]:
    """Read ``path`` whole, checked by a ``Scanner``: its encoding (with ``decode``)
    and the SHA-256 of its decompressed content."""
    scanner = Scanner(decode=decode)
    digest = hashlib.sha256()
    with open_binary(path) as handle:
        while chunk := scanner.read(handle):
            digest.update(chunk)
    scanner.finish()
    return scanner.encoding, digest.hexdigest()


def content_sha256(path: Path) -> str:
    """The SHA-256 of the decompressed content, alone (no decoding)."""
    return scan(path, decode=False)[1]


def read_content(path: Path) -> tuple[str, str]:
    """The encoding, UTF-8 if the whole file decodes as such (else cp1252), and the
    SHA-256 of the decompressed content, in one streaming pass: a loader recognises
    content it already holds (recompressed, renamed) before loading anything."""
    return scan(path, decode=True)


@dataclass
class Table:
    columns: list[str]  # normalised names
    raw_columns: list[str]  # as written in the file
    rows: Iterator[tuple[int, dict[str, str]]]  # (line number in the file, row)
    encoding: str
    delimiter: str
    handle: io.TextIOWrapper | None  # or an openpyxl workbook: anything with close()
    content_sha256: str = ""  # of the decompressed text file
    path: Path | None = None  # of a text file

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def _header(line: str) -> tuple[str, list[str], list[str]]:
    """Delimiter, columns as written and normalised, of a header line."""
    if not line.strip():
        raise ImportRefused("Le fichier est vide : aucune ligne d'en-tête.")
    delimiter = max(";,\t", key=line.count)
    if line.count(delimiter) >= settings.IMPORT_MAX_COLUMNS:
        raise _too_many_values(1)
    try:
        raw_columns = next(csv.reader([line], delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRefused(
            "Ligne 1 : en-tête illisible (guillemet mal placé ou nom de colonne trop long ?). "
            f"Détail : {exc}."
        ) from exc
    return delimiter, raw_columns, [normalise(name) for name in raw_columns]


def open_header(path: Path) -> Table:
    """The header of ``path`` only (columns, delimiter), decoded as UTF-8 if it is,
    else Windows-1252: for loaders that read the file themselves (``path``), taking
    its encoding and digest on the way (no rows, no handle, no digest here)."""
    scanner = Scanner()
    with open_binary(path, io.DEFAULT_BUFFER_SIZE) as binary:
        try:
            line = binary.readline(settings.IMPORT_MAX_LINE_BYTES + 1)
        except Unreadable as exc:
            raise exc.at(1) from exc
    scanner.feed(line)
    if len(line) > settings.IMPORT_MAX_LINE_BYTES:
        raise _too_long(1)
    try:
        text, encoding = line.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        try:
            text, encoding = line.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            raise ImportRefused(
                f"Ligne 1 : octet 0x{line[exc.start]:02X} illisible, l'en-tête n'est ni en UTF-8 "
                "ni en Windows-1252 (contenu binaire ?)."
            ) from exc
    delimiter, raw_columns, columns = _header(text)
    return Table(columns, raw_columns, iter(()), encoding, delimiter, None, path=path)


def bounded_lines(text, delimiter: str, first: int = 2) -> Iterator[str]:
    """The lines of ``text`` from line ``first`` on, each refused past
    IMPORT_MAX_LINE_BYTES characters or IMPORT_MAX_COLUMNS values: what the csv
    module reads, so that it never holds more."""
    limit, most = settings.IMPORT_MAX_LINE_BYTES, settings.IMPORT_MAX_COLUMNS
    number = first
    while line := text.readline(limit + 1):
        if len(line) > limit:
            raise _too_long(number)
        if line.count(delimiter) >= most:
            raise _too_many_values(number)
        yield line
        number += 1


def open_table(path: Path) -> Table:
    """Open ``path`` and read its header; the caller iterates ``rows`` once."""
    encoding, content_sha256 = read_content(path)
    text = io.TextIOWrapper(open_binary(path), encoding=encoding, newline="")
    try:
        delimiter, raw_columns, columns = _header(text.readline(settings.IMPORT_MAX_LINE_BYTES))
    except (ImportRefused, UnicodeDecodeError) as exc:
        text.close()
        if isinstance(exc, ImportRefused):
            raise
        raise ImportRefused(f"Ligne 1 : caractères illisibles ({exc}).") from exc

    def rows():
        reader = csv.reader(bounded_lines(text, delimiter), delimiter=delimiter)
        try:
            for values in reader:
                line = reader.line_num + 1  # the header is line 1
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(columns):
                    raise ImportRefused(
                        f"Ligne {line} : {len(values)} valeurs pour {len(columns)} colonnes "
                        "(séparateur ou guillemets incorrects ?)."
                    )
                yield line, dict(zip(columns, values, strict=True))
        except Unreadable as exc:
            raise exc.at(reader.line_num + 1) from exc
        except (OSError, EOFError, csv.Error, UnicodeDecodeError) as exc:
            raise ImportRefused(
                f"Ligne {reader.line_num + 1} : ligne illisible (guillemet mal placé ou non "
                f"refermé, valeur trop longue, caractères illisibles ?). Détail : {exc}."
            ) from exc

    return Table(columns, raw_columns, rows(), encoding, delimiter, text, content_sha256, path=path)


_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_int(value: str) -> int | None:
    """``1 234`` (re-saved by a spreadsheet) → 1234; empty → None; else ValueError."""
    cleaned = _SPACES.sub("", value)
    if not cleaned:
        return None
    if re.fullmatch(r"\d+([.,]0+)?", cleaned):
        return int(re.split(r"[.,]", cleaned)[0])
    raise ValueError(value)
