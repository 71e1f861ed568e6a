"""What a format adapter is made of, and the value parsers adapters share."""

import datetime
import re
from dataclasses import dataclass, field

from django.db import models

from ..models import DataSource
from .reading import parse_int


class RowError(Exception):
    """One value of one row is wrong: the row is rejected, the import goes on."""

    def __init__(self, column: str, value: str, reason: str):
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


class OutsideRegion(Exception):
    """The row is about a territory outside the region: ignored, not rejected."""


@dataclass
class Context:
    """What adapters look values up in, loaded once per import."""

    commune_codes: dict[str, str]  # current and former codes → current code
    department_codes: set[str]
    # (postcode, normalised name) → current code, for files that may lack the code.
    # Loaded with the rest before reading: no query may run during the COPY.
    commune_names: dict[tuple[str, str], str] = field(default_factory=dict)
    source_id: int | None = None  # the data source of the import, for natural keys
    # The quarter the file's name (or its source's address) gives (``quarter_in_name``),
    # for formats whose rows carry no date.
    quarter: datetime.date | None = None
    # What the format's ``prepare`` loaded for its rows (e.g. SIRENs of the region's
    # collectivités), before reading: no query may run during the COPY.
    lookups: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SourceDefaults:
    slug: str
    name: str
    publisher: str
    licence: str
    schedule: str
    url: str = ""


@dataclass(frozen=True)
class Target:
    """A table a format writes to, and the natural key its records are upserted on."""

    model: type[models.Model]
    key_fields: tuple[str, ...]
    value_fields: tuple[str, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return self.key_fields + self.value_fields


@dataclass
class Format:
    key: str
    label: str
    required: frozenset[str]
    # The first target's records are streamed; the others' are kept in memory until
    # the file is read, so they must stay few (one per commune at most).
    targets: tuple[Target, ...]
    source: SourceDefaults
    # (row, Context) -> one list of records per target; may raise RowError/OutsideRegion.
    parse_row: object = field(repr=False)
    after_load: object = None  # (ImportRun) -> None: refresh what depends on the data
    # (run, fmt, table, rejects, progress) -> None: replaces the pipeline's staged
    # upsert for formats that load differently (e.g. a table swapped in whole); it
    # runs inside the import's transaction and must fill the run's counts.
    loader: object = None
    # The loader reads the file itself from ``table.path`` (its encoding and digest
    # too): the pipeline opens only the header.
    reads_file: bool = False
    # Regular expressions that at least one column must match each (e.g. quarters).
    patterns: tuple[str, ...] = ()
    # (source, dest_dir) -> sources.services.Download: replaces the plain GET of the
    # source's URL for a scheduled source of this format (e.g. an API with a token and
    # pages); raises FetchError (worth another try) or ImportRefused.
    download: object = None
    # (run) -> dict, the Context's ``lookups``: what rows are checked against beyond
    # the communes and departments, loaded once before the file is read.
    prepare: object = None

    def matches(self, columns: set[str]) -> bool:
        return self.required <= columns and all(
            any(re.fullmatch(pattern, column) for column in columns) for pattern in self.patterns
        )

    def default_source(self) -> DataSource:
        source, _ = DataSource.objects.get_or_create(
            slug=self.source.slug,
            defaults={
                "name": self.source.name,
                "publisher": self.source.publisher,
                "licence": self.source.licence,
                "schedule": self.source.schedule,
                "url": self.source.url,
                "format": self.key,
            },
        )
        return source


# Reasons shared with the loaders that check rows in SQL (``{value}``: the value read).
NOT_A_COMMUNE_CODE = "« {value} » n'est pas un code commune INSEE (5 caractères)."
UNKNOWN_COMMUNE = "« {value} » n'est pas un code commune connu du référentiel."
NOT_A_COUNT = "« {value} » n'est pas un nombre entier positif."
MAX_INTEGER = 2**31 - 1  # PostgreSQL integer
TOO_LARGE = f"« {{value}} » dépasse le plus grand nombre admis ({MAX_INTEGER})."
COMMUNE_CODE = r"[0-9][0-9AB][0-9]{3}"


def commune(value: str, context: Context, column: str = "code_insee") -> str:
    code = value.strip()
    if not re.fullmatch(COMMUNE_CODE, code):
        raise RowError(column, value, NOT_A_COMMUNE_CODE.format(value=value))
    if code in context.commune_codes:
        return context.commune_codes[code]
    if code[:2] not in context.department_codes:
        raise OutsideRegion
    raise RowError(column, value, UNKNOWN_COMMUNE.format(value=value))


def count(row: dict, column: str) -> int:
    value = row[column]
    try:
        number = parse_int(value)
    except ValueError:
        raise RowError(column, value, NOT_A_COUNT.format(value=value)) from None
    if number is None:
        raise RowError(column, value, "valeur manquante.")
    if number > MAX_INTEGER:
        raise RowError(column, value, TOO_LARGE.format(value=value))
    return number


QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
# A quarter in a file name or an address: ``2025_T3_sites``, ``2025t4-obs``, ``T4_2025``.
EDITION_IN_NAME = re.compile(r"(20\d\d)[ _-]?t([1-4])|t([1-4])[ _-]?(20\d\d)", re.IGNORECASE)


def quarter_end(number: str, year: str) -> datetime.date:
    return datetime.date(int(year), *QUARTER_END[int(number)])


def quarter_in_name(run) -> datetime.date | None:
    """The last day of the quarter named by the run's file name or, for a scheduled
    source, the address it comes from (``…/2025t4/base_imb_21.csv.gz``): for files
    that carry no date column. None if neither names one."""
    found = EDITION_IN_NAME.search(run.file_name) or EDITION_IN_NAME.search(run.source.url)
    if not found:
        return None
    year, number = (found[1], found[2]) if found[1] else (found[4], found[3])
    return quarter_end(number, year)


def edition_date(value: str, column: str = "date") -> datetime.date:
    text = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowError(column, value, f"« {value} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).")


def all_premises(row: dict) -> None:
    """Rows of "Ma connexion internet" per-commune files must be about all premises."""
    if row["type"].strip().lower() != "all":
        raise RowError(
            "type", row["type"], f"type « {row['type']} » non pris en charge (seul « all » l'est)."
        )


def counts(row: dict, columns: dict[str, str]) -> dict[str, int]:
    """``{field: column}`` → ``{field: count read in that column}``."""
    return {name: count(row, column) for name, column in columns.items()}


def within_premises(
    row: dict, values: dict[str, int], columns: dict[str, str], what: str = "cette classe"
) -> None:
    """No count may exceed the commune's premises (``values["premises"]``)."""
    for name, column in columns.items():
        if values[name] > values["premises"]:
            raise RowError(
                column,
                row[column],
                f"{values[name]} locaux pour {what}, plus que les {values['premises']} "
                "locaux de la commune.",
            )
