"""The rows of a ``base_imb_<DEP>`` file, checked while they are read and written as
PostgreSQL text-format lines for a ``COPY``: Python and pyarrow parse on one core
while PostgreSQL ingests on the other, with no staging table and no check pass in SQL.

pyarrow reads the file (``pyarrow.csv``, about a megabyte of rows at a time, every
value a string) and checks the usual rows a column at a time (``pyarrow.compute``:
trims, lookups of the commune codes, lengths, regular expressions); the COPY text of
the good rows is joined by pyarrow too. Python sees only the other rows, one at a
time (``Checker.row``): rejected ones (line, column, value and French reason), rows
of another region (counted apart, not read), blank lines, and values that are padded
or written unusually but may still be good. Streets are numbered and counted a batch
at a time, so that the streets table is written without a pass over the loaded rows.
The content's digest is taken as the file is read, and a file that is not UTF-8 is
read again, transcoded from Windows-1252.
"""

import codecs
import csv
import functools
import hashlib
import io
import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

from .base import MAX_INTEGER, NOT_A_COMMUNE_CODE, NOT_A_COUNT, UNKNOWN_COMMUNE
from .reading import CHUNK, ImportRefused, Scanner, bounded_lines, open_binary, read_content
from .rejects import Rejects

EARTH_RADIUS = 6378137.0  # EPSG:3857, spherical Mercator
NULL = "\\N"  # COPY's text format
DECIMAL_CHARACTERS = "0123456789.-"
BLOCK = CHUNK  # bytes of the file parsed at a time by pyarrow (the "first megabyte" too)
# Coordinates as usually written (others, like ``.5`` or ``1,5``, go to Python).
DECIMAL = r"^-?[0-9]+(?:\.[0-9]+)?$"
ESCAPED = r"[\\\t\r\n]"  # characters COPY's text format reads as escapes
# The columns written to COPY, in this order (department and import are defaults).
COPY_COLUMNS = ["imb_id", "commune_id", "street_id", "premises", "x", "y", "number", "suffix"]
COORDINATES = (("imb_x", "imb_y"), ("imb_longitude", "imb_latitude"))  # EPSG:3857, WGS84

# Error code → (column read, reason; ``{value}`` is the value read, ``{first}`` the
# line of the first row of a duplicated building).
BUILDING_REASONS = {
    "no_id": ("imb_id", "identifiant d'immeuble manquant."),
    "long_id": ("imb_id", "« {value} » : identifiant trop long (64 caractères au plus)."),
    "not_insee": ("imb_code_insee", NOT_A_COMMUNE_CODE),
    "unknown": ("imb_code_insee", UNKNOWN_COMMUNE),
    "not_count": ("imb_nbr_logloc", NOT_A_COUNT),
    "not_x": ("{x}", "« {value} » n'est pas une coordonnée (nombre décimal)."),
    "not_y": ("{y}", "« {value} » n'est pas une coordonnée (nombre décimal)."),
    "not_number": ("addr_numero", "« {value} » n'est pas un numéro dans la voie."),
    "long_street": ("addr_nom_voie", "nom de voie trop long (255 caractères au plus)."),
    "long_suffix": (
        "addr_rep", "« {value} » : indice de répétition trop long (20 caractères au plus)."
    ),
    "other_department": (
        "imb_code_insee",
        "« {value} » est une commune d'un autre département que celui du fichier "
        "(un fichier par département).",
    ),
    "duplicate": ("imb_id", "doublon de la ligne {first}."),
}  # fmt: skip


def coordinate_columns(columns: list[str]) -> tuple[str, str]:
    """The columns holding the coordinates: EPSG:3857 or, in older editions, WGS84."""
    for pair in COORDINATES:
        if set(pair) <= set(columns):
            return pair
    raise ImportRefused(
        "Coordonnées absentes : le fichier doit avoir les colonnes imb_x et imb_y (EPSG:3857) "
        "ou, dans les éditions anciennes, imb_longitude et imb_latitude (WGS84)."
    )


