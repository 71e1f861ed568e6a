"""The rows of a ``base_imb_<DEP>`` file, checked and converted in Python while they
are read, written as PostgreSQL text-format lines for a ``COPY``: Python parses on
one core while PostgreSQL ingests on the other, with no staging table and no check
pass in SQL. A million rows go through :func:`check_rows`, so its loop avoids regular
expressions, function calls and float formatting; the rest of this module runs once
per file or per megabyte.

Rejects keep the line, column, value and French reason of each bad row; rows of
another region are counted apart (not read); streets are counted as rows load, so
that the streets table is written without a pass over the loaded rows.
"""

import csv
import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .base import NOT_A_COMMUNE_CODE, NOT_A_COUNT, UNKNOWN_COMMUNE
from .reading import CHUNK, ImportRefused, Table
from .rejects import Rejects

EARTH_RADIUS = 6378137.0  # EPSG:3857, spherical Mercator
MAX_INTEGER = 2**31 - 1  # PostgreSQL integer
NULL = "\\N"  # COPY's text format
# Longitude and latitude are written as integers of 1e-9 degree (0.1 mm): formatting
# an integer costs a fifth of formatting a float, far below the files' precision.
NANODEGREES = 180 / math.pi * 1e9
LONGITUDE_SCALE = NANODEGREES / EARTH_RADIUS
# The columns written to COPY, in this order (department and import are defaults).
COPY_COLUMNS = [
    "imb_id", "commune_id", "premises", "longitude", "latitude", "number", "suffix", "street",
    "locality",
]  # fmt: skip
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


