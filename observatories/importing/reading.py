"""Open a published table as it comes: gzip or not, UTF-8 (with or without BOM)
or Windows-1252, ``;`` or ``,`` separated. Rows are streamed, never loaded whole."""

import codecs
import csv
import gzip
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 20


class ImportRefused(Exception):
    """The whole file is refused; the message is for users (French)."""


def normalise(name: str) -> str:
    """``Zones très denses `` → ``zones_tres_denses``: headers drift between editions."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def open_binary(path: Path):
    with path.open("rb") as probe:
        compressed = probe.read(2) == GZIP_MAGIC
    return gzip.open(path, "rb") if compressed else path.open("rb")


def _decodes(decoder, data: bytes, final: bool = False) -> bool:
    try:
        decoder.decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def content_sha256(path: Path) -> str:
    """The SHA-256 of the decompressed content, alone (no decoding)."""
    digest = hashlib.sha256()
    try:
        with open_binary(path) as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except (OSError, EOFError) as exc:  # a truncated or corrupt gzip
        raise ImportRefused(f"Fichier illisible ou tronqué : {exc}") from exc
    return digest.hexdigest()


def read_content(path: Path) -> tuple[str, str]:
    """The encoding, UTF-8 if the whole file decodes as such (else cp1252), and the
    SHA-256 of the decompressed content, in one streaming pass: a loader recognises
    content it already holds (recompressed, renamed) before loading anything."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    digest = hashlib.sha256()
    utf8 = True
    try:
        with open_binary(path) as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                utf8 = utf8 and _decodes(decoder, chunk)
            utf8 = utf8 and _decodes(decoder, b"", final=True)
    except (OSError, EOFError) as exc:  # a truncated or corrupt gzip
        raise ImportRefused(f"Fichier illisible ou tronqué : {exc}") from exc
    return ("utf-8-sig" if utf8 else "cp1252"), digest.hexdigest()


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
    raw_columns = next(csv.reader([line], delimiter=delimiter))
    return delimiter, raw_columns, [normalise(name) for name in raw_columns]


def open_header(path: Path) -> Table:
    """The header of ``path`` only (columns, delimiter), decoded as UTF-8 if it is,
    else Windows-1252: for loaders that read the file themselves (``path``), taking
    its encoding and digest on the way (no rows, no handle, no digest here)."""
    try:
        with open_binary(path) as binary:
            line = binary.readline(CHUNK)
    except (OSError, EOFError) as exc:
        raise ImportRefused(f"Fichier illisible ou tronqué : {exc}") from exc
    try:
        text, encoding = line.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        text, encoding = line.decode("cp1252"), "cp1252"
    delimiter, raw_columns, columns = _header(text)
    return Table(columns, raw_columns, iter(()), encoding, delimiter, None, path=path)


def open_table(path: Path) -> Table:
    """Open ``path`` and read its header; the caller iterates ``rows`` once."""
    encoding, content_sha256 = read_content(path)
    binary = open_binary(path)
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    try:
        delimiter, raw_columns, columns = _header(text.readline())
    except (OSError, EOFError) as exc:
        text.close()
        raise ImportRefused(f"Fichier illisible ou tronqué : {exc}") from exc
    except ImportRefused:
        text.close()
        raise

    def rows():
        reader = csv.reader(text, delimiter=delimiter)
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
        except (OSError, EOFError, csv.Error) as exc:
            raise ImportRefused(
                f"Fichier illisible ou tronqué après la ligne {reader.line_num} : {exc}"
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