def is_commune_code(code: str) -> bool:
    """``[0-9][0-9AB][0-9]{3}`` (base.COMMUNE_CODE), without a regular expression."""
    return (
        len(code) == 5
        and code.isascii()
        and code[0].isdigit()
        and (code[1].isdigit() or code[1] in "AB")
        and code[2:].isdigit()
    )


def web_mercator(longitude: float, latitude: float) -> tuple[str, str]:
    """WGS84 (older editions) → EPSG:3857, as the database stores coordinates."""
    x = EARTH_RADIUS * math.radians(longitude)
    y = EARTH_RADIUS * math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))
    return repr(x), repr(y)


def is_decimal(value: str) -> bool:
    """``-?[0-9]+([.][0-9]+)?`` or so: digits, one point, a minus sign; float()
    refuses any other arrangement of these characters (``.5`` and ``5.`` pass)."""
    if not value or value.strip(DECIMAL_CHARACTERS):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


def coordinates(x: str, y: str) -> tuple[str, str, str]:
    """The coordinates (trimmed, decimal point) and an error code (or ""), for the
    rows the common case does not fit: spaces, decimal commas, one or both missing
    (no coordinates then), or not a number."""
    x, y = x.strip(" ").replace(",", "."), y.strip(" ").replace(",", ".")
    if x and not is_decimal(x):
        return x, y, "not_x"
    if y and not is_decimal(y):
        return x, y, "not_y"
    if not (x and y):
        return NULL, NULL, ""
    return x, y, ""


def house_number(value: str) -> str | None:
    """The number of a house in its street, as COPY reads it (``\\N`` when there is
    none), or None if it is not a positive integer."""
    value = value.strip(" ")
    if not value:
        return NULL
    if value.isdigit() and value.isascii() and int(value) <= MAX_INTEGER:
        return value
    return None


