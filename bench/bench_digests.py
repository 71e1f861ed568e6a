"""Benchmark of the e-mail digests' run, on demand (never in the test suite). Prints
figures; see bench/README.md.

    SECURE_SSL_REDIRECT=0 SECRET_KEY=… REDIS_URL=redis://127.0.0.1:6379/12 \\
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scoran_bench \\
        .venv/bin/python bench/bench_digests.py [--subscriptions 10000] [--batch 200]

Target (issue 14): a daily run over 10,000 confirmed subscriptions finishes within 2
minutes, sending through the configured e-mail backend in batches (one connection,
``send_messages`` per batch). The e-mails go to Django's in-memory backend (locmem)
unless ``--backend`` names another (``…filebased.EmailBackend`` writes them to
``--file-path``). It replaces every subscription and the resources of its
benchmark organisation in the database it is given: use a database of its own.
"""

import argparse
import os
import random
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoran.settings")
TARGET_SECONDS = 120


def setup_django(backend: str, file_path: str):
    os.environ["EMAIL_BACKEND"] = backend
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_FILE_PATH = file_path
    call_command("migrate", verbosity=0)


def load_average() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def prepare(count: int, *, seed: int = 2026) -> int:
    """``count`` confirmed daily subscriptions over four lists and their filters,
    and 60 resources published now (of every kind); returns the resources' count."""
    from django.db import transaction
    from django.utils import timezone

    from directory.models import Organisation
    from portal.models import Resource, Subscription

    rng = random.Random(seed)
    kinds = list(Resource.Kind.values)
    now = timezone.now()
    with transaction.atomic():
        Subscription.objects.all().delete()
        organisation, _ = Organisation.objects.get_or_create(
            slug="bench-digests",
            defaults={"name": "Banc d'essai des abonnements", "kind": "syndicate",
                      "state": "published"},
        )  # fmt: skip
        Resource.objects.filter(organisation=organisation).delete()
        resources = [
            Resource(
                title=f"Ressource du banc {number}",
                slug=f"banc-{uuid.uuid4().hex[:10]}",
                summary="Une ressource publiée pour le banc d'essai des abonnements.",
                kind=kinds[number % len(kinds)],
                licence=Resource.Licence.OPEN,
                date=now.date(),
                audiences=[Resource.Audience.AUTHORITIES],
                organisation=organisation,
                state="published",
                published_at=now,
            )
            for number in range(60)
        ]
        Resource.objects.bulk_create(resources)
        lists = [("ressources", ""), ("projets", ""), ("agenda", ""), ("aides", "")]
        lists += [("ressources", f"type={kind}") for kind in kinds]
        lists += [("ressources", "q=ressource+banc")]
        Subscription.objects.bulk_create(
            Subscription(
                email=f"abonne{number}@bench.example.fr",
                list_key=list_key,
                query=query,
                frequency="quotidien",
                confirmed_at=now - timedelta(days=1),
            )
            for number in range(count)
            for list_key, query in [rng.choice(lists)]
        )
    return len(resources)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--backend", default="django.core.mail.backends.locmem.EmailBackend")
    parser.add_argument("--file-path", default="/tmp/scoran-bench-digests")
    args = parser.parse_args()
    setup_django(args.backend, args.file_path)

    from django.core import mail
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from portal.models import Delivery
    from portal.subscriptions.digests import send_digests

    mail.outbox = []
    started = time.perf_counter()
    resources = prepare(args.subscriptions)
    print(f"prepared {args.subscriptions} subscriptions and {resources} new resources "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    reset_queries()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        run = send_digests(frequency="quotidien", batch_size=args.batch)
    elapsed = time.perf_counter() - started
    sent = len(getattr(mail, "outbox", []))
    print(f"run: {elapsed:.1f} s for {run.subscriptions} subscriptions "
          f"({1000 * elapsed / max(run.subscriptions, 1):.2f} ms each), {run.sent} e-mails "
          f"({sent} in the locmem outbox), {run.items} items, "
          f"{len(queries.captured_queries)} SQL queries, {run.failed_batches} failed batches; "
          f"{load_average()}")  # fmt: skip
    print(f"delivery rows: {Delivery.objects.count()}")
    again = time.perf_counter()
    second = send_digests(frequency="quotidien", batch_size=args.batch)
    print(f"second run at once: {second.subscriptions} due, {second.sent} e-mails "
          f"({time.perf_counter() - again:.1f} s)")  # fmt: skip
    ok = elapsed <= TARGET_SECONDS and run.failed_batches == 0 and second.sent == 0
    print(f"target {TARGET_SECONDS} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
