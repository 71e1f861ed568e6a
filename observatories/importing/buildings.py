"""Loaders of "Ma connexion internet" per department: buildings (``base_imb_<DEP>``,
about 1.5 million rows for the region) and eligibility (``actuel_<DEP>``, ten times
more).

Buildings: the rows are read and checked by pyarrow (Python sees only the unusual
ones) while PostgreSQL copies the good ones into a fresh table (``building_rows``:
one pass over the file, two cores, no staging table), which is indexed after the
load, then swapped in for the department's partition of ``observatories_building``;
the streets searched by the address suggestions, counted during that pass, are
rewritten with it. Eligibility: the long file (one row per building, operator and
technology) is streamed as it is into a staging table with COPY, then PostgreSQL
checks it and sums it up into one row per building, upserted, touching only
summaries that changed.

Both loaders remember the digest of the content they loaded for a department: the
same content offered again (recompressed, renamed) is recognised before any COPY
and changes nothing. Eligibility takes the digest while the encoding is detected;
buildings take it while their rows load (no pass of its own over the file), but for
a department already loaded, which pays one more read to recognise it. Counts
follow the pipeline's rule (read = created + updated + unchanged + rejected); an
eligibility row counts as created, updated or unchanged with the summary of its
building.
"""

import logging
import re
from dataclasses import dataclass

import psycopg
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from ..models import (
    Building,
    BuildingDataset,
    BuildingEligibility,
    Commune,
    Department,
    ImportReject,
    SpeedClass,
    Technology,
    quarter_label,
)
from ..models.buildings import search_text
from .base import Format, SourceDefaults, Target, quarter_in_name
from .building_rows import COPY_COLUMNS, Checked, NotUtf8, Positions, Reading, Streets
from .reading import CHUNK, ImportRefused, Table, content_sha256, read_content
from .rejects import MAX_STORED_REJECTS, Rejects, refuse_if_too_many_rejects

log = logging.getLogger(__name__)

BUILDINGS_TABLE = Building._meta.db_table


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _edition(run) -> str:
    """``T4 2025`` from the file name (``base_imb_21-2025T4.csv.gz``) or the source's
    address: these files carry no date column."""
    quarter = quarter_in_name(run)
    return quarter_label(quarter) if quarter else ""


@dataclass
class Staged:
    table: str
    read: int


def _copy_refusal(exc: psycopg.Error) -> str:
    context = (exc.diag.context or "") if exc.diag else ""
    found = re.search(r"line (\d+)", context)
    where = f"Ligne {int(found[1]) + 1} : " if found else ""
    return (
        f"{where}le nombre de valeurs ne correspond pas à l'en-tête, ou un guillemet n'est "
        f"pas refermé (séparateur ou guillemets incorrects ?). Détail : {exc.diag.message_primary}"
    )


def stage(cursor, table: Table, run, progress) -> Staged:
    """COPY the rows as text, as they are, into a temporary table whose columns are
    the file's (normalised names; ``colonne_N`` for the N-th if it has none) plus
    ``line`` (line number in the file)."""
    # PostgreSQL cuts identifiers at 63 bytes: two names cut alike are in double.
    names = [(name or f"colonne_{n}")[:63] for n, name in enumerate(table.columns, start=1)]
    if len(set(names)) != len(names):
        raise ImportRefused(f"Colonnes en double dans l'en-tête : {', '.join(table.raw_columns)}.")
    name = _quote(f"import_raw_{run.pk}")
    columns = ", ".join(_quote(c) for c in names)
    cursor.execute(
        f"CREATE TEMP TABLE {name} (line bigint GENERATED ALWAYS AS IDENTITY (START WITH 2), "
        + ", ".join(f"{_quote(c)} text" for c in names)
        + ") ON COMMIT DROP"
    )
    delimiter = {";": "';'", ",": "','", "\t": "E'\\t'"}[table.delimiter]
    lines = 0
    try:
        with cursor.cursor.copy(
            f"COPY {name} ({columns}) FROM STDIN "
            f"(FORMAT csv, DELIMITER {delimiter}, FORCE_NOT_NULL ({columns}))"
        ) as copy:
            while chunk := table.handle.read(CHUNK):
                copy.write(chunk)
                lines += chunk.count("\n")
                if progress:
                    progress(lines)
    except psycopg.Error as exc:
        raise ImportRefused(_copy_refusal(exc)) from exc
    except (OSError, EOFError) as exc:
        raise ImportRefused(f"Fichier illisible ou tronqué : {exc}") from exc
    return Staged(name, cursor.cursor.rowcount)


