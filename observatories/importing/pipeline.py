"""``import_file``: the one path every file takes, whatever brought it.

1. record an import run (source, file, size, SHA-256, trigger, who); while it
   runs, the process holds the run's lock (``liveness``), so that a run whose
   process died is marked failed by the periodic job of ``observatories.imports``;
2. skip it if the same file was already imported for that source;
3. recognise the format from the header, stream the rows, reject bad ones with
   line, column, value and a French reason (a hostile or unreadable file is
   refused as it streams, naming the line: ``reading``);
4. in one transaction: COPY the good rows into staging tables, reject duplicate
   keys, then upsert on the natural keys, touching only rows whose values differ
   (``staging.py``); a row of the file may give several records, in several tables;
   then, when data changed, the format's sums are rebuilt and the section 8
   indicators' values refreshed (``strategy.services``), in the same transaction;
5. record the counts (read = created + updated + unchanged + rejected) and duration.
A refused file (unreadable, unknown format, too many rejects) leaves the data as it was.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from strategy.services import refresh_indicator_values_after

from ..caching import bump_data_version
from ..models import Commune, DataSource, Department, ImportRun, quarter_label
from . import liveness
from .base import quarter_in_name
from .documents import is_json, open_document
from .formats import Context, Format, OutsideRegion, RowError, detect_format
from .reading import ImportRefused, Table, open_header, open_table
from .rejects import Rejects, refuse_if_too_many_rejects
from .staging import Stage, copying, count_touched, create_touched, quote
from .workbook import is_workbook, open_workbook

log = logging.getLogger(__name__)

PROGRESS_EVERY = 10_000


def file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _context(run: ImportRun) -> Context:
    return Context(
        commune_names=Commune.objects.postcode_name_map(),
        source_id=run.source_id,
        quarter=quarter_in_name(run),
        commune_codes=Commune.objects.code_map(),
        department_codes=set(
            Department.objects.filter(region_id=settings.REGION_CODE).values_list("code", flat=True)
        ),
    )


def _stream(cursor, stages: list[Stage], fmt: Format, table: Table, context: Context,
            rejects: Rejects, progress) -> tuple[int, int]:  # fmt: skip
    """Check the rows and COPY their records into the stages; (rows read, rows outside
    the region). The first target's records are streamed into its stage as they are
    read; the others' (one per commune at most) are kept until the file is read."""
    pending = [[] for _ in stages[1:]]
    read = outside = 0
    with copying(stages[0], cursor) as write:
        for line, row in table.rows:
            try:
                records = fmt.parse_row(row, context)
            except OutsideRegion:
                outside += 1
                continue
            except RowError as error:
                read += 1
                rejects.add(line, error.column, error.value, error.reason)
                continue
            read += 1
            for record in records[0]:
                write(record, line)
            for kept, extra in zip(pending, records[1:], strict=True):
                kept += [(record, line) for record in extra]
            if progress and read % PROGRESS_EVERY == 0:
                progress(read)
    for stage, kept in zip(stages[1:], pending, strict=True):
        with copying(stage, cursor) as write:
            for record, line in kept:
                write(record, line)
    return read, outside


def _reject_duplicates(cursor, stages: list[Stage], rejects: Rejects) -> None:
    """Two lines for the same key: keep the first, reject the others whole."""
    duplicates = {}
    for stage in stages:
        for line, first_line in stage.duplicates(cursor):
            duplicates.setdefault(line, (first_line, stage.target.key_fields))
    if duplicates:
        for stage in stages:
            stage.drop_lines(cursor, list(duplicates))
    for line, (first_line, key) in sorted(duplicates.items()):
        rejects.add(line, ", ".join(key), "", f"doublon de la ligne {first_line}.")


def _load(run: ImportRun, fmt: Format, table: Table, rejects: Rejects, progress) -> None:
    """Stage, check and upsert the rows; fills the run's counts. Inside a transaction."""
    context = _context(run)
    if fmt.prepare:
        context.lookups = fmt.prepare(run)
    stages = [
        Stage(target, quote(f"import_stage_{run.pk}_{number}"))
        for number, target in enumerate(fmt.targets)
    ]
    with connection.cursor() as cursor:
        for stage in stages:
            stage.create(cursor)
        read, outside = _stream(cursor, stages, fmt, table, context, rejects, progress)
        run.rows_read, run.rows_outside = read, outside
        if read == 0:
            raise ImportRefused("Aucune ligne du fichier ne concerne la région.")
        _reject_duplicates(cursor, stages, rejects)
        refuse_if_too_many_rejects(rejects, read)

        create_touched(cursor)
        for stage in stages:
            stage.upsert(cursor, run.pk)
        created, updated = count_touched(cursor)
        editions = [stage.latest_edition(cursor) for stage in stages]
        latest = next((edition for edition in editions if edition), None)
        for stage in stages:
            cursor.execute(f"DROP TABLE {stage.name}")

    run.rows_created = created
    run.rows_updated = updated
    run.rows_unchanged = read - rejects.count - created - updated
    run.edition = quarter_label(latest) if latest else ""
    if fmt.after_load and created + updated:
        fmt.after_load(run)


