"""National files checked in SQL: most of their rows are about other regions, so
they are copied as text into a staging table (``buildings.stage``: one COPY, no
row seen by Python), then PostgreSQL keeps the rows of the region's communes, types
them and checks them in one statement, rejects duplicate keys, and the good rows are
upserted on their natural key (``staging.Stage``).

A format describes its rows as SQL: the typed value of each field from the raw row
``r`` (``typed``), and the checks in order (``Check``: the first that fails is the
row's error, reported with its column, the value read and a French reason). Rows
whose commune is neither a code of the region (current or former) nor in one of its
departments are counted as outside the region, never rejected; a malformed code is
rejected, as ``base.commune`` does.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from ..models import Commune, Department, quarter_label
from .base import COMMUNE_CODE, NOT_A_COMMUNE_CODE, UNKNOWN_COMMUNE, Target, quarter_in_name
from .buildings import Staged, collect_rejects, stage
from .reading import ImportRefused, Table
from .rejects import Rejects, refuse_if_too_many_rejects
from .staging import Stage, count_touched, create_touched

CHECKED = "import_checked"
CODES = "import_codes"
# A decimal as written, with a point or a comma; bounded so that casting it never fails.
DECIMAL = r"^-?[0-9]{1,12}([.][0-9]{1,12})?$"
TRUE_FLAGS = ("1", "true", "vrai", "oui", "1.0")
FALSE_FLAGS = ("0", "false", "faux", "non", "0.0", "")


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def raw(column: str) -> str:
    """SQL of the value read in ``column``, trimmed, in the checked table."""
    return f"btrim({quote('raw_' + column)})"


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


def decimal(column: str) -> str:
    """SQL (on the raw row ``r``): the number written in ``column`` (``12,5`` or
    ``12.5``), NULL if it is none."""
    text = f"replace(btrim(r.{quote(column)}), ',', '.')"
    return f"CASE WHEN {text} ~ '{DECIMAL}' THEN {text}::float8 END"


def flag(column: str) -> str:
    """SQL (on the raw row ``r``): the flag written in ``column`` (``0/1``,
    ``True/False``; empty is false), NULL if it is none."""
    text = f"lower(btrim(r.{quote(column)}))"
    return (
        f"CASE WHEN {text} IN ({_literals(TRUE_FLAGS)}) THEN true "
        f"WHEN {text} IN ({_literals(FALSE_FLAGS)}) THEN false END"
    )


def text(column: str, limit: int) -> str:
    """SQL (on the raw row ``r``): the text of ``column``, trimmed."""
    return f"left(btrim(r.{quote(column)}), {limit})"


def trimmed(name: str) -> str:
    """SQL of the value of column ``name`` on the raw row ``r``, trimmed."""
    return f"btrim(r.{quote(name)})"


def commune_checks(column: str) -> list[Check]:
    """The commune code read (``commune_code``: ``Rows.commune``) is one, of the region."""
    return [
        Check(
            "not_insee",
            f"commune_code !~ '^{COMMUNE_CODE}$'",
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


def region_codes(cursor) -> list[str]:
    """A temporary table of every code a commune answers to (current or former) and
    its current code; returns the region's departments."""
    codes = Commune.objects.code_map()  # read first: no query may run during the COPY
    cursor.execute(
        f"CREATE TEMP TABLE {CODES} (code text PRIMARY KEY, current text NOT NULL) ON COMMIT DROP"
    )
    with cursor.cursor.copy(f"COPY {CODES} (code, current) FROM STDIN") as copy:
        for code, current in codes.items():
            copy.write_row((code, current))
    cursor.execute(f"ANALYZE {CODES}")
    return list(
        Department.objects.filter(region_id=settings.REGION_CODE).values_list("code", flat=True)
    )


@dataclass(frozen=True)
class Rows:
    """How a national file's rows are checked and written."""

    target: Target
    commune: str  # SQL of the commune code on the raw row ``r``, trimmed
    key: tuple[str, ...]  # the columns of the natural key, as the file names them
    raw: tuple[str, ...]  # the columns checks report (kept as ``raw_<name>``)
    typed: dict[str, str]  # field → SQL of its value on the raw row ``r``
    checks: tuple[Check, ...]
    # SQL of the department on ``r``: a row whose commune code is malformed is outside
    # the region if this says so (rather than rejected).
    department: str = "''"

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


def check_rows(cursor, staged: Staged, rows: Rows, params: dict) -> tuple[int, int]:
    """``import_checked``: the rows about the region, with their raw values, typed
    fields and first error; (rows read, rows outside). A row is about the region if
    its commune is one of the region's (by a current or former code), or has a code of
    one of its departments (unknown: rejected), or has a malformed code (rejected)
    unless its department is another region's."""
    departments = region_codes(cursor)
    commune, department = rows.commune, rows.department
    kept = ", ".join(f"r.{quote(column)} AS {quote('raw_' + column)}" for column in rows.raw)
    typed = ", ".join(f"{sql} AS {quote(field)}" for field, sql in rows.typed.items())
    errors = " ".join(f"WHEN {check.fails} THEN '{check.code}'" for check in rows.checks)
    cursor.execute(
        f"""
        CREATE TEMP TABLE {CHECKED} ON COMMIT DROP AS
        SELECT t.*, CASE {errors} END AS error, NULL::bigint AS first_line
        FROM (
            SELECT r.line, {kept}, {commune} AS commune_code, k.current AS commune_id, {typed}
            FROM {staged.table} r LEFT JOIN {CODES} k ON k.code = {commune}
            WHERE k.code IS NOT NULL
                OR ({commune} ~ '^{COMMUNE_CODE}$' AND left({commune}, 2) = ANY(%(departments)s))
                OR ({commune} !~ '^{COMMUNE_CODE}$' AND NOT (
                    {department} ~ '{DEPARTMENT_CODE}' AND {department} <> ALL(%(departments)s)))
        ) t
        """,
        {**params, "departments": departments},
    )
    read = cursor.rowcount
    return read, staged.read - read


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


def write_rows(cursor, run, rows: Rows, rejects: Rejects) -> tuple[int, int]:
    """Reject the bad rows (refusing the file past the threshold), upsert the good
    ones; (rows created, rows updated)."""
    reject_duplicates(cursor, rows.target.key_fields)
    collect_rejects(cursor, CHECKED, rows.reasons, rejects)
    refuse_if_too_many_rejects(rejects, run.rows_read)
    cursor.execute(f"DELETE FROM {CHECKED} WHERE error IS NOT NULL")
    create_touched(cursor)
    Stage(rows.target, CHECKED).upsert(cursor, run.pk)
    return count_touched(cursor)


def drop(cursor, staged: Staged) -> None:
    # ON COMMIT DROP is not enough: the import may run in a wider transaction (tests).
    cursor.execute(f"DROP TABLE IF EXISTS {staged.table}, {CHECKED}, {CODES}")


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
        with connection.cursor() as cursor:
            staged = stage(cursor, table, run, progress)
            run.rows_read, run.rows_outside = check_rows(cursor, staged, rows, {"edition": edition})
            if not run.rows_read:
                raise ImportRefused("Aucune ligne du fichier ne concerne la région.")
            created, updated = write_rows(cursor, run, rows, rejects)
            drop(cursor, staged)
        run.rows_created, run.rows_updated = created, updated
        run.rows_unchanged = run.rows_read - rejects.count - created - updated
        run.edition = quarter_label(edition)
        if created or updated:
            refresh(run=run, edition=edition)

    return load