def _same_content(run, digest: str, kind: str, rejects: Rejects) -> bool:
    """The content is the one a department already holds: report the same counts and
    rejects as the import that loaded it, change nothing (not even a COPY)."""
    dataset = (
        BuildingDataset.objects.filter(kind=kind, content_sha256=digest)
        .select_related("run")
        .first()
    )
    if dataset is None:
        return False
    loaded = dataset.run
    run.rows_read, run.rows_outside = loaded.rows_read, loaded.rows_outside
    run.rows_created = run.rows_updated = 0
    run.rows_unchanged = loaded.rows_read - loaded.rows_rejected
    run.edition = _edition(run) or loaded.edition
    rejects.kept = [
        ImportReject(run=run, line=r.line, column=r.column, value=r.value, reason=r.reason)
        for r in loaded.rejects.all()
    ]
    rejects.count = loaded.rows_rejected
    log.info("import %s: same content as import %s, nothing to load", run.pk, loaded.pk)
    return True


def _remember(run, kind: str, department: str, digest: str) -> None:
    BuildingDataset.objects.update_or_create(
        kind=kind, department_id=department, defaults={"content_sha256": digest, "run": run}
    )


TEMP_TABLES = ["import_checked", "import_classes"]


def _drop_temporary(cursor, staged: Staged) -> None:
    # ON COMMIT DROP is not enough: the import may run in a wider transaction (tests).
    names = ", ".join([staged.table, *TEMP_TABLES, "import_summary"])
    cursor.execute(f"DROP TABLE IF EXISTS {names}")


def tune(cursor) -> None:
    # Sorts and index builds of a million rows: in memory rather than on disk.
    cursor.execute("SET LOCAL work_mem = '64MB'")
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    # The commit does not wait for its WAL to reach the disk: a crash right after it
    # could lose this import (never half of it), to be run again; the run's record,
    # saved after it with a synchronous commit, flushes it anyway.
    cursor.execute("SET LOCAL synchronous_commit = off")


def _cases(reasons: dict[str, tuple[str, str, str]]) -> tuple[str, str, str, list]:
    """SQL giving the column, value and reason of each error code, from ``reasons``:
    error code → (column, SQL of the value read, reason with ``{value}``)."""
    columns = " ".join(f"WHEN '{code}' THEN '{column}'" for code, (column, _, _) in reasons.items())
    values = " ".join(f"WHEN '{code}' THEN {value}" for code, (_, value, _) in reasons.items())
    reasons_sql = " ".join(
        f"WHEN '{code}' THEN replace(%s, '{{value}}', {value})"
        for code, (_, value, _) in reasons.items()
    )
    params = [reason for _, _, reason in reasons.values()]
    return f"CASE error {columns} END", f"CASE error {values} END", reasons_sql, params


def collect_rejects(cursor, checked: str, reasons: dict, rejects: Rejects) -> None:
    """Rows of ``checked`` (with columns line, error, first_line) that have an error:
    all counted, the first ones kept for the report."""
    column_sql, value_sql, reason_cases, params = _cases(reasons)
    cursor.execute(f"SELECT count(*) FROM {checked} WHERE error IS NOT NULL")
    total = cursor.fetchone()[0]
    cursor.execute(
        f"""
        SELECT line, {column_sql}, {value_sql},
               replace(CASE error {reason_cases} END, '{{first}}', coalesce(first_line::text, ''))
        FROM {checked} WHERE error IS NOT NULL ORDER BY line LIMIT %s
        """,
        [*params, MAX_STORED_REJECTS],
    )
    kept = cursor.fetchall()
    for line, column, value, reason in kept:
        rejects.add(line, column, value, reason)
    rejects.count += total - len(kept)


