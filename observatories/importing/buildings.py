"""Loaders of "Ma connexion internet" per department: buildings (``base_imb_<DEP>``,
about 1.5 million rows for the region) and eligibility (``actuel_<DEP>``, ten times
more). Too many rows for Python to look at one by one: the file is streamed as it
is into a staging table with COPY, and PostgreSQL checks, converts and loads it.

Buildings: the department's rows fill a fresh table, indexed after the load, then
swapped in for the department's partition of ``observatories_building``; the
streets searched by the address suggestions are rewritten with it. Eligibility:
the long file (one row per building, operator and technology) is summed up into one
row per building, upserted, touching only summaries that changed.

Both loaders remember the digest of the content they loaded for a department: the
same content offered again (recompressed, renamed) is recognised after the COPY and
changes nothing. Counts follow the pipeline's rule (read = created + updated +
unchanged + rejected); an eligibility row counts as created, updated or unchanged
with the summary of its building.
"""

import hashlib
import logging
import re
from dataclasses import dataclass

import psycopg
from django.db import IntegrityError, connection, transaction

from ..models import (
    Building,
    BuildingDataset,
    BuildingEligibility,
    ImportReject,
    SpeedClass,
    Technology,
)
from ..models.buildings import SEARCH_ACCENTS, SEARCH_PLAIN, SEARCH_SEPARATORS
from ..territories import BFC
from .base import (
    COMMUNE_CODE,
    NOT_A_COMMUNE_CODE,
    NOT_A_COUNT,
    UNKNOWN_COMMUNE,
    Format,
    SourceDefaults,
    Target,
)
from .reading import CHUNK, ImportRefused, Table
from .rejects import MAX_STORED_REJECTS, Rejects, refuse_if_too_many_rejects

log = logging.getLogger(__name__)

EARTH_RADIUS = 6378137.0  # EPSG:3857, spherical Mercator
BUILDINGS_TABLE = Building._meta.db_table
SQL_COMMUNE_CODE = f"^{COMMUNE_CODE}$"
SQL_COUNT = "^[0-9]+$"
SQL_DECIMAL = "^-?[0-9]+([.,][0-9]+)?$"
EDITION_IN_NAME = re.compile(r"(20\d\d)[ _-]?t([1-4])|t([1-4])[ _-]?(20\d\d)", re.IGNORECASE)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _edition(run) -> str:
    """``T4 2025`` from the file name (``base_imb_21-2025T4.csv.gz``) or, for a feed,
    the address it comes from (``…/2025t4/base_imb_21.csv.gz``): these files carry
    no date column."""
    found = EDITION_IN_NAME.search(run.file_name) or EDITION_IN_NAME.search(run.source.url)
    if not found:
        return ""
    year, quarter = (found[1], found[2]) if found[1] else (found[4], found[3])
    return f"T{quarter} {year}"


@dataclass
class Staged:
    table: str
    digest: str
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
    the file's (normalised names) plus ``line`` (line number in the file)."""
    if len(set(table.columns)) != len(table.columns):
        raise ImportRefused(f"Colonnes en double dans l'en-tête : {', '.join(table.raw_columns)}.")
    name = _quote(f"import_raw_{run.pk}")
    columns = ", ".join(_quote(c) for c in table.columns)
    cursor.execute(
        f"CREATE TEMP TABLE {name} (line bigint GENERATED ALWAYS AS IDENTITY (START WITH 2), "
        + ", ".join(f"{_quote(c)} text" for c in table.columns)
        + ") ON COMMIT DROP"
    )
    delimiter = {";": "';'", ",": "','", "\t": "E'\\t'"}[table.delimiter]
    digest = hashlib.sha256("\x1f".join(table.columns).encode())
    lines = 0
    try:
        with cursor.cursor.copy(
            f"COPY {name} ({columns}) FROM STDIN "
            f"(FORMAT csv, DELIMITER {delimiter}, FORCE_NOT_NULL ({columns}))"
        ) as copy:
            while chunk := table.handle.read(CHUNK):
                data = chunk.encode()  # once, for the digest and for the server
                digest.update(data)
                copy.write(data)
                lines += chunk.count("\n")
                if progress:
                    progress(lines)
    except psycopg.errors.DataError as exc:
        raise ImportRefused(_copy_refusal(exc)) from exc
    except (OSError, EOFError) as exc:
        raise ImportRefused(f"Fichier illisible ou tronqué : {exc}") from exc
    cursor.execute(f"SELECT count(*) FROM {name}")
    return Staged(name, digest.hexdigest(), cursor.fetchone()[0])