def _escape(value: str) -> str:
    """A value as COPY's text format reads it back unchanged."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def escape_column(values):
    """``_escape`` of a column."""
    for character, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        values = pc.replace_substring(values, character, escaped)
    return values


def web_mercator_columns(longitudes, latitudes, missing):
    """``web_mercator`` of columns (the same operations, in the same order); the
    rows ``missing`` coordinates get any value."""
    longitude = pc.cast(pc.if_else(missing, "0", longitudes), pa.float64())
    latitude = pc.cast(pc.if_else(missing, "0", latitudes), pa.float64())
    x = pc.multiply(EARTH_RADIUS, pc.multiply(longitude, math.pi / 180))
    angle = pc.add(math.pi / 4, pc.divide(pc.multiply(latitude, math.pi / 180), 2))
    y = pc.multiply(EARTH_RADIUS, pc.ln(pc.tan(angle)))
    return pc.cast(x, pa.string()), pc.cast(y, pa.string())


def text_of(lines) -> memoryview:
    """The characters of a column of strings, end to end, without a copy."""
    if not len(lines):
        return memoryview(b"")
    _validity, offsets, data = lines.buffers()
    offsets = memoryview(offsets).cast("i")  # int32, as pyarrow's strings
    return memoryview(data)[offsets[lines.offset] : offsets[lines.offset + len(lines)]]


@dataclass
class Positions:
    """Where each value is in a row, and what the rows are checked against."""

    columns: list[str]
    codes: dict[str, tuple[str, str]]  # any commune code → (current code, department)
    region: frozenset[str]  # the region's departments

    def __post_init__(self):
        index = {name: number for number, name in enumerate(self.columns)}
        self.x_column, self.y_column = coordinate_columns(self.columns)
        self.mercator = self.x_column == "imb_x"
        self.id, self.code = index["imb_id"], index["imb_code_insee"]
        self.premises, self.number = index["imb_nbr_logloc"], index["addr_numero"]
        self.street = index["addr_nom_voie"]
        self.x, self.y = index[self.x_column], index[self.y_column]
        # Optional columns: an empty value past the end of the row when absent.
        self.suffix = index.get("addr_rep", len(self.columns))
        self.locality = index.get("addr_nom_ld", len(self.columns))
        self.width = len(self.columns)


@dataclass
class Checked:
    """What a pass over the rows found."""

    read: int = 0  # rows of the region, loaded or rejected
    outside: int = 0  # rows of another region: neither loaded nor rejected
    loaded: int = 0


class Streets:
    """The streets of the department, (commune, street, lieu-dit) → [identifier (as
    text, ready for COPY), buildings]: those it already had keep their identifier;
    new ones are numbered from ``next_id``. A few tens of thousands at most, whatever
    the number of rows. ``ids`` finds the streets of a batch of rows in pyarrow: the
    keys in the dictionary's order, and the buildings counted per batch there, are
    kept as arrays beside it."""

    def __init__(self, known: dict[tuple[str, str, str], int], next_id: int):
        self.known = {key: [str(street_id), 0] for key, street_id in known.items()}
        self.next_id = next_id
        self.keys = pa.array(["\0".join(key) for key in self.known], pa.string())
        self.identifiers = pa.array([found[0] for found in self.known.values()], pa.string())
        self.added: list[tuple[str, str, str]] = []  # not yet in ``keys``
        self.counts: list = []  # value_counts of the positions in ``keys``, per batch

    def add(self, key: tuple[str, str, str]) -> list:
        found = self.known[key] = [str(self.next_id), 0]
        self.next_id += 1
        self.added.append(key)
        return found

    def ids(self, current, street, locality):
        """The identifier (as text) of the street of each row of a batch (columns of
        its commune, street and lieu-dit), those met for the first time numbered; the
        buildings of each street counted."""
        keys = pc.binary_join_element_wise(current, street, locality, "\0")
        at = self._positions(keys)
        if at.null_count:  # streets met for the first time
            for key in pc.unique(keys.filter(pc.is_null(at))).to_pylist():
                key = tuple(key.split("\0"))
                if len(key) != 3:
                    raise ImportRefused("Caractère nul dans un nom de voie ou de lieu-dit.")
                self.add(key)
            at = self._positions(keys)
        self.counts.append(pc.value_counts(at))
        return self.identifiers.take(at)

    def _positions(self, keys):
        if self.added:
            self.keys = pa.concat_arrays(
                [self.keys, pa.array(["\0".join(key) for key in self.added], pa.string())]
            )
            self.identifiers = pa.concat_arrays(
                [self.identifiers, pa.array([self.known[k][0] for k in self.added], pa.string())]
            )
            self.added = []
        return pc.index_in(keys, value_set=self.keys)

    def reset(self) -> None:
        """Counts back to zero, for a new pass (identifiers are kept)."""
        for found in self.known.values():
            found[1] = 0
        self.counts = []

    def counted(self) -> list[tuple[int, str, str, str, int]]:
        """(identifier, commune, street, lieu-dit, buildings) of the streets that have
        buildings."""
        self._positions(pa.array([], pa.string()))
        found = list(self.known.values())
        if self.counts:
            counts = (
                pa.Table.from_batches(
                    [pa.RecordBatch.from_struct_array(counts) for counts in self.counts]
                )
                .group_by("values")
                .aggregate([("counts", "sum")])
            )
            positions = counts.column("values").to_pylist()
            for at, buildings in zip(positions, counts.column("counts_sum").to_pylist(),
                                     strict=True):  # fmt: skip
                found[at][1] += buildings
            self.counts = []
        return [
            (int(street_id), *key, buildings)
            for key, (street_id, buildings) in self.known.items()
            if buildings
        ]


class NotUtf8(Exception):
    """The file is not UTF-8 after all: to be read again, decoded from Windows-1252."""


class Content(io.RawIOBase):
    """The decompressed bytes of the file, as pyarrow reads them: their SHA-256 (the
    content's digest, taken on the way instead of in a pass of its own), whether a
    quote was met (values may then span lines), and a Windows-1252 file transcoded
    to UTF-8 on the way."""

    def __init__(self, path: Path, transcode: bool):
        self.binary = open_binary(path)
        self.scanner = Scanner()  # size, line lengths, NUL bytes: refused as they come
        self.sha256 = hashlib.sha256()
        self.quoted = False
        self.escapes = False  # a quote, backslash or tab: values may need escaping for COPY
        self.decoder = codecs.getincrementaldecoder("cp1252")() if transcode else None
        self.pending = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._read(size)
        except (OSError, EOFError) as exc:  # a truncated or corrupt gzip
            raise ImportRefused(f"Fichier illisible ou tronqué : {exc}") from exc
        except UnicodeDecodeError as exc:
            raise ImportRefused(f"Fichier illisible : encodage inconnu ({exc}).") from exc
        if not self.quoted and b'"' in data:
            self.quoted = self.escapes = True
        if not self.escapes and (b"\\" in data or b"\t" in data):
            self.escapes = True
        return data

    def _read(self, size: int) -> bytes:
        if self.decoder is None:
            data = self.scanner.read(self.binary, size)
            self.sha256.update(data)
            return data
        while size < 0 or len(self.pending) < size:
            raw = self.scanner.read(self.binary, CHUNK)
            self.sha256.update(raw)
            self.pending += self.decoder.decode(raw, final=not raw).encode()
            if not raw:
                break
        if size < 0:
            size = len(self.pending)
        data, self.pending = self.pending[:size], self.pending[size:]
        return data

    def close(self) -> None:
        self.binary.close()
        super().close()


def _locate_refusal(path: Path, transcode: bool, delimiter: str, width: int, detail: str):
    """The line a structural error is on, read again by Python's csv module (a
    refused file only): a row of the wrong width or a misplaced quote. A file read
    as UTF-8 so far may not be: its encoding is checked first (bytes no encoding
    reads are refused there, naming their line)."""
    encoding = "cp1252" if transcode else read_content(path)[0]
    try:
        with io.TextIOWrapper(open_binary(path), encoding=encoding, newline=None) as text:
            text.readline(CHUNK)  # the header, already read: no longer than that
            reader = csv.reader(bounded_lines(text, delimiter), delimiter=delimiter, strict=True)
            start = 2  # line of the next row
            try:
                for values in reader:
                    if values and len(values) != width:
                        raise ImportRefused(
                            f"Ligne {start} : le nombre de valeurs ne correspond pas à l'en-tête "
                            f"({len(values)} valeurs pour {width} colonnes ; séparateur ou "
                            "guillemets incorrects ?)."
                        )
                    start = reader.line_num + 2
            except csv.Error as exc:
                raise ImportRefused(
                    f"Ligne {reader.line_num + 1} : guillemet mal placé ou non refermé "
                    f"(séparateur ou guillemets incorrects ?). Détail : {exc}"
                ) from exc
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise ImportRefused(f"Fichier illisible ou tronqué : {exc}") from exc
    raise ImportRefused(f"Fichier mal formé (séparateur ou guillemets incorrects ?) : {detail}")


def record_batches(path: Path, delimiter: str, width: int, content: Content) -> Iterator:
    """The rows after the header, about a megabyte at a time, every value a string
    as written (blank lines are rows of empty values: line numbers stay exact)."""
    names = [str(number) for number in range(width)]
    transcode = content.decoder is not None
    try:
        reader = pa_csv.open_csv(
            content,
            read_options=pa_csv.ReadOptions(
                skip_rows=1, column_names=names, block_size=BLOCK, use_threads=False
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        yield from reader
    except pa.ArrowInvalid as exc:
        if "invalid UTF8" in str(exc) and not transcode:
            raise NotUtf8 from exc
        _locate_refusal(path, transcode, delimiter, width, str(exc))


def _current_codes(positions: Positions, department: str) -> tuple:
    """The codes of the department's communes (current or former) and, in the same
    order, their current code: what ``index_in`` looks the rows' codes up in."""
    pairs = [(code, current) for code, (current, dep) in positions.codes.items()
             if dep == department]  # fmt: skip
    return pa.array([code for code, _ in pairs], pa.string()), pa.array(
        [current for _, current in pairs], pa.string()
    )