# ---------------------------------------------------------------- buildings


def _commune_codes() -> dict[str, tuple[str, str]]:
    """Every code a commune answers to, current or former → (current code, department)."""
    rows = list(Commune.objects.values_list("code", "department_id", "former_codes"))
    codes = {}
    for code, department, former_codes in rows:
        for former in former_codes:
            codes.setdefault(former, (code, department))
    codes.update({code: (code, department) for code, department, _ in rows})
    return codes


def _create_fresh(cursor, fresh: str, department: str, run) -> None:
    """The table the department's rows are loaded into. Its check constraint proves
    the partition bound, sparing ATTACH a scan; declared on the empty table, it costs
    no scan either. Department and import are defaults while it loads: the COPY does
    not carry them on every row."""
    cursor.execute(
        f"CREATE TABLE {_quote(fresh)} (LIKE {BUILDINGS_TABLE} INCLUDING DEFAULTS "
        f"INCLUDING CONSTRAINTS INCLUDING GENERATED, CONSTRAINT {_quote(f'{fresh}_department')} "
        "CHECK (department_id = %s))",
        [department],
    )
    cursor.execute(
        f"ALTER TABLE {_quote(fresh)} ALTER department_id SET DEFAULT %s, "
        "ALTER run_id SET DEFAULT %s",
        [department, run.pk],
    )


def _load(cursor, target: str, reading: Reading, streets: Streets, progress,
          duplicates=None) -> Checked:  # fmt: skip
    """Check the rows while PostgreSQL copies the good ones into ``target``."""
    columns = ", ".join(COPY_COLUMNS)
    try:
        with cursor.cursor.copy(f"COPY {_quote(target)} ({columns}) FROM STDIN") as copy:
            return reading.load(copy.write, streets, progress, duplicates)
    except psycopg.Error as exc:  # a value the row checks let through
        raise ImportRefused(
            "Les données enfreignent une règle de cohérence de la base : "
            f"{exc.diag.message_primary}"
        ) from exc


def _compare(cursor, fresh: str, department: str, run) -> tuple[int, int]:
    """Fill ``fresh`` from ``import_checked``; each building keeps the import that last
    changed it. Returns the (created, updated) counts."""
    columns = ", ".join(COPY_COLUMNS)
    cursor.execute(
        f"""
        WITH compared AS MATERIALIZED (
            SELECT s.*, o.imb_id IS NOT NULL AS existed,
                   (o.commune_id, o.street_id, o.premises, o.x, o.y, o.number, o.suffix)
                   IS NOT DISTINCT FROM
                   (s.commune_id, s.street_id, s.premises, s.x, s.y, s.number, s.suffix)
                   AS same,
                   o.run_id AS old_run
            FROM import_checked s
            LEFT JOIN {BUILDINGS_TABLE} o ON o.department_id = %(department)s
                AND o.imb_id = s.imb_id
        ), inserted AS (
            INSERT INTO {_quote(fresh)} ({columns}, run_id)
            SELECT {columns}, CASE WHEN same THEN old_run ELSE %(run)s END FROM compared
            RETURNING 1
        )
        SELECT count(*) FILTER (WHERE NOT existed),
               count(*) FILTER (WHERE existed AND NOT same)
        FROM compared
        """,
        {"department": department, "run": run.pk},
    )
    created, updated = cursor.fetchone()
    cursor.execute("DROP TABLE import_checked")
    return created, updated