def _same_content(run, staged: Staged, kind: str, rejects: Rejects) -> bool:
    """The content is the one a department already holds: report the same counts and
    rejects as the import that loaded it, change nothing."""
    dataset = (
        BuildingDataset.objects.filter(kind=kind, content_sha256=staged.digest)
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


TEMP_TABLES = ["import_codes", "import_departments", "import_checked", "import_classes"]


def _drop_temporary(cursor, staged: Staged) -> None:
    # ON COMMIT DROP is not enough: the import may run in a wider transaction (tests).
    names = ", ".join([staged.table, *TEMP_TABLES, "import_summary"])
    cursor.execute(f"DROP TABLE IF EXISTS {names}")


def _tune(cursor) -> None:
    # Sorts and index builds of a million rows: in memory rather than on disk.
    cursor.execute("SET LOCAL work_mem = '64MB'")
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")


def _codes(cursor) -> None:
    """``import_codes``: every code a commune answers to (current or former) → its
    current code and department; ``import_departments``: the region's departments."""
    cursor.execute(
        """
        CREATE TEMP TABLE import_codes ON COMMIT DROP AS
        SELECT DISTINCT ON (code) code, current, department_id FROM (
            SELECT code, code AS current, department_id, 0 AS rank FROM observatories_commune
            UNION ALL
            SELECT unnest(former_codes), code, department_id, 1 FROM observatories_commune
        ) codes ORDER BY code, rank
        """
    )
    cursor.execute("CREATE UNIQUE INDEX ON import_codes (code)")
    cursor.execute(
        "CREATE TEMP TABLE import_departments ON COMMIT DROP AS "
        "SELECT code FROM observatories_department WHERE region_id = %s",
        [BFC],
    )


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

BUILDING_REASONS = {
    "no_id": ("imb_id", "imb_id", "identifiant d'immeuble manquant."),
    "long_id": (
        "imb_id", "imb_id", "« {value} » : identifiant trop long (64 caractères au plus)."
    ),
    "not_insee": ("imb_code_insee", "code", NOT_A_COMMUNE_CODE),
    "unknown": ("imb_code_insee", "code", UNKNOWN_COMMUNE),
    "not_count": ("imb_nbr_logloc", "premises", NOT_A_COUNT),
    "not_x": ("{x}", "x", "« {value} » n'est pas une coordonnée (nombre décimal)."),
    "not_y": ("{y}", "y", "« {value} » n'est pas une coordonnée (nombre décimal)."),
    "not_number": ("addr_numero", "number", "« {value} » n'est pas un numéro dans la voie."),
    "long_street": ("addr_nom_voie", "''", "nom de voie trop long (255 caractères au plus)."),
    "other_department": (
        "imb_code_insee",
        "code",
        "« {value} » est une commune d'un autre département que celui du fichier "
        "(un fichier par département).",
    ),
    "duplicate": ("imb_id", "imb_id", "doublon de la ligne {first}."),
}  # fmt: skip


def _coordinates(columns: list[str]) -> tuple[str, str]:
    """The columns holding the coordinates: EPSG:3857 or, in older editions, WGS84."""
    for pair in (("imb_x", "imb_y"), ("imb_longitude", "imb_latitude")):
        if set(pair) <= set(columns):
            return pair
    raise ImportRefused(
        "Coordonnées absentes : le fichier doit avoir les colonnes imb_x et imb_y (EPSG:3857) "
        "ou, dans les éditions anciennes, imb_longitude et imb_latitude (WGS84)."
    )


def _check_buildings(cursor, staged: Staged, columns: list[str]) -> dict:
    """``import_checked``: each row trimmed, its commune resolved, and its first error."""
    x, y = _coordinates(columns)
    optional = {c: (f"r.{c}" if c in columns else "''") for c in ("addr_rep", "addr_nom_ld")}
    cursor.execute(
        f"""
        CREATE TEMP TABLE import_checked ON COMMIT DROP AS
        SELECT r.line, btrim(r.imb_id) AS imb_id, btrim(r.imb_code_insee) AS code,
               c.current AS commune_id, c.department_id,
               replace(r.imb_nbr_logloc, ' ', '') AS premises, btrim(r.addr_numero) AS number,
               btrim({optional["addr_rep"]}) AS suffix, btrim(r.addr_nom_voie) AS street,
               btrim({optional["addr_nom_ld"]}) AS locality,
               btrim(r.{x}) AS x, btrim(r.{y}) AS y,
               NULL::bigint AS first_line,
               c.current IS NULL AND btrim(r.imb_code_insee) ~ %(code)s
                   AND left(btrim(r.imb_code_insee), 2) NOT IN (SELECT code FROM import_departments)
                   AS outside,
               CASE
                   WHEN btrim(r.imb_id) = '' THEN 'no_id'
                   WHEN length(btrim(r.imb_id)) > 64 THEN 'long_id'
                   WHEN btrim(r.imb_code_insee) !~ %(code)s THEN 'not_insee'
                   WHEN c.current IS NULL AND left(btrim(r.imb_code_insee), 2)
                       IN (SELECT code FROM import_departments) THEN 'unknown'
                   WHEN c.current IS NULL THEN NULL
                   WHEN replace(r.imb_nbr_logloc, ' ', '') !~ %(count)s THEN 'not_count'
                   WHEN btrim(r.{x}) <> '' AND btrim(r.{x}) !~ %(decimal)s THEN 'not_x'
                   WHEN btrim(r.{y}) <> '' AND btrim(r.{y}) !~ %(decimal)s THEN 'not_y'
                   WHEN btrim(r.addr_numero) <> '' AND btrim(r.addr_numero) !~ %(count)s
                       THEN 'not_number'
                   WHEN length(btrim(r.addr_nom_voie)) > 255
                       OR length(btrim({optional["addr_nom_ld"]})) > 255 THEN 'long_street'
               END AS error
        FROM {staged.table} r LEFT JOIN import_codes c ON c.code = btrim(r.imb_code_insee)
        """,
        {"code": SQL_COMMUNE_CODE, "count": SQL_COUNT, "decimal": SQL_DECIMAL},
    )
    x_value, y_value = "replace(s.x, ',', '.')::float8", "replace(s.y, ',', '.')::float8"
    if x == "imb_x":  # spherical Mercator, inverted
        longitude = f"{x_value} / {EARTH_RADIUS} * 180 / pi()"
        latitude = f"(2 * atan(exp({y_value} / {EARTH_RADIUS})) - pi() / 2) * 180 / pi()"
    else:
        longitude, latitude = x_value, y_value
    return {
        "longitude": f"CASE WHEN s.x = '' OR s.y = '' THEN NULL ELSE {longitude} END",
        "latitude": f"CASE WHEN s.x = '' OR s.y = '' THEN NULL ELSE {latitude} END",
        "reasons": {
            code: (column.format(x=x, y=y), value, reason)
            for code, (column, value, reason) in BUILDING_REASONS.items()
        },
    }


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


def _fill(cursor, fresh: str, checked: str, department: str, sql: dict, run) -> tuple[int, int]:
    """Insert the good rows into ``fresh``; each keeps the import that last changed it.
    Returns (created, updated)."""
    source = f"""
        SELECT s.imb_id, s.department_id, s.commune_id, s.premises::integer AS premises,
               {sql["longitude"]} AS longitude, {sql["latitude"]} AS latitude,
               nullif(s.number, '')::integer AS number, s.suffix, s.street, s.locality
        FROM {checked} s WHERE s.error IS NULL AND NOT s.outside
    """
    columns = "imb_id, department_id, commune_id, premises, longitude, latitude, number, suffix"
    cursor.execute(f"SELECT count(*) FROM {BUILDINGS_TABLE} WHERE department_id = %s", [department])
    if not cursor.fetchone()[0]:  # a first import: nothing to compare with
        cursor.execute(
            f"INSERT INTO {fresh} ({columns}, street, locality, run_id) "
            f"SELECT *, %s FROM ({source}) source",
            [run.pk],
        )
        return cursor.rowcount, 0
    cursor.execute(
        f"""
        WITH compared AS MATERIALIZED (
            SELECT s.*, o.imb_id IS NOT NULL AS existed,
                   (o.commune_id, o.premises, o.longitude, o.latitude, o.number, o.suffix,
                    o.street, o.locality)
                   IS NOT DISTINCT FROM
                   (s.commune_id, s.premises, s.longitude, s.latitude, s.number, s.suffix,
                    s.street COLLATE "C", s.locality COLLATE "C") AS same,
                   o.run_id AS old_run
            FROM ({source}) s
            LEFT JOIN {BUILDINGS_TABLE} o ON o.department_id = %(department)s
                AND o.imb_id = s.imb_id COLLATE "C"
        ), inserted AS (
            INSERT INTO {fresh} ({columns}, street, locality, run_id)
            SELECT {columns}, street, locality, CASE WHEN same THEN old_run ELSE %(run)s END
            FROM compared
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM inserted),
               count(*) FILTER (WHERE NOT existed),
               count(*) FILTER (WHERE existed AND NOT same)
        FROM compared
        """,
        {"department": department, "run": run.pk},
    )
    _inserted, created, updated = cursor.fetchone()
    return created, updated


def _mark_duplicates(cursor, checked: str) -> None:
    """Second and later rows of an imb_id: rejected, pointing to the first one."""
    cursor.execute(
        f"""
        WITH ranked AS (
            SELECT line, min(line) OVER (PARTITION BY imb_id COLLATE "C") AS first
            FROM {checked} WHERE error IS NULL AND NOT outside
        )
        UPDATE {checked} c SET error = 'duplicate', first_line = r.first
        FROM ranked r WHERE c.line = r.line AND r.line <> r.first
        """
    )


def _index_like_parent(cursor, fresh: str, run) -> None:
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


def _refresh_streets(cursor, fresh: str, department: str) -> None:
    plain = "regexp_replace(lower(translate(%(text)s, %(accents)s, %(plain)s)), %(sep)s, ' ', 'g')"
    text = "concat_ws(' ', b.street, b.locality, c.name, array_to_string(c.postcodes, ' '))"
    cursor.execute("DELETE FROM observatories_street WHERE department_id = %s", [department])
    cursor.execute(
        f"""
        INSERT INTO observatories_street
            (department_id, commune_id, street, locality, search, search_vector, buildings)
        SELECT department_id, commune_id, street, locality, search,
               to_tsvector('simple'::regconfig, search), buildings
        FROM (
            SELECT b.department_id, b.commune_id, b.street, b.locality,
                   btrim({plain.replace("%(text)s", text)}) AS search, b.buildings
            FROM (
                SELECT department_id, commune_id COLLATE "C" AS commune_id, street, locality,
                       count(*) AS buildings
                FROM {_quote(fresh)} GROUP BY 1, 2, 3, 4
            ) b JOIN observatories_commune c ON c.code = b.commune_id COLLATE "default"
        ) streets
        """,
        {"accents": SEARCH_ACCENTS, "plain": SEARCH_PLAIN, "sep": SEARCH_SEPARATORS},
    )
    cursor.execute("ANALYZE observatories_street")  # the suggestions' plans depend on it


def _swap(cursor, fresh: str, department: str) -> None:
    """Put ``fresh`` in place of the department's partition (dropped), in this transaction."""
    partition = f"{BUILDINGS_TABLE}_{department.lower()}"
    # A check constraint proving the partition bound spares ATTACH a scan of the table.
    cursor.execute(
        f"ALTER TABLE {_quote(fresh)} ADD CONSTRAINT {_quote(f'{fresh}_department')} "
        "CHECK (department_id = %s)",
        [department],
    )
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
    """``base_imb_<DEP>``: replace the department's buildings and streets."""
    kind = BuildingDataset.Kind.BUILDINGS
    with connection.cursor() as cursor:
        _tune(cursor)
        staged = stage(cursor, table, run, progress)
        if _same_content(run, staged, kind, rejects):
            _drop_temporary(cursor, staged)
            return
        _codes(cursor)
        checked, sql = "import_checked", _check_buildings(cursor, staged, table.columns)
        department = _department_of(cursor, checked)
        cursor.execute(f"SELECT count(*) FILTER (WHERE outside) FROM {checked}")
        run.rows_outside = cursor.fetchone()[0]
        run.rows_read = staged.read - run.rows_outside
        if not department:
            collect_rejects(cursor, checked, sql["reasons"], rejects)
            refuse_if_too_many_rejects(rejects, run.rows_read)
            raise ImportRefused("Aucune ligne du fichier ne concerne la région.")

        fresh = f"{BUILDINGS_TABLE}_{department.lower()}_r{run.pk}"
        cursor.execute(
            f"CREATE TABLE {_quote(fresh)} (LIKE {BUILDINGS_TABLE} INCLUDING DEFAULTS "
            "INCLUDING CONSTRAINTS)"
        )
        created, updated = _fill(cursor, fresh, checked, department, sql, run)
        try:
            with transaction.atomic():
                _index_like_parent(cursor, fresh, run)
        except IntegrityError:  # two rows for one building
            _duplicate_free(cursor, fresh, checked, department, sql, run)
            created, updated = _fill(cursor, fresh, checked, department, sql, run)
            _index_like_parent(cursor, fresh, run)
        collect_rejects(cursor, checked, sql["reasons"], rejects)
        refuse_if_too_many_rejects(rejects, run.rows_read)

        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE run_id = %s) FROM {_quote(fresh)}",
            [run.pk],
        )
        loaded, changed = cursor.fetchone()
        cursor.execute(
            f"SELECT count(*) FROM {BUILDINGS_TABLE} WHERE department_id = %s", [department]
        )
        removed = cursor.fetchone()[0] - (loaded - created)
        if changed or removed:
            _refresh_streets(cursor, fresh, department)
            _swap(cursor, fresh, department)
        else:
            cursor.execute(f"DROP TABLE {_quote(fresh)}")
        _drop_temporary(cursor, staged)
        log.info(
            "import %s: department %s, %s buildings, %s removed", run.pk, department, loaded,
            removed,
        )  # fmt: skip
    run.rows_created, run.rows_updated = created, updated
    run.rows_unchanged = run.rows_read - rejects.count - created - updated
    run.edition = _edition(run)
    _remember(run, kind, department, staged.digest)


def _duplicate_free(cursor, fresh, checked, department, sql, run) -> None:
    """Two rows with the same imb_id (the primary key refused them): reject the later
    ones and load again."""
    cursor.execute(f"TRUNCATE {_quote(fresh)}")
    _mark_duplicates(cursor, checked)


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
    with connection.cursor() as cursor:
        _tune(cursor)
        staged = stage(cursor, table, run, progress)
        if _same_content(run, staged, kind, rejects):
            _drop_temporary(cursor, staged)
            return
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
    _remember(run, kind, department, staged.digest)


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
