"""Benchmark of the agenda's iCalendar feed, on demand (never in the test suite).
Prints figures; see bench/README.md.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scoran_bench_ical \\
        .venv/bin/python bench/bench_ical.py [--events 1000] [--requests 100]

Target (issue 14): ``/agenda/calendrier.ics`` holding 1,000 upcoming public events
answers at p95 under 100 ms, server side (the whole request in-process: middleware,
filters, the version's two queries, the document kept in Redis per content version:
``AGENDA_CALENDAR_CACHE_SECONDS``). Also measured: the same feed written at every
request (the first request after a change), one filtered as a subscriber would (a
department and a kind), and the bytes sent. It replaces every event of the database
it is given: use a database of its own.
"""

import argparse
import datetime
import random
import statistics
import sys
import time

from bench_funding import load_average, percentile, setup_django

TARGET_P95_MS = 100


def create_events(count: int, seed: int = 2026) -> None:
    """``count`` upcoming public events over the next year, in communes of the
    region, by one organisation, with addresses and descriptions of a real length
    (and a tenth more as drafts, which the feed leaves out)."""
    from django.db import transaction
    from django.utils import timezone

    from directory.models import Organisation
    from observatories.models import Commune
    from portal.models import Event

    rng = random.Random(seed)
    communes = list(Commune.objects.values_list("code", flat=True))
    kinds = list(Event.Kind.values)
    audiences = list(Event.Audience.values)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        Event.objects.all().delete()
        organisation, _ = Organisation.objects.get_or_create(
            slug="banc-d-essai-agenda",
            defaults={
                "name": "Organisateur de banc d'essai",
                "kind": Organisation.Kind.SYNDICATE,
                "state": "published",
            },
        )
        rows = []
        for number in range(count + count // 10):
            start = now + datetime.timedelta(hours=rng.randint(24, 24 * 365))
            rows.append(
                Event(
                    slug=f"banc-{number:05d}",
                    title=f"Atelier de banc d'essai n° {number} : inclusion numérique",
                    description=(
                        "Présentation des outils, échanges entre collectivités, "
                        "retours d'expérience ; inscription conseillée. " * 4
                    ),
                    organisation=organisation,
                    kind=rng.choice(kinds),
                    audiences=rng.sample(audiences, 1),
                    start=start,
                    end=start + datetime.timedelta(hours=rng.choice([1, 2, 3])),
                    address=f"{rng.randint(1, 99)} rue de la République",
                    commune_id=rng.choice(communes),
                    state="draft" if number >= count else "published",
                    published_at=now - datetime.timedelta(days=1),
                )
            )
        Event.objects.bulk_create(rows, batch_size=1000)


def timings(url: str, params: dict, count: int) -> tuple[list[float], int, int]:
    from django.test import Client

    client = Client()
    for _ in range(5):  # warm up: connections, template and code caches
        client.get(url, params)
    measured = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url, params)
        measured.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    body = response.content
    return measured, body.count(b"BEGIN:VEVENT"), len(body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test.utils import override_settings
    from django.urls import reverse

    started = time.perf_counter()
    create_events(args.events)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE portal_event")
    print(f"{args.events} public events created in {time.perf_counter() - started:.1f} s")
    url = reverse("agenda:ical")
    print(f"Before the measures: {load_average()}")
    verdict = 0
    for label, params, seconds in (
        ("written at every request", {}, 0),
        ("kept per content version", {}, 300),
        ("one department, one kind, written", {"departement": "21", "type": "atelier"}, 0),
    ):
        with override_settings(AGENDA_CALENDAR_CACHE_SECONDS=seconds):
            measured, events, size = timings(url, params, args.requests)
        p95 = percentile(measured, 0.95)
        print(
            f"{url} ({label}): {events} events, {size / 1024:.0f} KiB, "
            f"p50 {statistics.median(measured):.1f} ms, p95 {p95:.1f} ms, "
            f"max {max(measured):.1f} ms (target p95 < {TARGET_P95_MS} ms)"
        )
        if seconds and (events != args.events or p95 >= TARGET_P95_MS):
            verdict = 1
    print(f"After the measures: {load_average()}")
    return verdict


if __name__ == "__main__":
    sys.exit(main())