def department_of(batch, positions: Positions) -> str:
    """The department of most rows of the batch's first megabyte ("" if none is of
    the region): a file replaces a whole department, it must be about one; rows of
    its other departments are rejected."""
    sizes = functools.reduce(pc.add, map(pc.binary_length, batch.columns))
    sizes = pc.add(sizes, positions.width)  # the delimiters and the line break
    starts = pc.subtract(pc.cumulative_sum(sizes), sizes)
    first = batch.column(positions.code).filter(pc.less(starts, CHUNK))
    found: Counter[str] = Counter()
    for item in pc.value_counts(pc.ascii_trim(first, " ")).to_pylist():
        commune = positions.codes.get(item["values"])
        if commune:
            found[commune[1]] += item["counts"]
    if not found:
        return ""
    return min(found, key=lambda department: (-found[department], department))


class Checker:
    """Checks the rows of a file a batch at a time and writes the good ones for
    ``COPY`` (text format, columns ``COPY_COLUMNS``). The usual rows are checked and
    formatted by pyarrow's compute functions, a column at a time; Python sees only
    the others (rejected, outside the region, blank, padded or written unusually,
    duplicated), one at a time, with the rules and French reasons of ``row``.
    ``department`` "": check only, nothing written. ``duplicates``: imb_id found on
    several good rows → line of its first row, filled here; the later rows are
    rejected."""

    def __init__(self, positions: Positions, rejects: Rejects, streets: Streets):
        self.positions, self.rejects, self.streets = positions, rejects, streets
        self.checked = Checked()
        self.line = 2  # line of the next row (the header is line 1)
        self.start("", None)

    def start(self, department: str, duplicates: dict[str, int | None] | None) -> None:
        """From now on, rows of ``department`` are loaded."""
        self.department, self.duplicates = department, duplicates
        self.codes, self.currents = _current_codes(self.positions, department)
        self.duplicated = pa.array(list(duplicates or ()), pa.string())

    # ------------------------------------------------------------ one batch

    def batch(self, batch, content: Content) -> list:
        """Check ``batch``; the COPY text of its good rows (buffers to write in turn).
        ``content``: whether a quote (values may span lines) or a character COPY must
        escape was met in the file so far."""
        p, column, rows = self.positions, batch.column, batch.num_rows
        imb_id = pc.ascii_trim(column(p.id), " ")
        at = pc.index_in(pc.ascii_trim(column(p.code), " "), value_set=self.codes)
        x, y, premises = column(p.x), column(p.y), column(p.premises)
        no_x, no_y = pc.equal(pc.binary_length(x), 0), pc.equal(pc.binary_length(y), 0)
        number = pc.ascii_trim(column(p.number), " ")
        street = pc.ascii_trim(column(p.street), " ")
        locality = pc.ascii_trim(column(p.locality), " ") if p.locality < p.width else None
        suffix = pc.ascii_trim(column(p.suffix), " ") if p.suffix < p.width else None
        at_most = pc.less_equal
        conditions = [
            pc.is_valid(at),  # a commune of the department, current or former code
            pc.greater(pc.binary_length(imb_id), 0),
            at_most(pc.binary_length(imb_id), 64),
            pc.ascii_is_decimal(premises),
            at_most(pc.binary_length(premises), 9),  # below 2**31
            pc.or_(
                pc.and_(pc.match_substring_regex(x, DECIMAL), pc.match_substring_regex(y, DECIMAL)),
                pc.and_(no_x, no_y),
            ),
            pc.or_(
                pc.equal(pc.binary_length(number), 0),
                pc.and_(pc.ascii_is_decimal(number), at_most(pc.binary_length(number), 9)),
            ),
            at_most(pc.binary_length(street), 255),
        ]  # fmt: skip
        if locality is not None:
            conditions.append(at_most(pc.binary_length(locality), 255))
        if suffix is not None:
            conditions.append(at_most(pc.binary_length(suffix), 20))
        if len(self.duplicated):
            conditions.append(pc.invert(pc.is_in(imb_id, value_set=self.duplicated)))
        good = functools.reduce(pc.and_, conditions)
        self.checked.read += rows  # less the blank and outside rows, as Python meets them
        out = []
        if self.department:
            columns = (imb_id, at, premises, x, y, no_x, number, street, locality, suffix)
            out.append(self._format(good, *columns, escapes=content.escapes))
        # The line of each row: one per row, and more for values that span lines.
        spans = None
        if content.quoted:
            spans = functools.reduce(
                pc.add, [pc.count_substring_regex(c, r"\r\n|\r|\n") for c in batch.columns]
            )
        slow = self._others(batch, pc.indices_nonzero(pc.invert(good)), spans)
        if slow and self.department:
            out.append(slow)
        self.line += rows + (pc.sum(spans).as_py() if spans is not None and rows else 0)
        return out

    def _others(self, batch, others, spans) -> str:
        """The rows of the batch at ``others`` (the usual case does not fit them),
        checked one at a time: the COPY text of the good ones. ``spans``: line breaks
        within each row's values, or None if none may have any."""
        if not len(others):
            return ""
        before = None
        if spans is not None:
            before = pc.subtract(pc.cumulative_sum(spans), spans).take(others).to_pylist()
        values = zip(*(c.take(others).to_pylist() for c in batch.columns), strict=True)
        slow = []
        for number_in_batch, (index, row) in enumerate(
            zip(others.to_pylist(), values, strict=True)
        ):
            line = self.line + index + (before[number_in_batch] if before else 0)
            text = self.row(list(row), line)
            if text:
                slow.append(text)
        return "".join(slow)

    def _format(self, good, imb_id, at, premises, x, y, no_x, number, street, locality,
                suffix, escapes: bool) -> memoryview:  # fmt: skip
        """COPY text of the good rows, joined by pyarrow (no Python per row); the
        streets they are on numbered and counted."""
        current = self.currents.take(at.filter(good))
        imb_id, street = imb_id.filter(good), street.filter(good)
        rows = len(imb_id)
        empty = pa.repeat(pa.scalar("", pa.string()), rows)
        locality = locality.filter(good) if locality is not None else empty
        suffix = suffix.filter(good) if suffix is not None else empty
        street_id = self.streets.ids(current, street, locality)
        x, y = x.filter(good), y.filter(good)
        no_x = no_x.filter(good)
        if not self.positions.mercator:
            x, y = web_mercator_columns(x, y, no_x)
        x, y = pc.if_else(no_x, NULL, x), pc.if_else(no_x, NULL, y)
        number = number.filter(good)
        number = pc.if_else(pc.equal(pc.binary_length(number), 0), NULL, number)
        columns = [imb_id, current, street_id, premises.filter(good), x, y, number, suffix]
        for at_text in (0, 7):  # identifiers and suffixes: texts COPY must read back as is
            if escapes and pc.any(pc.match_substring_regex(columns[at_text], ESCAPED)).as_py():
                columns[at_text] = escape_column(columns[at_text])
        columns[7] = pc.binary_join_element_wise(columns[7], "\n", "")
        lines = pc.binary_join_element_wise(*columns, "\t")
        self.checked.loaded += rows
        return text_of(lines)

    # ------------------------------------------------------------- one row

    def reject(self, line: int, error: str, value: str, first: int | None = None) -> None:
        column, reason = BUILDING_REASONS[error]
        column = column.format(x=self.positions.x_column, y=self.positions.y_column)
        self.rejects.add(line, column, value, reason.format(value=value, first=first))

    def row(self, values: list[str], line: int) -> str | None:
        """The rows the usual case does not fit, one at a time: counted outside the
        region, rejected (first error in the order below), skipped (blank) or, if
        good after all, its COPY text line."""
        p, checked, reject = self.positions, self.checked, self.reject
        if not any(values):  # a blank line (or a row of empty values)
            checked.read -= 1
            return None
        code = values[p.code].strip(" ")
        commune = p.codes.get(code)
        if commune is None and code[:2] not in p.region and is_commune_code(code):
            checked.outside += 1
            checked.read -= 1
            return None
        imb_id = values[p.id].strip(" ")
        if not imb_id:
            return reject(line, "no_id", "")
        if len(imb_id) > 64:
            return reject(line, "long_id", imb_id)
        if commune is None:
            return reject(line, "unknown" if is_commune_code(code) else "not_insee", code)
        premises = values[p.premises].replace(" ", "")
        if not (premises.isdigit() and premises.isascii()) or int(premises) > MAX_INTEGER:
            return reject(line, "not_count", premises)
        x, y, error = coordinates(values[p.x], values[p.y])
        if error:
            value = values[p.x] if error == "not_x" else values[p.y]
            return reject(line, error, value.strip(" "))
        if not p.mercator and x is not NULL:
            x, y = web_mercator(float(x), float(y))
        number = house_number(values[p.number])
        if number is None:
            return reject(line, "not_number", values[p.number].strip(" "))
        street = values[p.street].strip(" ")
        locality = values[p.locality].strip(" ") if p.locality < p.width else ""
        suffix = values[p.suffix].strip(" ") if p.suffix < p.width else ""
        if len(street) > 255 or len(locality) > 255:
            return reject(line, "long_street", "")
        if len(suffix) > 20:
            return reject(line, "long_suffix", suffix)
        current, building_department = commune
        if building_department != self.department:
            return reject(line, "other_department", code)
        duplicates = self.duplicates
        if duplicates is not None and imb_id in duplicates:
            first = duplicates[imb_id]
            if first is not None:
                return reject(line, "duplicate", imb_id, first)
            duplicates[imb_id] = line
        key = (current, street, locality)
        found = self.streets.known.get(key) or self.streets.add(key)
        found[1] += 1
        checked.loaded += 1
        imb_id, suffix = _escape(imb_id), _escape(suffix)
        return f"{imb_id}\t{current}\t{found[0]}\t{premises}\t{x}\t{y}\t{number}\t{suffix}\n"