@dataclass
class Incoming:
    """A file offered to the pipeline, as far as it could be opened and recognised."""

    path: Path
    size: int
    sha256: str
    table: Table | None = None
    fmt: Format | None = None
    refusal: str = ""


def _fail(run: ImportRun, reason: str) -> None:
    run.status = ImportRun.Status.FAILED
    run.error = reason
    run.rows_created = run.rows_updated = run.rows_unchanged = 0


def _run(incoming: Incoming, *, trigger, source, user, progress) -> ImportRun:
    fmt = incoming.fmt
    source = source or fmt.default_source()
    run = ImportRun.objects.create(
        source=source,
        format=fmt.key if fmt else source.format,
        file_name=incoming.path.name,
        file_size=incoming.size,
        sha256=incoming.sha256,
        trigger=trigger,
        triggered_by=user,
    )
    # While the run is "running", this process holds its lock: the periodic job marks
    # it failed if the process dies (``observatories.imports.services``).
    with liveness.held(liveness.RUN, run.pk):
        _settle(run, incoming, progress)
    return run


def _settle(run: ImportRun, incoming: Incoming, progress) -> None:
    """Load the file, or refuse it, and record the outcome on the run."""
    fmt = incoming.fmt
    rejects = Rejects(run)
    try:
        if incoming.refusal:
            raise ImportRefused(incoming.refusal)
        done = ImportRun.objects.filter(
            source=run.source, sha256=incoming.sha256, status=ImportRun.Status.SUCCEEDED
        ).first()
        if done:
            run.status = ImportRun.Status.SKIPPED
            run.edition = done.edition
            run.error = f"Fichier identique à celui importé le {done.started_at:%d/%m/%Y}."
        else:
            with transaction.atomic():
                (fmt.loader or _load)(run, fmt, incoming.table, rejects, progress)
                if run.rows_created or run.rows_updated:
                    # The section 8 indicators computed from the sums just rebuilt:
                    # their new edition is stored with the import, or not at all; a
                    # refresh that fails does not fail the import (a savepoint).
                    refresh_indicator_values_after()
                    transaction.on_commit(bump_data_version)
            run.status = ImportRun.Status.SUCCEEDED
    except ImportRefused as exc:
        _fail(run, str(exc))
        log.warning("import %s of %s refused: %s", run.pk, incoming.path.name, exc)
    except (DatabaseError, psycopg.Error) as exc:  # a constraint the row checks did not catch
        _fail(run, f"Les données enfreignent une règle de cohérence de la base : {exc}")
        log.warning("import %s of %s violates a constraint: %s", run.pk, incoming.path.name, exc)
    except Exception:
        _fail(run, "Erreur interne pendant l'import ; l'équipe technique est prévenue.")
        log.exception("import %s of %s crashed", run.pk, incoming.path.name)
        raise
    finally:
        rejects.save()
        run.rows_rejected = rejects.count
        run.finished_at = timezone.now()
        run.save()


def _open(incoming: Incoming) -> None:
    """The file's format, recognised from its header, then its table: a loader that
    reads the file itself gets its header only; the others, the whole table
    (encoding and digest read first). A refusal once the format is known leaves it
    set: the run is recorded under that format's source."""
    path = incoming.path
    if is_workbook(path) or is_json(path):
        incoming.table = open_workbook(path) if is_workbook(path) else open_document(path)
        incoming.fmt = detect_format(incoming.table.columns)
        return
    header = open_header(path)
    incoming.fmt = detect_format(header.columns)
    if incoming.fmt.reads_file:
        incoming.table = header
        return
    incoming.table = open_table(path)
    incoming.fmt = detect_format(incoming.table.columns)


def import_file(
    path: Path,
    *,
    trigger: str,
    source: DataSource | None = None,
    user=None,
    progress: Callable[[int], None] | None = None,
) -> ImportRun:
    """Run ``path`` through the pipeline and return its import run.

    Raises ImportRefused only when the file can be tied to no source (its header
    unreadable or of no known format, and no source given); otherwise a refusal is
    recorded on the run (status "failed", French reason in ``error``).
    """
    path = Path(path)
    incoming = Incoming(path, *file_digest(path))
    try:
        try:
            _open(incoming)
            if source is not None and source.format != incoming.fmt.key:
                raise ImportRefused(
                    f"Ce fichier est au format « {incoming.fmt.label} », "
                    f"la source « {source.name} » attend un autre format."
                )
        except ImportRefused as exc:
            if source is None and incoming.fmt is None:
                raise
            incoming.refusal = str(exc)
        run = _run(incoming, trigger=trigger, source=source, user=user, progress=progress)
    finally:
        if incoming.table is not None:
            incoming.table.close()
    log.info(
        "import %s of %s: %s, read=%s created=%s updated=%s unchanged=%s rejected=%s",
        run.pk, path.name, run.status, run.rows_read, run.rows_created, run.rows_updated,
        run.rows_unchanged, run.rows_rejected,
    )  # fmt: skip
    return run
