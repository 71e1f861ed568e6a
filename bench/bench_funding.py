"""Benchmark of the funding guide's territory search, on demand (never in the test
suite). Prints figures; see bench/README.md.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scoran_bench \\
        .venv/bin/python bench/bench_funding.py [--aides 5000] [--queries 300]

Target (issue 10): ``/aides/?territoire=<commune>`` over 5,000 aides spread across
every territory level (national, region, departments, EPCIs, communes) answers at
p95 under 50 ms, server side (the whole request in-process: middleware, view,
template). It replaces every aide of the database it is given: use a database of
its own.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoran.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
TARGET_P95_MS = 50
# Share of the aides at each level: national, region, department, EPCI, commune.
LEVELS = [("FR", 0.05), ("R", 0.10), ("D", 0.25), ("E", 0.30), ("C", 0.30)]


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from observatories.referential.loader import load_territories

    load_territories()


def load_average() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def create_aides(count: int, seed: int = 2026) -> None:
    """``count`` published aides (a tenth of them drafts), each on one territory of
    its level, with sessions: permanent, open, closing soon, closed."""
    from django.db import transaction
    from django.utils import timezone

    from observatories.models import EPCI, Commune, Department, Region
    from portal.funding import services
    from portal.models import Funding, FundingSession

    rng = random.Random(seed)
    regions = list(Region.objects.values_list("code", flat=True))
    departments = list(Department.objects.values_list("code", flat=True))
    epcis = list(EPCI.objects.values_list("siren", flat=True))
    communes = list(Commune.objects.values_list("code", flat=True))
    kinds = list(Funding.Kind.values)
    beneficiaries = list(Funding.Beneficiary.values)
    today = timezone.localdate()
    with transaction.atomic():
        Funding.objects.all().delete()
        rows, places = [], []
        for number in range(count):
            level = rng.choices([lv for lv, _ in LEVELS], [w for _, w in LEVELS])[0]
            place = {
                "FR": None,
                "R": rng.choice(regions),
                "D": rng.choice(departments),
                "E": rng.choice(epcis),
                "C": rng.choice(communes),
            }[level]
            key = {
                "FR": "FR",
                "R": services.region_key(place or ""),
                "D": services.department_key(place or ""),
                "E": services.epci_key(place or ""),
                "C": services.commune_key(place or ""),
            }[level]
            rows.append(
                Funding(
                    slug=f"bench-{number:05d}",
                    name=f"Aide de banc d'essai n° {number}",
                    summary="Aide inventée pour mesurer la recherche par territoire.",
                    kinds=rng.sample(kinds, rng.randint(1, 2)),
                    beneficiaries=rng.sample(beneficiaries, rng.randint(1, 3)),
                    is_national=level == "FR",
                    territory_keys=[key],
                    state="draft" if number % 10 == 9 else "published",
                )
            )
            places.append((level, place))
        Funding.objects.bulk_create(rows, batch_size=1000)
        links = {"R": [], "D": [], "E": [], "C": []}
        sessions = []
        for funding, (level, place) in zip(rows, places, strict=True):
            if level != "FR":
                links[level].append((funding.pk, place))
            shape = rng.choice(["permanent", "open", "soon", "closed"])
            if shape != "permanent":
                days = {"open": 120, "soon": 10, "closed": -10}[shape]
                sessions.append(
                    FundingSession(
                        funding_id=funding.pk,
                        opens_on=today - timedelta(days=200),
                        deadline=today + timedelta(days=days),
                    )
                )
        FundingSession.objects.bulk_create(sessions, batch_size=1000)
        for level, field, column in (
            ("R", "regions", "region_id"),
            ("D", "departments", "department_id"),
            ("E", "epcis", "epci_id"),
            ("C", "communes", "commune_id"),
        ):
            through = getattr(Funding, field).through
            through.objects.bulk_create(
                [through(funding_id=pk, **{column: code}) for pk, code in links[level]],
                batch_size=1000,
            )


def timings(sample: int, seed: int = 21) -> tuple[list[float], int]:
    from django.test import Client
    from django.urls import reverse

    from observatories.models import Commune

    rng = random.Random(seed)
    communes = list(Commune.objects.values_list("code", flat=True))
    client = Client()
    url = reverse("funding:list")
    for code in rng.sample(communes, 20):  # warm up: connections, template caches
        client.get(url, {"territoire": code})
    measured, shown = [], 0
    for code in rng.sample(communes, sample):
        started = time.perf_counter()
        response = client.get(url, {"territoire": code})
        measured.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, code
        shown += int(re.search(r'id="liste-titre">(\d+) aide', response.content.decode())[1])
    return measured, shown // sample


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aides", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from observatories.models import Commune
    from portal.funding import services
    from portal.models import Funding

    started = time.perf_counter()
    create_aides(args.aides)
    with connection.cursor() as cursor:
        # As autovacuum would: statistics, and the GIN index's pending entries merged.
        cursor.execute("VACUUM ANALYZE portal_funding")
        cursor.execute("VACUUM ANALYZE portal_fundingsession")
    print(f"{args.aides} aides created in {time.perf_counter() - started:.1f} s")
    dijon = Commune.objects.select_related("department").get(code="21231")
    plan = Funding.objects.published().current().covering(services.keys_of_commune(dijon))
    print("Plan of the list's filter (Dijon):")
    print("  " + plan.explain().replace("\n", "\n  "))
    print(f"Before the measures: {load_average()}")
    measured, shown = timings(args.queries)
    p95 = percentile(measured, 0.95)
    print(
        f"/aides/?territoire=<commune>, {args.queries} communes, {shown} aides listed on "
        f"average: p50 {statistics.median(measured):.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(measured):.1f} ms (target p95 < {TARGET_P95_MS} ms)"
    )
    print(f"After the measures: {load_average()}")
    return 0 if p95 < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
