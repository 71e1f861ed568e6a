"""Benchmark of the public API's lists, on demand (never in the test suite). Prints
figures; see bench/README.md.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scoran_bench \\
        .venv/bin/python bench/bench_api.py [--rows 2000] [--requests 200]

Target (issue 14): every list endpoint of ``/api/v1/`` answers at p95 under 30 ms,
server side (the whole request in-process: middleware, throttle, filters, page of
20, serializers, ETag). It replaces the watch items and organisations of the
database it is given with synthetic ones: use a database of its own.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoran.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
TARGET_P95_MS = 30
ENDPOINTS = (
    ("api:projects", {}),
    ("api:organisations", {}),
    ("api:organisations", {"q": "numérique"}),
    ("api:places", {}),
    ("api:resources", {}),
    ("api:fundings", {}),
    ("api:events", {}),
    ("api:watch_items", {}),
    ("api:watch_items", {"orientation": "1", "page": "3"}),
    ("api:indicators", {}),
)


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from observatories.referential.loader import load_territories

    load_territories()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def create_rows(count: int) -> None:
    """``count`` published watch items (each with an orientation) and organisations."""
    from django.db import transaction
    from django.utils import timezone

    from directory.models import Organisation
    from observatories.models import Commune
    from portal.models import WatchItem
    from strategy.models import Orientation

    communes = list(Commune.objects.values_list("code", flat=True)[:500])
    orientations = list(Orientation.objects.all())
    now = timezone.now()
    with transaction.atomic():
        WatchItem.objects.all().delete()
        items = WatchItem.objects.bulk_create(
            WatchItem(
                title=f"Information numérique {n}",
                summary=f"Résumé {n}",
                link=f"https://exemple.fr/{n}",
                source_name="Exemple",
                published_on=now,
                state=WatchItem.State.PUBLISHED,
            )
            for n in range(count)
        )
        links = WatchItem.orientations.through
        links.objects.bulk_create(
            links(watchitem_id=item.pk, orientation_id=orientations[n % len(orientations)].pk)
            for n, item in enumerate(items)
        )
        Organisation.objects.filter(slug__startswith="bench-").delete()
        Organisation.objects.bulk_create(
            Organisation(
                slug=f"bench-{n}",
                name=f"Structure numérique {n}",
                kind=Organisation.Kind.SYNDICATE,
                commune_id=communes[n % len(communes)] if communes else None,
                state="published",
            )
            for n in range(count)
        )


def measure(name: str, params: dict, requests: int) -> list[float]:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    url = reverse(name)
    client.get(url, params)  # warm up
    measured = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, params)
        measured.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return measured


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    setup_django()
    from django.conf import settings

    settings.API_RATE_LIMIT = 10**9  # measure the endpoints, not the limit's refusals
    create_rows(args.rows)
    from django.db import connection

    with connection.cursor() as cursor:  # as autovacuum would after a large write
        cursor.execute("ANALYZE")
    print(f"load average {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    worst = 0.0
    for name, params in ENDPOINTS:
        times = measure(name, params, args.requests)
        p95 = percentile(times, 0.95)
        worst = max(worst, p95)
        print(
            f"{name:20} {params!s:40} p50 {statistics.median(times):6.1f} ms  "
            f"p95 {p95:6.1f} ms  p99 {percentile(times, 0.99):6.1f} ms"
        )
    print(f"worst p95 {worst:.1f} ms (target {TARGET_P95_MS} ms)")
    return 0 if worst < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