def _fill(cursor, fresh: str, existing: int, reading: Reading, streets: Streets, run,
          progress, duplicates=None) -> tuple[Checked, int, int]:  # fmt: skip
    """Load the rows into ``fresh`` (through ``import_checked`` when the department had
    buildings, to compare them); what the check found, and the (created, updated)
    counts, or None for those when the content is one already loaded (nothing done)."""
    if not existing:  # a first import: nothing to compare with, straight into fresh
        checked = _load(cursor, fresh, reading, streets, progress, duplicates)
        return checked, checked.loaded, 0
    columns = ", ".join(COPY_COLUMNS)
    cursor.execute(
        f"CREATE TEMP TABLE import_checked ON COMMIT DROP AS "
        f"SELECT {columns} FROM {BUILDINGS_TABLE} WITH NO DATA"
    )
    checked = _load(cursor, "import_checked", reading, streets, progress, duplicates)
    return checked, None, None


def _account(run, checked: Checked, rejects: Rejects) -> None:
    """Counts of a pass; refuses the file when too many rows were rejected."""
    run.rows_read, run.rows_outside = checked.read, checked.outside
    refuse_if_too_many_rejects(rejects, run.rows_read)


def _duplicated(cursor, fresh: str, run, rejects: Rejects) -> dict[str, None]:
    """The imb_id loaded on several rows, after refusing the file if their later rows,
    rejected, would be too many: no more of them are ever held in memory."""
    cursor.execute(
        f"SELECT count(*), coalesce(sum(rows - 1), 0) FROM ("
        f"SELECT count(*) AS rows FROM {_quote(fresh)} GROUP BY imb_id HAVING count(*) > 1) d"
    )
    _ids, later_rows = cursor.fetchone()
    rejects.count += int(later_rows)
    refuse_if_too_many_rejects(rejects, run.rows_read)
    cursor.execute(f"SELECT imb_id FROM {_quote(fresh)} GROUP BY imb_id HAVING count(*) > 1")
    return dict.fromkeys(imb_id for (imb_id,) in cursor.fetchall())


def _index_like_parent(cursor, fresh: str) -> None:
    """The parent's indexes, built on the loaded table (ATTACH then adopts them)."""
    cursor.execute(
        f"ALTER TABLE {_quote(fresh)} ADD CONSTRAINT {_quote(f'{fresh}_pkey')} "
        "PRIMARY KEY (imb_id, department_id)"
    )
    cursor.execute(
        "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = %s::regclass AND NOT indisprimary",
        [BUILDINGS_TABLE],
    )
    for number, (definition,) in enumerate(cursor.fetchall()):
        statement = re.sub(
            r"^CREATE (UNIQUE )?INDEX \S+ ON ONLY \S+",
            lambda m, n=number: (
                f"CREATE {m[1] or ''}INDEX {_quote(f'{fresh}_{n}')} ON {_quote(fresh)}"
            ),
            definition,
        )
        cursor.execute(statement)


def _streets_of(cursor, department: str) -> Streets:
    """The department's streets as they are, to keep their identifiers; new ones are
    numbered from the table's sequence. The lock (held until commit) makes imports
    of buildings wait for each other: each numbers streets from where the previous
    one stopped. Reading streets (address suggestions) is not blocked."""
    cursor.execute("LOCK TABLE observatories_street IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute(
        "SELECT commune_id, street, locality, id FROM observatories_street "
        "WHERE department_id = %s",
        [department],
    )
    known = {(commune, street, locality): id for commune, street, locality, id in cursor}
    cursor.execute("SELECT nextval(pg_get_serial_sequence('observatories_street', 'id'))")
    return Streets(known, cursor.fetchone()[0])


