"""The rows of a ``base_imb_<DEP>`` file, checked in Python while they are read,
written as PostgreSQL text-format lines for a ``COPY``: Python parses on
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
from dataclasses import dataclass

from .base import NOT_A_COMMUNE_CODE, NOT_A_COUNT, UNKNOWN_COMMUNE
from .reading import CHUNK, ImportRefused, Table
from .rejects import Rejects

EARTH_RADIUS = 6378137.0  # EPSG:3857, spherical Mercator
MAX_INTEGER = 2**31 - 1  # PostgreSQL integer
NULL = "\\N"  # COPY's text format
DECIMAL_CHARACTERS = "0123456789.-"
# Counts and house numbers as they are usually written → as COPY reads them: one
# dictionary lookup checks most values; the others take the long way.
USUAL_COUNTS = {str(number): str(number) for number in range(10_000)}
USUAL_NUMBERS = {**USUAL_COUNTS, "": NULL}
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


@dataclass
class Batch:
    """About a megabyte of rows: lines to split on the delimiter (``split``) or lists
    of values; a blank line is ``""`` or ``[""]``. The lines are split one at a time
    by the loop that reads them: a million lists alive at once would keep the garbage
    collector scanning them (five seconds for a million rows)."""

    rows: list[str] | list[list[str]]
    first_line: int  # line number of rows[0] in the file (the header is line 1)
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
                yield Batch(rows, start, escape=True)
                rows, start = [], first_line + read
    except csv.Error as exc:
        raise ImportRefused(
            f"Ligne {first_line + reader.line_num - 1} : guillemet mal placé ou non refermé "
            f"(séparateur ou guillemets incorrects ?). Détail : {exc}"
        ) from exc
    if rows:
        yield Batch(rows, start, escape=True)


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
            lines = text.split("\n")
            lines.pop()  # after the last line break
            yield Batch(
                lines,
                line,
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


class Streets:
    """The streets of the department, (commune, street, lieu-dit) → [identifier (as
    text, ready for COPY), buildings]: those it already had keep their identifier;
    new ones are numbered from ``next_id``. A few tens of thousands at most, whatever
    the number of rows."""

    def __init__(self, known: dict[tuple[str, str, str], int], next_id: int):
        self.known = {key: [str(street_id), 0] for key, street_id in known.items()}
        self.next_id = next_id

    def add(self, key: tuple[str, str, str]) -> list:
        found = self.known[key] = [str(self.next_id), 0]
        self.next_id += 1
        return found

    def reset(self) -> None:
        """Counts back to zero, for a new pass (identifiers are kept)."""
        for found in self.known.values():
            found[1] = 0

    def counted(self) -> list[tuple[int, str, str, str, int]]:
        """(identifier, commune, street, lieu-dit, buildings) of the streets that have
        buildings."""
        return [
            (int(street_id), *key, buildings)
            for key, (street_id, buildings) in self.known.items()
            if buildings
        ]


def check_rows(
    table: Table,
    positions: Positions,
    department: str,
    rejects: Rejects,
    write: Callable[[str], object] | None,
    streets: Streets,
    progress: Callable[[int], None] | None = None,
    duplicates: dict[str, int | None] | None = None,
) -> Checked:
    """Check every row, ``write`` the good ones (COPY text format, columns
    ``COPY_COLUMNS``) a batch at a time, ``rejects.add`` the bad ones, count the
    buildings of each street in ``streets``. ``write`` None: check only (no
    department). ``duplicates``: imb_id found on several good rows → line of its first
    row, filled here; the later rows are rejected."""
    codes, region, width = positions.codes, positions.region, positions.width
    at_id, at_code, at_premises = positions.id, positions.code, positions.premises
    at_x, at_y, at_number = positions.x, positions.y, positions.number
    at_suffix, at_street, at_locality = positions.suffix, positions.street, positions.locality
    has_suffix, has_locality = at_suffix < width, at_locality < width
    mercator = positions.mercator
    find_street = streets.known.get
    read = outside = loaded = 0

    def reject(line: int, error: str, value: str, first: int | None = None) -> None:
        column, reason = BUILDING_REASONS[error]
        column = column.format(x=positions.x_column, y=positions.y_column)
        rejects.add(line, column, value, reason.format(value=value, first=first))

    delimiter = table.delimiter
    usual_counts, usual_numbers = USUAL_COUNTS.get, USUAL_NUMBERS.get
    line = 1
    for batch in batches(table.handle, delimiter):
        out = []
        read += len(batch.rows)  # less the blank and outside rows, as they are met
        split, escape = batch.split, batch.escape
        # No line of the batch is longer than a street may be: no street is too long.
        short = max(map(len, batch.rows)) <= 255 if split else False
        for line, row in enumerate(batch.rows, batch.first_line):
            values = row.split(delimiter) if split else row
            if len(values) != width:
                if len(values) == 1 and not values[0]:
                    read -= 1
                    continue  # a blank line
                raise ImportRefused(
                    f"Ligne {line} : le nombre de valeurs ne correspond pas à l'en-tête "
                    f"({len(values)} valeurs pour {width} colonnes ; séparateur ou guillemets "
                    "incorrects ?)."
                )
            # Values are trimmed only when a check fails (a code, a coordinate, a
            # number with spaces around it passes after a trim), but for the text
            # kept as it is.
            code = values[at_code]
            commune = codes.get(code)
            if commune is None:
                code = code.strip(" ")
                commune = codes.get(code)
                if commune is None and code[:2] not in region and is_commune_code(code):
                    outside += 1
                    read -= 1
                    continue
            imb_id = values[at_id].strip(" ")
            if not imb_id:
                reject(line, "no_id", "")
                continue
            if len(imb_id) > 64:
                reject(line, "long_id", imb_id)
                continue
            if commune is None:
                reject(line, "unknown" if is_commune_code(code) else "not_insee", code)
                continue
            premises = usual_counts(values[at_premises])
            if premises is None:
                premises = values[at_premises].replace(" ", "")
                if not (premises.isdigit() and premises.isascii()) or int(premises) > MAX_INTEGER:
                    reject(line, "not_count", premises)
                    continue
            x, y = values[at_x], values[at_y]
            try:  # the common case: two decimals with a point
                if x.strip(DECIMAL_CHARACTERS) or y.strip(DECIMAL_CHARACTERS):
                    raise ValueError
                float(x), float(y)
            except ValueError:
                x, y, error = coordinates(x, y)
                if error:
                    reject(
                        line, error, (values[at_x] if error == "not_x" else values[at_y]).strip(" ")
                    )
                    continue
            if not mercator and x is not NULL:
                x, y = web_mercator(float(x), float(y))
            number = usual_numbers(values[at_number])
            if number is None:
                number = house_number(values[at_number])
                if number is None:
                    reject(line, "not_number", values[at_number].strip(" "))
                    continue
            street = values[at_street].strip(" ")
            locality = values[at_locality].strip(" ") if has_locality else ""
            suffix = values[at_suffix].strip(" ") if has_suffix else ""
            if not short and (len(street) > 255 or len(locality) > 255):
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
            found = find_street(key)
            if found is None:
                found = streets.add(key)
            found[1] += 1
            if escape:
                imb_id, suffix = _escape(imb_id), _escape(suffix)
            out.append(
                f"{imb_id}\t{current}\t{found[0]}\t{premises}\t{x}\t{y}\t{number}\t{suffix}\n"
            )
        loaded += len(out)
        if write is not None and out:
            write("".join(out))
        if progress:
            progress(line)
    return Checked(read, outside, loaded)
