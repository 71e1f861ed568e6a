"""Whether the process working on an import (a run, an uploaded file) is alive,
as PostgreSQL sees it: the process holds a session advisory lock while it works,
and PostgreSQL releases it with the process's connection (worker killed, server
lost). A row still "running" whose lock is free has lost its process.

No clock is involved: a long import is never taken for a dead one, and a dead one
is seen at once, whatever its size.
"""

import contextlib

from django.db import DatabaseError, connection

# First key of the two-key advisory locks, one per kind of row; the second is its id.
RUN = 2701
UPLOAD = 2702


@contextlib.contextmanager
def held(kind: int, pk: int):
    """Hold the lock of row ``pk`` of ``kind`` while the block runs (waiting for a
    process that still holds it, such as a killed worker's query finishing)."""
    with connection.cursor() as cursor:
        # The queries of a killed worker stop within a second, instead of running
        # on (holding their locks) until they try to answer it.
        cursor.execute("SET client_connection_check_interval = 1000")
        cursor.execute("SELECT pg_advisory_lock(%s::int, %s::int)", [kind, pk])
    try:
        yield
    finally:
        # A connection that broke has released the lock with itself.
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s::int, %s::int)", [kind, pk])


def is_abandoned(kind: int, pk: int) -> bool:
    """No process holds the lock of row ``pk``. Call it inside a transaction: the
    lock taken to find out is held until it ends, so the row can be marked failed
    before any process takes it up again."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s::int, %s::int)", [kind, pk])
        return cursor.fetchone()[0]
