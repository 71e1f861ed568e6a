"""National files of which a region keeps a tenth, checked in SQL.

pyarrow reads the file a batch at a time (as the buildings' loader does,
``building_rows``) and tells the rows about the region from the others a column at a
time; only the region's rows reach PostgreSQL, by COPY (``import_region``). There one
statement types and checks them (``import_checked``: each row's first error, with
its column, the value read and a French reason), duplicate keys are rejected, and the
good rows are inserted (a new edition) or upserted on their natural key
(``staging.Stage``).

A format describes its rows (``Rows``): the columns read, the SQL of each field's
value from them, and its checks in order (``Check``). Rows whose commune is neither a
code of the region (current or former) nor in one of its departments are counted as
outside the region, never rejected; a malformed code is rejected, as ``base.commune``
does, unless the row's department is another region's.
"""

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import DataError, connection, transaction
from pyarrow import csv as pa_csv

from ..models import Commune, Department, quarter_label
from .base import COMMUNE_CODE, NOT_A_COMMUNE_CODE, UNKNOWN_COMMUNE, Target, quarter_in_name
from .building_rows import Content, NotUtf8, record_batches
from .buildings import collect_rejects, tune
from .reading import ImportRefused, Table, read_content
from .rejects import Rejects, refuse_if_too_many_rejects
from .staging import Stage, count_touched, create_touched

CHECKED = "import_checked"
REGION = "import_region"
CODES = "import_codes"
# A decimal as written, with a point or a comma (or an exponent), as PostgreSQL casts
# it; bounded so that casting it never fails. ``NaN`` and ``Infinity``, which it casts
# too, fail the range checks.
DECIMAL = r"^[+-]?([0-9]{1,15}([.][0-9]{0,15})?|[.][0-9]{1,15})([eE][+-]?[0-9]{1,2})?$"
TRUE_FLAGS = ("1", "true", "vrai", "oui", "1.0")
FALSE_FLAGS = ("0", "false", "faux", "non", "0.0", "")


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def raw(column: str) -> str:
    """SQL of the value read in ``column``, trimmed, for the checks: ``raw_<column>``."""
    return quote("raw_" + column)