def _write_streets(cursor, streets: Streets, department: str) -> None:
    """The department's streets, counted while its rows loaded; their search text is
    ``search_text`` of the street, lieu-dit, commune name and postcodes."""
    communes = {
        code: f"{name} {' '.join(postcodes)}"
        for code, name, postcodes in Commune.objects.filter(department_id=department).values_list(
            "code", "name", "postcodes"
        )
    }
    cursor.execute("DELETE FROM observatories_street WHERE department_id = %s", [department])
    cursor.execute(
        "CREATE TEMP TABLE import_streets (id bigint, commune_id text, street text, "
        "locality text, search text, buildings integer) ON COMMIT DROP"
    )
    with cursor.cursor.copy("COPY import_streets FROM STDIN") as copy:
        for street_id, commune, street, locality, buildings in sorted(streets.counted()):
            search = search_text(f"{street} {locality} {communes[commune]}")
            copy.write_row((street_id, commune, street, locality, search, buildings))
    cursor.execute(
        """
        INSERT INTO observatories_street
            (id, department_id, commune_id, street, locality, search, search_vector, buildings)
        SELECT id, %s, commune_id, street, locality, search,
               to_tsvector('simple'::regconfig, search), buildings
        FROM import_streets
        """,
        [department],
    )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('observatories_street', 'id'), %s, false)",
        [streets.next_id],
    )
    cursor.execute("DROP TABLE import_streets")
    cursor.execute("ANALYZE observatories_street")  # the suggestions' plans depend on it


def _swap(cursor, fresh: str, department: str) -> None:
    """Put ``fresh`` in place of the department's partition (dropped), in this transaction."""
    cursor.execute(
        f"ALTER TABLE {_quote(fresh)} ALTER department_id DROP DEFAULT, ALTER run_id DROP DEFAULT"
    )
    partition = f"{BUILDINGS_TABLE}_{department.lower()}"
    cursor.execute("SELECT to_regclass(%s)", [partition])
    if cursor.fetchone()[0]:
        cursor.execute(f"ALTER TABLE {BUILDINGS_TABLE} DETACH PARTITION {_quote(partition)}")
        cursor.execute(f"DROP TABLE {_quote(partition)}")
    cursor.execute(f"ALTER TABLE {_quote(fresh)} RENAME TO {_quote(partition)}")
    cursor.execute(
        f"ALTER TABLE {BUILDINGS_TABLE} ATTACH PARTITION {_quote(partition)} FOR VALUES IN (%s)",
        [department],
    )
    cursor.execute(f"ANALYZE {_quote(partition)}")


def load_buildings(run, fmt, table: Table, rejects: Rejects, progress) -> None:
    """``base_imb_<DEP>``: replace the department's buildings and streets. The file is
    read once, from its path (``table.path``): as UTF-8 first, and if it proves not
    to be, again from Windows-1252 (a savepoint undoes what the first reading did)."""
    positions = Positions(
        table.columns,
        _commune_codes(),
        frozenset(
            Department.objects.filter(region_id=settings.REGION_CODE).values_list("code", flat=True)
        ),
    )
    transcode = table.encoding == "cp1252"  # the header already says so
    while True:
        try:
            with transaction.atomic():
                return _load_buildings(run, table, positions, rejects, progress, transcode)
        except NotUtf8:
            # Refused here, naming the line: bytes Windows-1252 cannot read either,
            # or UTF-8 mixed with Windows-1252.
            read_content(table.path)
            transcode = True
            rejects.count, rejects.kept = 0, []


class Passes:
    """The passes over a file: a second one when buildings on several rows must be
    rejected; the last one is closed at the end."""

    def __init__(self, read):
        self.read = read
        self.current: Reading = read()

    def again(self) -> Reading:
        self.current.close()
        self.current = self.read()
        return self.current

    def close(self) -> None:
        self.current.close()


