"""Staging tables: rows are COPYed into a temporary table shaped like their target,
checked there, then upserted on the target's natural key in one statement."""

import contextlib
import re
from array import array
from dataclasses import dataclass

import psycopg
from django.db import connection

from .base import Target
from .reading import ImportRefused


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


# Lines whose records were written: (line, created). A line counts as created if
# one of its records was, else as updated if one was, else as unchanged.
TOUCHED = quote("import_touched")


@dataclass
class Stage:
    target: Target
    name: str  # quoted

    @property
    def table(self) -> str:
        return quote(self.target.model._meta.db_table)

    def columns(self, names) -> list[str]:
        return [quote(self.target.model._meta.get_field(name).column) for name in names]

    @property
    def column_list(self) -> str:
        return ", ".join(self.columns(self.target.fields))

    def create(self, cursor) -> None:
        cursor.execute(
            f"CREATE TEMP TABLE {self.name} ON COMMIT DROP AS "
            f"SELECT {self.column_list} FROM {self.table} WITH NO DATA"
        )
        cursor.execute(f"ALTER TABLE {self.name} ADD COLUMN line integer")

    def copy(self, cursor):
        """A COPY into the stage: ``write(record, line)`` on what it returns."""
        return cursor.cursor.copy(f"COPY {self.name} ({self.column_list}, line) FROM STDIN")

    def row(self, record: dict, line: int) -> list:
        return [record[name] for name in self.target.fields] + [line]

    def duplicates(self, cursor) -> list[tuple[int, int]]:
        """(line, first line) of records whose key an earlier line already has."""
        keys = ", ".join(self.columns(self.target.key_fields))
        cursor.execute(
            f"""
            SELECT line, first_line FROM (
                SELECT line, min(line) OVER (PARTITION BY {keys}) AS first_line
                FROM {self.name}
            ) ranked
            WHERE line <> first_line
            """
        )
        return cursor.fetchall()

    def drop_lines(self, cursor, lines: list[int]) -> None:
        cursor.execute(f"DELETE FROM {self.name} WHERE line = ANY(%s)", [lines])

    def upsert(self, cursor, run_id: int) -> None:
        """Insert new keys, update rows whose values differ, leave the others alone;
        record the lines written in TOUCHED."""
        keys = self.columns(self.target.key_fields)
        values = self.columns(self.target.value_fields)
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in values)
        current = ", ".join(f"{self.table}.{c}" for c in values)
        incoming = ", ".join(f"EXCLUDED.{c}" for c in values)
        join = " AND ".join(f"s.{c} = u.{c}" for c in keys)
        cursor.execute(
            f"""
            WITH upserted AS (
                INSERT INTO {self.table} ({self.column_list}, run_id)
                SELECT {self.column_list}, %s FROM {self.name}
                ON CONFLICT ({", ".join(keys)}) DO UPDATE SET {updates}, run_id = EXCLUDED.run_id
                WHERE ({current}) IS DISTINCT FROM ({incoming})
                RETURNING {", ".join(keys)}, (xmax = 0) AS created
            )
            INSERT INTO {TOUCHED} (line, created)
            SELECT s.line, u.created FROM upserted u JOIN {self.name} s ON {join}
            """,
            [run_id],
        )

    def latest_edition(self, cursor):
        if "edition" not in self.target.fields:
            return None
        cursor.execute(f"SELECT max(edition) FROM {self.name}")
        return cursor.fetchone()[0]


def copy_refusal(exc: psycopg.Error, lines: array) -> str:
    """The French reason of a value PostgreSQL refused during a COPY, naming the line
    of the file: PostgreSQL names the record (``line N`` of the COPY); an error
    raised while writing is about the last record written."""
    diag = exc.diag
    found = re.search(r"line (\d+)", (diag.context or "") if diag else "")
    number = int(found[1]) if found else len(lines)
    where = f"Ligne {lines[number - 1]} : " if 0 < number <= len(lines) else ""
    detail = (diag.message_primary if diag else None) or str(exc)
    return f"{where}valeur refusée par la base de données (détail : {detail})."


@contextlib.contextmanager
def copying(stage: Stage, cursor):
    """A COPY into ``stage``: ``write(record, line)`` on what it yields. A value
    PostgreSQL refuses refuses the file, naming its line."""
    lines = array("q")  # of each record written, 8 bytes per record
    try:
        with stage.copy(cursor) as copy:

            def write(record: dict, line: int) -> None:
                lines.append(line)
                copy.write_row(stage.row(record, line))

            yield write
    except psycopg.Error as exc:
        raise ImportRefused(copy_refusal(exc, lines)) from exc


def create_touched(cursor) -> None:
    cursor.execute(f"CREATE TEMP TABLE {TOUCHED} (line integer, created boolean) ON COMMIT DROP")


def count_touched(cursor) -> tuple[int, int]:
    """(lines created, lines updated), then forget them."""
    cursor.execute(
        f"""
        SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created)
        FROM (SELECT bool_or(created) AS created FROM {TOUCHED} GROUP BY line) lines
        """
    )
    counts = cursor.fetchone()
    cursor.execute(f"DROP TABLE {TOUCHED}")
    return counts