def _literals(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


@dataclass(frozen=True)
class Check:
    """A rule a row breaks when ``fails`` (SQL on the checked row) is true: rejected
    with ``reason`` (``{value}``: the value read in ``column``, or ``value``, SQL)."""

    code: str
    fails: str
    column: str
    reason: str
    value: str = ""

    @property
    def value_sql(self) -> str:
        return self.value or raw(self.column)


def decimal(column: str, *, trusting: bool = False) -> str:
    """SQL: the number written in ``column`` (``12,5`` or ``12.5``), NULL if none or
    empty. ``trusting``: cast as it is, which fails the statement on a value that is
    not a number, but costs half as much (see ``check_rows``)."""
    value = f"replace({raw(column)}, ',', '.')"
    if trusting:
        return f"nullif({value}, '')::float8"
    return f"CASE WHEN {value} COLLATE \"C\" ~ '{DECIMAL}' THEN {value}::float8 END"


def is_commune_code(sql: str) -> str:
    """SQL: ``sql`` is written like a commune code (COMMUNE_CODE), without a regular
    expression (cheaper on the hundreds of thousands of rows of a national file)."""
    others = f"translate({sql}, '0123456789', '')"
    return (
        f"(length({sql}) = 5 AND ({others} = '' "
        f"OR ({others} IN ('A', 'B') AND substr({sql}, 2, 1) IN ('A', 'B'))))"
    )


def flag(column: str) -> str:
    """SQL: the flag written in ``column`` (``0/1``, ``True/False``; empty is false),
    NULL if it is none."""
    value = f"lower({raw(column)})"
    return (
        f"CASE WHEN {value} IN ({_literals(TRUE_FLAGS)}) THEN true "
        f"WHEN {value} IN ({_literals(FALSE_FLAGS)}) THEN false END"
    )


def text(column: str, limit: int) -> str:
    """SQL: the text of ``column``, trimmed, cut at ``limit`` characters."""
    return f"left({raw(column)}, {limit})"


def commune_checks(column: str) -> list[Check]:
    """The commune code read (``commune_code``: ``Rows.commune``) is one, of the region."""
    return [
        Check(
            "not_insee",
            f"commune_id IS NULL AND NOT {is_commune_code('commune_code')}",
            column,
            NOT_A_COMMUNE_CODE,
            value="commune_code",
        ),
        Check("unknown", "commune_id IS NULL", column, UNKNOWN_COMMUNE, value="commune_code"),
    ]


def decimal_checks(column: str, field: str, low: float, high: float, what: str) -> list[Check]:
    """The value is there, is a number, and lies between ``low`` and ``high``."""
    return [
        Check(f"{field}_missing", f"{raw(column)} = ''", column, "valeur manquante."),
        Check(
            f"{field}_number",
            f"{quote(field)} IS NULL",
            column,
            f"« {{value}} » n'est pas un nombre ({what}).",
        ),
        Check(
            f"{field}_range",
            f"{quote(field)} NOT BETWEEN {low} AND {high}",
            column,
            f"« {{value}} » : {what} attendu entre {low:g} et {high:g}.",
        ),
    ]


def flag_check(column: str, field: str) -> Check:
    return Check(
        f"{field}_flag",
        f"{quote(field)} IS NULL",
        column,
        "« {value} » n'est pas un indicateur (0 ou 1, True ou False).",
    )


def required_check(column: str, field: str, limit: int, what: str) -> list[Check]:
    return [
        Check(f"{field}_missing", f"{raw(column)} = ''", column, f"{what} manquant."),
        length_check(column, field, limit, what),
    ]


def length_check(column: str, field: str, limit: int, what: str) -> Check:
    return Check(
        f"{field}_long",
        f"length({raw(column)}) > {limit}",
        column,
        f"« {{value}} » : {what} trop long ({limit} caractères au plus).",
    )


def region_codes(cursor) -> None:
    """A temporary table of every code a commune answers to (current or former) and
    its current code."""
    codes = Commune.objects.code_map()  # read first: no query may run during the COPY
    cursor.execute(
        f"CREATE TEMP TABLE {CODES} (code text PRIMARY KEY, current text NOT NULL) ON COMMIT DROP"
    )
    with cursor.cursor.copy(f"COPY {CODES} (code, current) FROM STDIN") as copy:
        for code, current in codes.items():
            copy.write_row((code, current))
    cursor.execute(f"ANALYZE {CODES}")


@dataclass(frozen=True)
class Rows:
    """How a national file's rows are checked and written."""

    target: Target
    # The columns of the commune code: the first that is not empty holds it.
    commune: tuple[str, ...]
    key: tuple[str, ...]  # the columns of the natural key, as the file names them
    raw: tuple[str, ...]  # the columns read (kept trimmed as ``raw_<name>``)
    typed: dict[str, str]  # field → SQL of its value, from the values read (``raw``)
    checks: tuple[Check, ...]
    decimals: dict[str, str] = field(default_factory=dict)  # field → column of a number
    # The column of the department: a row whose commune code is malformed is outside
    # the region if this says so (rather than rejected).
    department: str = ""
    # Columns whose distinct values are gathered over all the rows (the region's and
    # the others'), for what a whole edition says (its date).
    distinct: tuple[str, ...] = ()

    @property
    def reasons(self) -> dict[str, tuple[str, str, str]]:
        """Error code → (column, SQL of the value read, reason), for ``collect_rejects``."""
        reasons = {
            check.code: (check.column, check.value_sql, check.reason) for check in self.checks
        }
        values = ", ".join(raw(column) for column in self.key)
        reasons["duplicate"] = (
            ", ".join(self.key),
            f"concat_ws(' ', {values})",
            "doublon de la ligne {first}.",
        )
        return reasons


DEPARTMENT_CODE = "^[0-9][0-9AB]$"
MAX_DISTINCT = 10_000


@dataclass
class Region:
    """What reading a file found: its rows about the region (in ``import_region``),
    the others, and the distinct values asked for (``Rows.distinct``)."""

    read: int = 0
    outside: int = 0
    distinct: dict[str, set[str]] = field(default_factory=dict)


def _trim(column):
    return pc.utf8_trim_whitespace(column)


def _about_region(batch, positions: dict[str, int], rows: Rows, codes, departments):
    """The commune code of each row of ``batch`` (trimmed), and whether the row is
    about the region: its code is one of the region's (current or former), or starts
    like a department of the region's (an unknown code, to reject), or is malformed
    (to reject) unless its department is another region's."""
    code = _trim(batch.column(positions[rows.commune[0]]))
    for other in rows.commune[1:]:
        if other in positions:
            code = pc.if_else(pc.equal(code, ""), _trim(batch.column(positions[other])), code)
    known = pc.or_(
        pc.is_in(code, value_set=codes),
        pc.is_in(pc.utf8_slice_codeunits(code, 0, 2), value_set=departments),
    )
    malformed = pc.invert(pc.match_substring_regex(code, f"^{COMMUNE_CODE}$"))
    if rows.department in positions:
        department = pc.utf8_lpad(_trim(batch.column(positions[rows.department])), 2, "0")
        elsewhere = pc.and_(
            pc.match_substring_regex(department, DEPARTMENT_CODE),
            pc.invert(pc.is_in(department, value_set=departments)),
        )
        malformed = pc.and_(malformed, pc.invert(elsewhere))
    return code, pc.or_(known, malformed)


def _blank(batch):
    """Rows whose values are all empty (blank lines): neither read nor outside."""
    lengths = functools.reduce(pc.add, (pc.binary_length(c) for c in batch.columns))
    return pc.equal(lengths, 0)


def _stage_batches(copy, table: Table, rows: Rows, content: Content, progress, region: Region,
                   codes, departments) -> None:  # fmt: skip
    """Write the rows about the region to ``copy`` (CSV), a batch at a time."""
    positions = {name: index for index, name in enumerate(table.columns)}
    line = 2  # of the next row: the header is line 1, blank lines are rows
    for batch in record_batches(table.path, table.delimiter, len(table.columns), content):
        count = batch.num_rows
        code, kept = _about_region(batch, positions, rows, codes, departments)
        blank = _blank(batch)
        kept = pc.and_(kept, pc.invert(blank))
        found = pc.sum(kept).as_py() or 0
        region.read += found
        region.outside += count - found - (pc.sum(blank).as_py() or 0)
        for name in rows.distinct:
            values = pc.unique(_trim(batch.column(positions[name]))).to_pylist()
            known = region.distinct.setdefault(name, set())
            known.update(values[: MAX_DISTINCT - len(known)])
        if found:
            columns = {
                "line": pa.array(range(line, line + count), pa.int64()),
                "commune_code": code,
                **{f"raw_{name}": batch.column(positions[name]) for name in rows.raw},
            }
            kept_rows = pa.table(columns).filter(kept)
            trimmed = [kept_rows.column(0), *(_trim(c) for c in kept_rows.columns[1:])]
            out = io.BytesIO()
            pa_csv.write_csv(
                pa.table(trimmed, names=kept_rows.column_names),
                out,
                write_options=pa_csv.WriteOptions(include_header=False),
            )
            copy.write(out.getbuffer())
        line += count
        if progress:
            progress(line - 2)


def stage_region(cursor, table: Table, rows: Rows, progress) -> Region:
    """``import_region``: the rows of the file about the region, with their line in
    the file, their commune code and the values read in ``rows.raw`` (trimmed).
    pyarrow reads the file (the pipeline opened its header only: ``table.path``) a
    batch at a time, checked as it streams (``Content``: size, lines, NUL bytes),
    and tells the region's rows from the others a column at a time; only those are
    copied to PostgreSQL. A file read as UTF-8 that proves not to be is read again,
    from Windows-1252."""
    codes = pa.array(list(Commune.objects.code_map()), pa.string())
    departments = pa.array(
        Department.objects.filter(region_id=settings.REGION_CODE).values_list("code", flat=True),
        pa.string(),
    )
    missing = [name for name in rows.raw if name not in table.columns]
    if missing:  # a format's optional columns are left out of ``rows.raw`` when absent
        raise ImportRefused(f"Colonnes manquantes : {', '.join(missing)}.")
    names = ["commune_code", *(f"raw_{name}" for name in rows.raw)]
    cursor.execute(
        f"CREATE TEMP TABLE {REGION} (line bigint, "
        + ", ".join(f"{quote(name)} text" for name in names)
        + ") ON COMMIT DROP"
    )
    columns = ", ".join(["line", *(quote(name) for name in names)])
    transcode = table.encoding == "cp1252"  # as the header says
    while True:
        region = Region(distinct={name: set() for name in rows.distinct})
        content = Content(table.path, transcode)
        try:
            with (
                transaction.atomic(),
                cursor.cursor.copy(f"COPY {REGION} ({columns}) FROM STDIN (FORMAT csv)") as copy,
            ):
                _stage_batches(copy, table, rows, content, progress, region, codes, departments)
            return region
        except NotUtf8:
            read_content(table.path)  # refused here, naming the line, if not Windows-1252
            transcode = True
        finally:
            content.close()


def _type_and_check(cursor, rows: Rows, params: dict, *, trusting: bool) -> None:
    """``import_checked``: the rows of ``import_region`` with their typed fields and
    first error. Numbers are first cast ``trusting`` they are numbers (a file as
    published): the statement fails on one that is not, and is made again checking
    each value (a regular expression per value, which doubles its cost)."""
    typed = {
        **rows.typed,
        **{name: decimal(column, trusting=trusting) for name, column in rows.decimals.items()},
    }
    fields = ", ".join(f"{sql} AS {quote(name)}" for name, sql in typed.items())
    errors = " ".join(f"WHEN {check.fails} THEN '{check.code}'" for check in rows.checks)
    # The typed fields are computed once per row (OFFSET 0 keeps PostgreSQL from
    # merging the subquery, which would compute them again in each check).
    cursor.execute(
        f"""
        CREATE TEMP TABLE {CHECKED} ON COMMIT DROP AS
        SELECT t.*, CASE {errors} END AS error, NULL::bigint AS first_line
        FROM (
            SELECT g.*, k.current AS commune_id, {fields}
            FROM {REGION} g LEFT JOIN {CODES} k ON k.code = g.commune_code
            OFFSET 0
        ) t
        """,
        params,
    )


def check_rows(cursor, rows: Rows, params: dict) -> None:
    """``import_checked``: the rows of ``import_region`` typed and checked."""
    region_codes(cursor)
    try:
        with transaction.atomic():  # a savepoint: a value no number undoes only this
            _type_and_check(cursor, rows, params, trusting=True)
    except DataError:  # now the same, value by value
        _type_and_check(cursor, rows, params, trusting=False)
    cursor.execute(f"DROP TABLE {REGION}")


def reject_duplicates(cursor, fields: tuple[str, ...]) -> None:
    """A key on several good rows: the later ones are rejected."""
    key = ", ".join(quote(field) for field in fields)
    cursor.execute(
        f"""
        WITH ranked AS (
            SELECT line, min(line) OVER (PARTITION BY {key}) AS first
            FROM {CHECKED} WHERE error IS NULL
        )
        UPDATE {CHECKED} c SET error = 'duplicate', first_line = r.first
        FROM ranked r WHERE c.line = r.line AND r.line <> r.first
        """
    )


def write_rows(cursor, run, rows: Rows, rejects: Rejects, *, fresh: bool) -> tuple[int, int]:
    """Reject the bad rows (refusing the file past the threshold), write the good
    ones: inserted when the table holds none of their edition (``fresh``), else
    upserted; (rows created, rows updated)."""
    reject_duplicates(cursor, rows.target.key_fields)
    collect_rejects(cursor, CHECKED, rows.reasons, rejects)
    refuse_if_too_many_rejects(rejects, run.rows_read)
    cursor.execute(f"DELETE FROM {CHECKED} WHERE error IS NOT NULL")
    stage = Stage(rows.target, CHECKED)
    if fresh:
        cursor.execute(
            f"INSERT INTO {stage.table} ({stage.column_list}, run_id) "
            f"SELECT {stage.column_list}, %s FROM {CHECKED}",
            [run.pk],
        )
        return cursor.rowcount, 0
    create_touched(cursor)
    stage.upsert(cursor, run.pk)
    return count_touched(cursor)


def drop(cursor) -> None:
    # ON COMMIT DROP is not enough: the import may run in a wider transaction (tests).
    cursor.execute(f"DROP TABLE IF EXISTS {REGION}, {CHECKED}, {CODES}")


NO_QUARTER = (
    "Trimestre introuvable : le nom du fichier doit le dire, comme Arcep les nomme "
    "(« 2025_T3_… »), de même que l'adresse d'une source planifiée. Renommez le fichier "
    "en le faisant commencer par l'année et le trimestre de ses données, puis déposez-le "
    "à nouveau."
)


def quarterly_loader(rows_of: Callable[[list[str]], Rows], refresh: Callable) -> Callable:
    """The pipeline's loader (``Format.loader``) of a national file of one quarter,
    named by the file (``quarter_in_name``): its rows checked as ``rows_of(columns)``
    says, the edition's territory sums rebuilt by ``refresh(run=…, edition=…)`` when
    anything changed."""

    def load(run, fmt, table: Table, rejects: Rejects, progress) -> None:
        edition = quarter_in_name(run)
        if edition is None:
            raise ImportRefused(NO_QUARTER)
        rows = rows_of(table.columns)
        fresh = not rows.target.model.objects.filter(edition=edition).exists()
        with connection.cursor() as cursor:
            tune(cursor)
            # The checks are long expressions run on tens of thousands of rows:
            # compiling them (JIT) costs more than it saves.
            cursor.execute("SET LOCAL jit = off")
            region = stage_region(cursor, table, rows, progress)
            run.rows_read, run.rows_outside = region.read, region.outside
            if not run.rows_read:
                raise ImportRefused("Aucune ligne du fichier ne concerne la région.")
            check_rows(cursor, rows, {"edition": edition})
            created, updated = write_rows(cursor, run, rows, rejects, fresh=fresh)
            drop(cursor)
        run.rows_created, run.rows_updated = created, updated
        run.rows_unchanged = run.rows_read - rejects.count - created - updated
        run.edition = quarter_label(edition)
        if created or updated:
            refresh(run=run, edition=edition)

    return load