def _load_buildings(run, table: Table, positions: Positions, rejects: Rejects, progress,
                    transcode: bool) -> None:  # fmt: skip
    kind = BuildingDataset.Kind.BUILDINGS
    passes = Passes(lambda: Reading(table.path, table.delimiter, positions, rejects, transcode))
    try:
        department = passes.current.department
        if not department:
            _account(run, passes.current.checker.checked, rejects)
            raise ImportRefused("Aucune ligne du fichier ne concerne la région.")
        # The same content (recompressed, renamed) as the department holds changes
        # nothing: a department already loaded pays one more read of the file for its
        # digest (a first import takes it as its rows load).
        loaded = BuildingDataset.objects.filter(kind=kind, department_id=department).exists()
        if loaded and _same_content(run, content_sha256(table.path), kind, rejects):
            return
        with connection.cursor() as cursor:
            tune(cursor)
            created, updated = _replace(cursor, run, department, passes, rejects, progress)
    finally:
        passes.close()
    run.rows_created, run.rows_updated = created, updated
    run.rows_unchanged = run.rows_read - rejects.count - created - updated
    run.edition = _edition(run)
    _remember(run, kind, department, passes.current.sha256)


def _replace(cursor, run, department: str, passes: Passes, rejects: Rejects,
             progress) -> tuple[int, int]:  # fmt: skip
    """Load the file into a fresh table and swap it in for the department's
    buildings (with its streets) if anything changed; the (created, updated) counts."""
    streets = _streets_of(cursor, department)
    cursor.execute(f"SELECT count(*) FROM {BUILDINGS_TABLE} WHERE department_id = %s", [department])
    existing = cursor.fetchone()[0]
    fresh = f"{BUILDINGS_TABLE}_{department.lower()}_r{run.pk}"
    _create_fresh(cursor, fresh, department, run)
    load = (cursor, fresh, existing)
    checked, created, updated = _fill(*load, passes.current, streets, run, progress)
    _account(run, checked, rejects)
    if created is None:
        created, updated = _compare(cursor, fresh, department, run)
    try:
        with transaction.atomic():
            _index_like_parent(cursor, fresh)
    except IntegrityError:  # a building on several rows: reject the later ones, reload
        duplicates = _duplicated(cursor, fresh, run, rejects)
        rejects.count, rejects.kept = 0, []
        streets.reset()
        cursor.execute(f"TRUNCATE {_quote(fresh)}")
        checked, created, updated = _fill(*load, passes.again(), streets, run, progress,
                                          duplicates)  # fmt: skip
        if created is None:
            created, updated = _compare(cursor, fresh, department, run)
        _account(run, checked, rejects)
        _index_like_parent(cursor, fresh)

    removed = existing - (checked.loaded - created)
    if created or updated or removed:
        _write_streets(cursor, streets, department)
        _swap(cursor, fresh, department)
    else:
        cursor.execute(f"DROP TABLE {_quote(fresh)}")
    log.info("import %s: department %s, %s buildings, %s removed", run.pk, department,
             checked.loaded, removed)  # fmt: skip
    return created, updated


# -------------------------------------------------------------- eligibility

CLASS_RANKS = {member.name: member.value for member in SpeedClass}
TECHNOLOGIES = [t.value for t in Technology]
ELIGIBILITY_REASONS = {
    "no_id": ("imb_id", "imb_id", "identifiant d'immeuble manquant."),
    "unknown_building": (
        "imb_id",
        "imb_id",
        "« {value} » n'est pas un immeuble importé : importez d'abord le fichier "
        "base_imb de son département.",
    ),
    "techno": (
        "code_techno",
        "techno",
        "« {value} » n'est pas une technologie connue (" + ", ".join(TECHNOLOGIES) + ").",
    ),
    "class": (
        "classe_debit_descendant",
        "class_read",
        "« {value} » n'est pas une classe de débit connue (" + ", ".join(CLASS_RANKS) + ").",
    ),
    "no_operator": ("code_operateur", "operator", "code opérateur manquant."),
    "other_department": (
        "imb_id",
        "imb_id",
        "« {value} » est un immeuble d'un autre département que celui du fichier "
        "(un fichier par département).",
    ),
    "duplicate": (
        "imb_id, code_operateur, code_techno",
        "imb_id",
        "doublon de la ligne {first} (même immeuble, opérateur et technologie).",
    ),
}