def _escape(value: str) -> str:
    """A value as COPY's text format reads it back unchanged."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


@dataclass
class Batch:
    """About a megabyte of rows: lines to split on the delimiter (``split``) or lists
    of values; a blank line is ``""`` or ``[""]``. The lines are split one at a time
    by the loop that reads them: a million lists alive at once would keep the garbage
    collector scanning them (five seconds for a million rows)."""

    rows: list[str] | list[list[str]]
    first_line: int  # line number of rows[0] in the file (the header is line 1)
    trim: bool  # some value may have spaces around it
    escape: bool  # some value holds a character COPY's text format must escape
    split: bool = False


def _split_lines(text: str, handle) -> Iterator[str]:
    """Lines (with their ``\\n``) of ``text`` then of the rest of ``handle``."""
    while True:
        lines = text.split("\n")
        text = lines.pop()
        for line in lines:
            yield line + "\n"
        chunk = handle.read(CHUNK)
        if not chunk:
            break
        text += chunk
    if text:
        yield text


def _csv_batches(text: str, handle, delimiter: str, first_line: int) -> Iterator[Batch]:
    """The slow path, for files with quotes: Python's csv reader, which knows quoted
    values and line breaks inside them. A row spanning several lines is followed by
    blank rows, so that line numbers stay counted one per row."""
    reader = csv.reader(_split_lines(text, handle), delimiter=delimiter, strict=True)
    rows, start, read = [], first_line, 0
    try:
        for values in reader:
            rows.append(values or [""])
            rows.extend([""] for _ in range(reader.line_num - read - 1))
            read = reader.line_num
            if len(rows) >= 10_000:
                yield Batch(rows, start, trim=True, escape=True)
                rows, start = [], first_line + read
    except csv.Error as exc:
        raise ImportRefused(
            f"Ligne {first_line + reader.line_num - 1} : guillemet mal placé ou non refermé "
            f"(séparateur ou guillemets incorrects ?). Détail : {exc}"
        ) from exc
    if rows:
        yield Batch(rows, start, trim=True, escape=True)


def batches(handle, delimiter: str) -> Iterator[Batch]:
    """The rows after the header, a megabyte at a time. Split on the delimiter as long
    as no quote appears (ARCEP's files have none); from the first quote on, read by
    the csv module."""
    line, rest = 2, ""
    try:
        while chunk := handle.read(CHUNK):
            text = rest + chunk
            cut = text.rfind("\n") + 1
            if not cut:  # a line longer than a chunk
                rest = text
                continue
            text, rest = text[:cut], text[cut:]
            if '"' in text:
                yield from _csv_batches(text + rest, handle, delimiter, line)
                return
            if "\r" in text:
                text = text.replace("\r\n", "\n")
            lines = text.split("\n")
            lines.pop()  # after the last line break
            yield Batch(
                lines,
                line,
                trim=(
                    text[0] == " " or " \n" in text or "\n " in text
                    or f" {delimiter}" in text or f"{delimiter} " in text
                ),
                escape="\\" in text or "\t" in text or "\r" in text,
                split=True,
            )  # fmt: skip
            line += len(lines)
        if rest:
            yield from _csv_batches(rest, handle, delimiter, line)
    except (OSError, EOFError) as exc:
        raise ImportRefused(f"Fichier illisible ou tronqué : {exc}") from exc


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


def department_of_first_rows(table: Table, positions: Positions) -> str:
    """The department of most of the first rows (the first megabyte holding rows of
    the region): a file replaces a whole department, it must be about one; rows of
    its other departments are rejected. The file is read again from its start after."""
    found: Counter[str] = Counter()
    for batch in batches(table.handle, table.delimiter):
        for row in batch.rows:
            values = row.split(table.delimiter) if batch.split else row
            if len(values) == positions.width:
                commune = positions.codes.get(values[positions.code].strip(" "))
                if commune:
                    found[commune[1]] += 1
        if found:
            break
    table.handle.seek(0)
    table.handle.readline()  # the header
    if not found:
        return ""
    return min(found, key=lambda department: (-found[department], department))


@dataclass
class Checked:
    """What a pass over the rows found."""

    read: int = 0  # rows of the region, loaded or rejected
    outside: int = 0  # rows of another region: neither loaded nor rejected
    loaded: int = 0
    # (commune, street, lieu-dit) → buildings loaded: a few tens of thousands at most.
    streets: dict[tuple[str, str, str], int] = field(default_factory=dict)


def check_rows(
    table: Table,
    positions: Positions,
    department: str,
    rejects: Rejects,
    write: Callable[[str], object] | None,
    progress: Callable[[int], None] | None = None,
    duplicates: dict[str, int | None] | None = None,
) -> Checked:
    """Check and convert every row, ``write`` the good ones (COPY text format, columns
    ``COPY_COLUMNS``) a batch at a time, ``rejects.add`` the bad ones. ``write`` None:
    check only (no department). ``duplicates``: imb_id found on several good rows →
    line of its first row, filled here; the later rows are rejected."""
    checked = Checked()
    streets = checked.streets
    codes, region, width = positions.codes, positions.region, positions.width
    at_id, at_code, at_premises = positions.id, positions.code, positions.premises
    at_x, at_y, at_number = positions.x, positions.y, positions.number
    at_suffix, at_street, at_locality = positions.suffix, positions.street, positions.locality
    mercator, scale = positions.mercator, LONGITUDE_SCALE
    atan, exp, half_pi = math.atan, math.exp, math.pi / 2
    read = outside = loaded = 0

    def reject(line: int, error: str, value: str, first: int | None = None) -> None:
        column, reason = BUILDING_REASONS[error]
        column = column.format(x=positions.x_column, y=positions.y_column)
        rejects.add(line, column, value, reason.format(value=value, first=first))

    delimiter = table.delimiter
    for batch in batches(table.handle, delimiter):
        out = []
        line = batch.first_line - 1
        trim, split = batch.trim, batch.split
        for row in batch.rows:
            line += 1
            values = row.split(delimiter) if split else row
            if len(values) != width:
                if len(values) == 1 and not values[0]:
                    continue  # a blank line
                raise ImportRefused(
                    f"Ligne {line} : le nombre de valeurs ne correspond pas à l'en-tête "
                    f"({len(values)} valeurs pour {width} colonnes ; séparateur ou guillemets "
                    "incorrects ?)."
                )
            code = values[at_code]
            imb_id = values[at_id]
            if trim:
                code, imb_id = code.strip(" "), imb_id.strip(" ")
            commune = codes.get(code)
            if commune is None and code[:2] not in region and is_commune_code(code):
                outside += 1
                continue
            read += 1
            if not imb_id:
                reject(line, "no_id", "")
                continue
            if len(imb_id) > 64:
                reject(line, "long_id", imb_id)
                continue
            if commune is None:
                reject(line, "unknown" if is_commune_code(code) else "not_insee", code)
                continue
            premises = values[at_premises]
            if " " in premises:
                premises = premises.replace(" ", "")
            if not (premises.isdigit() and premises.isascii()) or (
                len(premises) > 9 and int(premises) > MAX_INTEGER
            ):
                reject(line, "not_count", premises)
                continue
            x, y = values[at_x], values[at_y]
            if trim:
                x, y = x.strip(" "), y.strip(" ")
            longitude = latitude = NULL
            if x:
                if "," in x:
                    x = x.replace(",", ".")
                digits = x[1:] if x[0] == "-" else x
                if not digits.isdigit():
                    whole, dot, part = digits.partition(".")
                    if not (dot and whole.isdigit() and part.isdigit()):
                        reject(line, "not_x", values[at_x].strip(" "))
                        continue
                if not digits.isascii():
                    reject(line, "not_x", values[at_x].strip(" "))
                    continue
            if y:
                if "," in y:
                    y = y.replace(",", ".")
                digits = y[1:] if y[0] == "-" else y
                if not digits.isdigit():
                    whole, dot, part = digits.partition(".")
                    if not (dot and whole.isdigit() and part.isdigit()):
                        reject(line, "not_y", values[at_y].strip(" "))
                        continue
                if not digits.isascii():
                    reject(line, "not_y", values[at_y].strip(" "))
                    continue
                if x:
                    if mercator:
                        longitude = f"{int(float(x) * scale)}e-9"
                        angle = 2 * atan(exp(float(y) / EARTH_RADIUS)) - half_pi
                        latitude = f"{int(angle * NANODEGREES)}e-9"
                    else:
                        longitude, latitude = x, y
            number = values[at_number]
            if trim:
                number = number.strip(" ")
            if number:
                if not (number.isdigit() and number.isascii()) or (
                    len(number) > 9 and int(number) > MAX_INTEGER
                ):
                    reject(line, "not_number", number)
                    continue
            else:
                number = NULL
            street = values[at_street]
            locality = values[at_locality] if at_locality < width else ""
            suffix = values[at_suffix] if at_suffix < width else ""
            if trim:
                street, locality, suffix = street.strip(" "), locality.strip(" "), suffix.strip(" ")
            if len(street) > 255 or len(locality) > 255:
                reject(line, "long_street", "")
                continue
            if len(suffix) > 20:
                reject(line, "long_suffix", suffix)
                continue
            current, building_department = commune
            if building_department != department:
                reject(line, "other_department", code)
                continue
            if duplicates is not None and imb_id in duplicates:
                first = duplicates[imb_id]
                if first is not None:
                    reject(line, "duplicate", imb_id, first)
                    continue
                duplicates[imb_id] = line
            key = (current, street, locality)
            streets[key] = streets.get(key, 0) + 1
            if batch.escape:
                imb_id, suffix = _escape(imb_id), _escape(suffix)
                street, locality = _escape(street), _escape(locality)
            out.append(
                f"{imb_id}\t{current}\t{premises}\t{longitude}\t{latitude}\t{number}\t"
                f"{suffix}\t{street}\t{locality}\n"
            )
        loaded += len(out)
        if write is not None and out:
            write("".join(out))
        if progress:
            progress(line)
    checked.read, checked.outside, checked.loaded = read, outside, loaded
    return checked
