"""Benchmark of the "Ma connexion internet" buildings import and of the address
suggestions, on demand (never in the test suite). Prints figures; see bench/README.md.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scoran_bench \\
        .venv/bin/python bench/bench_buildings.py [--rows 1000000] [--region-rows 1500000]

It empties the buildings of the database it is given: use a database of its own.
"""

import argparse
import gzip
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoran.settings")
DEPARTMENTS = ["21", "25", "39", "58", "70", "71", "89", "90"]


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from observatories.referential.loader import load_territories

    load_territories()


def generate(workdir: Path, department: str, rows: int, kind: str = "base_imb") -> Path:
    path = workdir / f"{kind}_{department}-{rows}-2025T4.csv.gz"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(BASE_DIR / "bench" / "generate_arcep.py"), kind,
             "--department", department, "--rows", str(rows), "--out", str(path)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return path


def reset():
    """No building, street, summary nor import: the next import is a first one."""
    from django.db import connection

    from observatories.models import BuildingDataset, ImportRun

    BuildingDataset.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE observatories_building, observatories_street, "
            "observatories_buildingeligibility"
        )
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'observatories_building'::regclass"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TABLE "{name}"')
    ImportRun.objects.all().delete()


def raw_copy(path: Path) -> float:
    """COPY of the same file, as text, into an unindexed table: the yardstick."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            columns = handle.readline().strip().split(";")
            cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
            cursor.execute(
                "CREATE TABLE bench_raw_copy (" + ", ".join(f"{c} text" for c in columns) + ")"
            )
            started = time.perf_counter()
            with cursor.cursor.copy(
                "COPY bench_raw_copy FROM STDIN (FORMAT csv, DELIMITER ';')"
            ) as copy:
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
            elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw_copy")
    return elapsed


def timed_import(path: Path):
    from observatories.importing.pipeline import import_file
    from observatories.models import ImportRun

    started = time.perf_counter()
    run = import_file(path, trigger=ImportRun.Trigger.COMMAND)
    elapsed = time.perf_counter() - started
    assert run.status in (ImportRun.Status.SUCCEEDED, ImportRun.Status.SKIPPED), run.error
    return run, elapsed


def peak_of_this_process() -> int:
    """Peak resident memory (KiB) of this process since it started. Not ``ru_maxrss``:
    Linux carries it over ``exec`` from the forked parent, whose own peak (a
    benchmark that already imported a million rows) it would report instead."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def peak_memory(path: Path) -> int:
    """Peak resident memory (KiB) of a process that imports ``path``, nothing else."""
    reset()
    result = subprocess.run(
        [sys.executable, __file__, "--memory-of", str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return int(result.stdout.split()[-1])


def load_average() -> str:
    """The machine's load average (1, 5, 15 min): read every figure with it."""
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def queries(sample: int, seed: int = 2019) -> list[str]:
    """What people type: number, street, commune, often unfinished."""
    from observatories.models import Building

    rng = random.Random(seed)
    picked = list(
        Building.objects.filter(street__street__gt="")
        .order_by("?")
        .values_list("number", "street__street", "commune__name")[:sample]
    )
    typed = []
    for number, street, commune in picked:
        words = street.split()
        forms = [
            f"{number} {street} {commune}",
            f"{number} {street}",
            " ".join(words[1:]) + f" {commune[: rng.randint(3, max(3, len(commune)))]}",
            f"{street[: rng.randint(4, len(street))]}",
        ]
        typed.append(rng.choice(forms))
    return typed


def suggestions_timing(sample: int) -> tuple[float, float, float]:
    from django.test import RequestFactory

    from observatories.addresses.views import address_suggestions

    factory = RequestFactory()
    typed = queries(sample)
    for query in typed[:20]:  # warm the caches, as a running server has them
        address_suggestions(factory.get("/", {"q": query}))
    timings = []
    for query in typed:
        request = factory.get("/", {"q": query})
        started = time.perf_counter()
        response = address_suggestions(request)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(timings), percentile(timings, 0.95), max(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="buildings of the big file")
    parser.add_argument("--small-rows", type=int, default=100_000)
    parser.add_argument("--region-rows", type=int, default=1_500_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--workdir", type=Path, default=BASE_DIR / ".data" / "bench")
    parser.add_argument("--memory-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.memory_of:  # child process of peak_memory()
        import django

        django.setup()
        timed_import(args.memory_of)
        print(peak_of_this_process())
        return 0

    args.workdir.mkdir(parents=True, exist_ok=True)
    setup_django()
    big = generate(args.workdir, "21", args.rows)
    small = generate(args.workdir, "21", args.small_rows)
    print(f"Files: {big.name} ({big.stat().st_size / 1e6:.0f} Mo), {small.name}")

    print(f"Before the measures: {load_average()}")
    reset()
    copy_time = raw_copy(big)
    run, import_time = timed_import(big)
    print(f"Raw COPY of {args.rows:,} rows into an unindexed table: {copy_time:.1f} s")
    print(
        f"First import: {import_time:.1f} s = {import_time / copy_time:.2f} × raw COPY "
        f"(read {run.rows_read:,}, created {run.rows_created:,})"
    )
    again, skip_time = timed_import(big)
    print(f"Same file again: {skip_time:.2f} s, {again.get_status_display()}, 0 rows changed")
    recompressed = args.workdir / f"recompressed-{big.name}"
    with gzip.open(big, "rb") as source, gzip.open(recompressed, "wb", compresslevel=1) as out:
        while chunk := source.read(1 << 20):
            out.write(chunk)
    rerun, rerun_time = timed_import(recompressed)
    changed = rerun.rows_created + rerun.rows_updated
    print(
        f"Same content, other file (recompressed): {rerun_time:.1f} s = "
        f"{rerun_time / import_time:.2f} × first import, {changed} rows changed"
    )
    recompressed.unlink()

    small_memory, big_memory = peak_memory(small), peak_memory(big)
    print(
        f"Peak memory of the importing process: {small_memory / 1024:.0f} Mio for "
        f"{args.small_rows:,} rows, {big_memory / 1024:.0f} Mio for {args.rows:,} rows "
        f"(ratio {big_memory / small_memory:.2f})"
    )

    reset()
    timed_import(big)
    others = args.region_rows - args.rows
    for department in DEPARTMENTS[1:]:
        if others > 0:
            timed_import(generate(args.workdir, department, others // (len(DEPARTMENTS) - 1)))
    from observatories.models import Building, Street

    buildings, streets = Building.objects.count(), Street.objects.count()
    p50, p95, worst = suggestions_timing(args.queries)
    print(
        f"Suggestions over {buildings:,} buildings ({streets:,} streets), {args.queries} "
        f"queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms"
    )
    print(f"After the measures: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
