"""Benchmark of the map of mobile sites, on demand (never in the test suite). Prints
figures; see bench/README.md.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scoran_bench \\
        .venv/bin/python bench/bench_mobile_map.py [--sites 10000 124000] [--requests 200]

For each number of sites, it writes that many sites of the latest quarter (the demo's
generator, ``observatories/mobile/demo.py``: spread over the region's communes by
population, 2G to 5G, 5G bands), then measures through Django's test client, with the
project's cache (Redis, ``REDIS_URL``): the first build of the map's document
(uncached), its size (JSON, then gzipped as served), ``--requests`` requests for it
once cached (gzip accepted: what browsers ask), revalidations (``If-None-Match``: 304)
and the page with its table. Targets for 10,000 sites: p95 under 50 ms, under 300 KB
compressed; exit code 1 when missed. It empties the mobile sites of the database it
is given: use a database of its own.
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
TARGET_P95_MS = 50
TARGET_KB = 300
TARGET_SITES = 10_000


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from observatories.models import Commune

    if not Commune.objects.exists():
        from observatories.referential.loader import load_territories

        load_territories()


def store_sites(count: int):
    """``count`` sites in one quarter, imported by a run of their own (a new data
    version: the cached document of an earlier measure is not reused)."""
    import datetime

    from django.db import connection

    from observatories.mobile import demo
    from observatories.models import DataSource, ImportRun, MobileSite

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE observatories_mobilesite")
    source, _ = DataSource.objects.get_or_create(
        slug="bench-sites-mobiles",
        defaults={"name": "Banc d'essai – sites", "publisher": "Banc d'essai",
                  "licence": "Données inventées", "format": "arcep_sites_mobiles"},
    )  # fmt: skip
    run = ImportRun.objects.create(
        source=source, format="arcep_sites_mobiles", edition="T4 2025",
        file_name=f"bench-{count}.csv", file_size=0, sha256=f"{time.time_ns():064d}"[-64:],
        trigger=ImportRun.Trigger.COMMAND, status=ImportRun.Status.SUCCEEDED,
    )  # fmt: skip
    places, _ = demo.region_places()
    edition = datetime.date(2025, 12, 31)
    sites = demo.make_sites(places, count, 1)
    MobileSite.objects.bulk_create((row(site, edition, run) for site in sites), batch_size=5000)
    return run


def row(site, edition, run):
    """A site of the demo's generator as the sites import writes it (5G as in its
    first quarter)."""
    from observatories.mobile.demo import FIVE_G_BANDS
    from observatories.models import MobileSite

    generations = site.generations + (("5G",) if site.five_g < 1 else ())
    return MobileSite(
        edition=edition, operator=site.operator, number=site.number,
        commune_id=site.place.code, latitude=site.latitude, longitude=site.longitude,
        **{field: name in generations for name, field in MobileSite.GENERATIONS.items()},
        **{f"band_{band}": "5G" in generations and band in site.bands for band in FIVE_G_BANDS},
        white_zone=site.white_zone, targeted=site.targeted, strategic=site.strategic,
        capacity_240=False, run=run,
    )  # fmt: skip


def percentiles(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return f"p50 {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def timed(client, url: str, requests: int, **headers) -> list[float]:
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, secure=True, headers=headers)
        times.append(time.perf_counter() - started)
        assert response.status_code in (200, 304), response.status_code
    return times


def measure(count: int, requests: int) -> bool:
    import gzip

    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from observatories.ftth.maps import data_version
    from observatories.mobile import maps

    store_sites(count)
    cache.delete(f"observatories:mobile-map:{maps.DOCUMENT_FORMAT}:{data_version()}")
    client = Client()
    url = reverse("observatories:mobile_map_document")
    started = time.perf_counter()
    first = client.get(url, secure=True, headers={"accept-encoding": "gzip"})
    build = time.perf_counter() - started
    body = first.content
    size_json = len(gzip.decompress(body))
    served = timed(client, url, requests, accept_encoding="gzip, deflate, br")
    etag = first["ETag"]
    revalidated = timed(client, url, requests, if_none_match=etag)
    page = timed(client, reverse("observatories:mobile_map"), max(20, requests // 10))
    p95 = sorted(served)[max(0, round(0.95 * len(served)) - 1)] * 1000
    kilobytes = len(body) / 1000
    print(f"{count:,} sites:")
    print(f"  document: {size_json / 1000:.0f} KB of JSON, {kilobytes:.0f} KB gzipped "
          f"(target < {TARGET_KB} KB); first build, uncached: {build * 1000:.0f} ms")  # fmt: skip
    print(f"  served from the cache, {requests} requests: {percentiles(served)} "
          f"(target p95 < {TARGET_P95_MS} ms)")  # fmt: skip
    print(f"  revalidated (304), {requests} requests: {percentiles(revalidated)}")
    print(f"  the page with its table, {len(page)} requests: {percentiles(page)}")
    return count > TARGET_SITES or (p95 < TARGET_P95_MS and kilobytes < TARGET_KB)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[TARGET_SITES, 124_000])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    setup_django()
    print(f"Before the measures: load average {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    met = [measure(count, args.requests) for count in args.sites]
    print(f"After the measures: load average {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