class Reading:
    """One pass over the file: rows before the first batch that holds rows of the
    region are checked (rejected or outside) as they are read; that batch gives the
    department, and ``load`` checks and writes the rest."""

    def __init__(self, path: Path, delimiter: str, positions: Positions, rejects: Rejects,
                 transcode: bool):  # fmt: skip
        self.content = Content(path, transcode)
        self.batches = record_batches(path, delimiter, positions.width, self.content)
        # Rows before the department is known have no street (none is of the region).
        self.checker = Checker(positions, rejects, Streets({}, 1))
        self.held = None
        self.department = ""
        try:
            for batch in self.batches:
                self.department = department_of(batch, positions)
                if self.department:
                    self.held = batch
                    break
                self.checker.batch(batch, self.content)
        except BaseException:  # refused, or to be read again: the file is closed
            self.content.close()
            raise

    def load(self, write: Callable, streets: Streets, progress: Callable[[int], None] | None,
             duplicates: dict[str, int | None] | None = None) -> Checked:  # fmt: skip
        """Check the rest of the file, ``write`` its good rows, number and count their
        streets in ``streets``."""
        checker = self.checker
        checker.streets = streets
        checker.start(self.department, duplicates)
        for batch in chain([self.held], self.batches):
            for text in checker.batch(batch, self.content):
                write(text)
            if progress:
                progress(checker.line - 1)
        self.held = None
        return checker.checked

    @property
    def sha256(self) -> str:
        """The digest of the decompressed content, once it is read whole."""
        return self.content.sha256.hexdigest()

    def close(self) -> None:
        self.content.close()