def _check_eligibility(cursor, staged: Staged) -> str:
    """``import_checked``: each row with its building's department, the rank of its
    downstream class and its first error (duplicates included)."""
    classes = ", ".join(f"('{name}', {rank})" for name, rank in CLASS_RANKS.items())
    cursor.execute(
        "CREATE TEMP TABLE import_classes (code text PRIMARY KEY, rank smallint) ON COMMIT DROP"
    )
    cursor.execute(f"INSERT INTO import_classes VALUES {classes}")
    cursor.execute(
        f"""
        CREATE TEMP TABLE import_checked ON COMMIT DROP AS
        SELECT r.line, btrim(r.imb_id) AS imb_id, b.department_id,
               upper(btrim(r.code_operateur)) AS operator, upper(btrim(r.code_techno)) AS techno,
               r.classe_debit_descendant AS class_read, k.rank, NULL::bigint AS first_line,
               false AS outside,
               CASE
                   WHEN btrim(r.imb_id) = '' THEN 'no_id'
                   WHEN b.imb_id IS NULL THEN 'unknown_building'
                   WHEN upper(btrim(r.code_techno)) <> ALL(%s) THEN 'techno'
                   WHEN k.rank IS NULL THEN 'class'
                   WHEN btrim(r.code_operateur) = '' THEN 'no_operator'
               END AS error
        FROM {staged.table} r
        LEFT JOIN {BUILDINGS_TABLE} b ON b.imb_id = btrim(r.imb_id) COLLATE "C"
        LEFT JOIN import_classes k ON k.code = upper(btrim(r.classe_debit_descendant))
        """,
        [TECHNOLOGIES],
    )
    cursor.execute(
        """
        WITH ranked AS (
            SELECT line, min(line) OVER (
                PARTITION BY imb_id COLLATE "C", operator COLLATE "C", techno COLLATE "C"
            ) AS first
            FROM import_checked WHERE error IS NULL
        )
        UPDATE import_checked c SET error = 'duplicate', first_line = r.first
        FROM ranked r WHERE c.line = r.line AND r.line <> r.first
        """
    )
    return "import_checked"


def _department_of(cursor, checked: str) -> str:
    """The department most rows are about; rows of the region's other departments are
    rejected (a file replaces a whole department: it must be about one)."""
    cursor.execute(
        f"SELECT department_id FROM {checked} WHERE department_id IS NOT NULL AND NOT outside "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    )
    found = cursor.fetchone()
    if found is None:
        return ""
    cursor.execute(
        f"UPDATE {checked} SET error = 'other_department' "
        "WHERE error IS NULL AND NOT outside AND department_id <> %s",
        [found[0]],
    )
    return found[0]


def _summaries(cursor, checked: str, department: str, run) -> tuple[int, int]:
    """Upsert one summary per building; returns the rows counted as (created, updated)."""
    table = BuildingEligibility._meta.db_table
    fields = BuildingEligibility.FIELDS
    best = ", ".join(
        f"max(rank) FILTER (WHERE techno = '{t.value}') AS {name}" for t, name in fields.items()
    )
    operators = ", ".join(
        f"coalesce(array_agg(DISTINCT operator ORDER BY operator) "
        f"FILTER (WHERE techno = '{t.value}'), '{{}}') AS {name}_operators"
        for t, name in fields.items()
    )
    value_columns = ["best", *fields.values(), *(f"{n}_operators" for n in fields.values())]
    columns = ", ".join(value_columns)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*value_columns, "run_id"])
    current = ", ".join(f"{table}.{c}" for c in value_columns)
    incoming = ", ".join(f"EXCLUDED.{c}" for c in value_columns)
    cursor.execute(
        f"""
        CREATE TEMP TABLE import_summary ON COMMIT DROP AS
        SELECT imb_id, count(*) AS rows, max(rank) AS best, {best}, {operators}
        FROM {checked} WHERE error IS NULL AND department_id = %s GROUP BY imb_id
        """,
        [department],
    )
    cursor.execute(
        f"""
        WITH upserted AS (
            INSERT INTO {table} (building_id, department_id, {columns}, run_id)
            SELECT imb_id, %(department)s, {columns}, %(run)s FROM import_summary
            ON CONFLICT (building_id) DO UPDATE SET {updates},
                department_id = EXCLUDED.department_id
            WHERE ({current}) IS DISTINCT FROM ({incoming})
            RETURNING building_id, (xmax = 0) AS created
        )
        SELECT coalesce(sum(s.rows) FILTER (WHERE u.created), 0),
               coalesce(sum(s.rows) FILTER (WHERE NOT u.created), 0)
        FROM upserted u JOIN import_summary s ON s.imb_id COLLATE "C" = u.building_id
        """,
        {"department": department, "run": run.pk},
    )
    created, updated = cursor.fetchone()
    cursor.execute(
        f"DELETE FROM {table} e WHERE e.department_id = %s "
        "AND NOT EXISTS (SELECT 1 FROM import_summary s "
        'WHERE s.imb_id COLLATE "C" = e.building_id)',
        [department],
    )
    return int(created), int(updated)


