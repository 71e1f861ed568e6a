"""Benchmark of the mobile networks' national imports, on demand (never in the test
suite). Prints figures; see bench/README.md.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scoran_bench \\
        .venv/bin/python bench/bench_mobile.py [--sites 124000] [--communes 35000]

For each national file (sites, about 124,000 rows; coverage, about 35,000 communes
by 4 operators by 4 technologies), it measures a raw ``COPY`` of the file, as text, into
an unindexed table, then its import (``import_file``) into empty tables, their ratio
(target: 3 at most), then the same file again (skipped on its SHA-256), and the next
quarter's file (a new edition: history added). It empties the mobile tables of the
database it is given: use a database of its own.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoran.settings")
TARGET = 3.0


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from observatories.referential.loader import load_territories

    load_territories()


def generate(workdir: Path, kind: str, name: str, step: int, args) -> Path:
    path = workdir / name
    if not path.exists():
        subprocess.run(
            [sys.executable, str(BASE_DIR / "bench" / "generate_mobile.py"), kind, "--out",
             str(path), "--communes", str(args.communes), "--rows", str(args.sites),
             "--step", str(step)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return path


def reset():
    """No mobile figure nor import: the next import is a first one."""
    from django.db import connection

    from observatories.models import ImportRun

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE observatories_communecoverage, observatories_areacoverage, "
            "observatories_mobilesite, observatories_areasites"
        )
    ImportRun.objects.filter(format__in=["arcep_couverture_mobile_communes",
                                         "arcep_sites_mobiles"]).delete()  # fmt: skip


def raw_copy(path: Path) -> float:
    """COPY of the same file, as text, into an unindexed table: the yardstick."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor, path.open(encoding="utf-8") as handle:
        columns = [name.strip('"') for name in handle.readline().strip().split(";")]
        cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
        cursor.execute(
            "CREATE TABLE bench_raw_copy (" + ", ".join(f'"{c}" text' for c in columns) + ")"
        )
        started = time.perf_counter()
        copying = "COPY bench_raw_copy FROM STDIN (FORMAT csv, DELIMITER ';')"
        with cursor.cursor.copy(copying) as copy:
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


def load_average() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def measure(label: str, first: Path, following: Path, repeat: int) -> float:
    """Raw COPY and import, side by side (best of ``repeat``, each import into empty
    tables); then the same file again and the next quarter. The ratio."""
    copies, imports = [], []
    for _ in range(repeat):
        reset()
        copies.append(raw_copy(first))
        run, elapsed = timed_import(first)
        imports.append(elapsed)
    copy_time, import_time = min(copies), min(imports)
    ratio = import_time / copy_time
    print(f"{label}: {first.name}, {first.stat().st_size / 1e6:.0f} Mo")
    print(f"  raw COPY into an unindexed table: {copy_time:.2f} s (runs: "
          f"{', '.join(f'{t:.2f}' for t in copies)})")  # fmt: skip
    print(
        f"  import: {import_time:.2f} s = {ratio:.2f} × raw COPY (runs: "
        f"{', '.join(f'{t:.2f}' for t in imports)}); read {run.rows_read:,} in the region, "
        f"{run.rows_outside:,} outside, created {run.rows_created:,}"
    )
    again, again_time = timed_import(first)
    print(f"  same file again: {again_time:.2f} s, {again.get_status_display()}")
    later, later_time = timed_import(following)
    print(
        f"  next quarter ({following.name}): {later_time:.2f} s, created {later.rows_created:,}"
        " (history kept)"
    )
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=124_000)
    parser.add_argument("--communes", type=int, default=35_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=BASE_DIR / ".data" / "bench")
    args = parser.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    setup_django()
    sites = [f"2025_T{q}_sites_Metropole-{args.sites}.csv" for q in (3, 4)]
    coverage = [f"2025_T{q}_couv_commune-{args.communes}.csv" for q in (3, 4)]
    files = {
        "sites": [generate(args.workdir, "sites", name, n, args) for n, name in enumerate(sites)],
        "couverture": [
            generate(args.workdir, "couverture", name, n, args) for n, name in enumerate(coverage)
        ],
    }
    print(f"Before the measures: {load_average()}")
    ratios = [
        measure(f"Sites ({args.sites:,} rows)", *files["sites"], args.repeat),
        measure(f"Coverage ({args.communes:,} communes × 16)", *files["couverture"], args.repeat),
    ]
    print(f"After the measures: {load_average()}")
    return 0 if max(ratios) <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