def load_eligibility(run, fmt, table: Table, rejects: Rejects, progress) -> None:
    """``actuel_<DEP>``: one summary per building of the department."""
    kind = BuildingDataset.Kind.ELIGIBILITY
    if _same_content(run, table.content_sha256, kind, rejects):
        return
    with connection.cursor() as cursor:
        tune(cursor)
        staged = stage(cursor, table, run, progress)
        checked = _check_eligibility(cursor, staged)
        run.rows_read, run.rows_outside = staged.read, 0
        department = _department_of(cursor, checked)
        if not department:
            raise ImportRefused(
                "Aucun immeuble de ce fichier n'est connu : importez d'abord le fichier "
                "base_imb de son département."
            )
        collect_rejects(cursor, checked, ELIGIBILITY_REASONS, rejects)
        refuse_if_too_many_rejects(rejects, run.rows_read)
        created, updated = _summaries(cursor, checked, department, run)
        _drop_temporary(cursor, staged)
    run.rows_created, run.rows_updated = created, updated
    run.rows_unchanged = run.rows_read - rejects.count - created - updated
    run.edition = _edition(run) or _edition_of_buildings(department)
    _remember(run, kind, department, table.content_sha256)


def _edition_of_buildings(department: str) -> str:
    dataset = (
        BuildingDataset.objects.filter(kind=BuildingDataset.Kind.BUILDINGS, department=department)
        .select_related("run")
        .first()
    )
    return dataset.run.edition if dataset else ""


# Rows are checked in SQL by the loaders: these formats parse no row in Python.
MCI_BUILDINGS = Format(
    key="mci_base_imb",
    label="Ma connexion internet – immeubles (base_imb)",
    required=frozenset(
        {"imb_id", "imb_code_insee", "imb_nbr_logloc", "addr_numero", "addr_nom_voie"}
    ),
    targets=(
        Target(
            Building,
            ("imb_id",),
            ("commune", "premises", "longitude", "latitude", "number", "street"),
        ),
    ),
    source=SourceDefaults(
        slug="arcep-mci-immeubles",
        name="Arcep – Ma connexion internet, immeubles",
        publisher="Arcep",
        licence="Licence Ouverte 2.0",
        schedule="trimestrielle",
    ),
    parse_row=None,
    loader=load_buildings,
    reads_file=True,
)

MCI_ELIGIBILITY = Format(
    key="mci_actuel",
    label="Ma connexion internet – éligibilité des immeubles (actuel)",
    required=frozenset({"imb_id", "code_operateur", "code_techno", "classe_debit_descendant"}),
    targets=(Target(BuildingEligibility, ("building",), ("best",)),),
    source=SourceDefaults(
        slug="arcep-mci-eligibilite-immeubles",
        name="Arcep – Ma connexion internet, éligibilité des immeubles",
        publisher="Arcep",
        licence="Licence Ouverte 2.0",
        schedule="trimestrielle",
    ),
    parse_row=None,
    loader=load_eligibility,
)
