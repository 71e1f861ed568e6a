"""Benchmark of the site's search, on demand (never in the test suite). Prints
figures; see bench/README.md.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scoran_bench \\
        .venv/bin/python bench/bench_search.py [--entries 100000] [--queries 300] [--demo]

Target (issue 14): ``/recherche/?q=…`` over the demo content plus 100,000 synthetic
entries answers at p95 under 50 ms, server side (the whole request in-process:
middleware, view, template, the count, the ranked page with its excerpts and the
three facets). ``--demo`` loads the demo first (``setup_demo``, in demo mode); without
it the database is expected to hold it. The synthetic entries are written straight
into the index under the searchable kinds (keys ``bench-…``): the next rebuild of the
index (nightly, or ``manage.py rebuild_search_index``) drops them.
"""

import argparse
import itertools
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoran.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
TARGET_P95_MS = 50

# Words of the portal's subjects, spread over a vocabulary of 20,000 words drawn with
# Zipf's law (as in any text): the first, "numérique", is in about 4 entries in 10
# (the worst case of a search: many rows to count and rank), the last in 1 in 200.
VOCABULARY = 20_000
WORDS = [
    "numérique",
    "fibre",
    "réseau",
    "commune",
    "territoire",
    "déploiement",
    "inclusion",
    "médiation",
    "tiers-lieu",
    "collectivités",
    "données",
    "ouverture",
    "mobile",
    "couverture",
    "4G/5G",
    "FttH",
    "RGPD",
    "open",
    "data",
    "école",
    "santé",
    "entreprise",
    "association",
    "formation",
    "usages",
    "services",
    "publics",
    "raccordement",
    "opérateur",
    "infrastructure",
    "cybersécurité",
    "cloud",
    "hébergement",
    "centre",
    "énergie",
    "sobriété",
    "mutualisation",
    "achat",
    "marché",
    "subvention",
    "appel",
    "projets",
    "guide",
    "méthode",
    "retour",
    "expérience",
    "diagnostic",
    "maturité",
    "accompagnement",
    "citoyens",
    "élus",
    "agents",
    "intercommunalité",
    "département",
    "région",
    "Dijon",
    "Besançon",
    "Dole",
    "Auxerre",
    "Nevers",
    "Mâcon",
    "Chalon",
    "Belfort",
    "Vesoul",
    "Lons-le-Saunier",
    "Montbéliard",
    "Sens",
    "Autun",
    "Pontarlier",
    "pylône",
    "antenne",
    "zone",
    "blanche",
    "arrêté",
    "convention",
    "délégation",
    "concession",
    "syndicat",
    "abonnés",
    "locaux",
    "raccordables",
    "éligibilité",
    "débit",
    "cuivre",
    "satellite",
    "hertzien",
    "THD",
    "outil",
    "logiciel",
    "libre",
    "plateforme",
    "portail",
    "site",
    "démarche",
    "dématérialisation",
    "identité",
    "sécurité",
    "sauvegarde",
    "archivage",
    "messagerie",
    "visioconférence",
    "télétravail",
    "coworking",
    "fablab",
    "atelier",
    "conseiller",
    "aidant",
    "France-Services",
    "jeunesse",
    "seniors",
]


def setup_django(demo: bool):
    if demo:
        os.environ["DEBUG"] = "1"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if demo:
        call_command("setup_demo", verbosity=0)
    else:
        call_command("rebuild_search_index", verbosity=0)


def load_average() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def vocabulary(rng: random.Random) -> list[str]:
    """The words by rank: the portal's words at ranks 30, 45, 60…, invented words
    (syllables) elsewhere."""
    syllables = [c + v for c in "bcdfglmnprstv" for v in "aeiou"] + ["an", "on", "eu", "ou"]
    words, domain = [], iter(WORDS)
    while len(words) < VOCABULARY:
        rank = len(words)
        word = next(domain, None) if rank >= 30 and rank % 15 == 0 else None
        words.append(word or "".join(rng.choices(syllables, k=rng.randint(2, 4))))
    return words


def sentence(rng: random.Random, words, weights, length: int) -> str:
    return " ".join(rng.choices(words, cum_weights=weights, k=length))


def create_entries(count: int, seed: int = 2026) -> None:
    from django.db import connection, transaction

    from observatories.models import Department
    from portal.models import SearchEntry
    from scoran.lib.catalogues import SEARCHABLE_KINDS

    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    kinds = [kind.key for kind in SEARCHABLE_KINDS]
    departments = list(Department.objects.values_list("code", flat=True))
    with transaction.atomic():
        SearchEntry.objects.filter(key__startswith="bench-").delete()
        batch = []
        for number in range(count):
            batch.append(
                SearchEntry(
                    kind=rng.choice(kinds),
                    key=f"bench-{number}",
                    title=sentence(rng, words, weights, rng.randint(3, 9)).capitalize(),
                    summary=sentence(rng, words, weights, rng.randint(10, 25)),
                    body=sentence(rng, words, weights, rng.randint(30, 200)),
                    url=f"/banc-d-essai/{number}/",
                    departments=rng.sample(departments, rng.randint(0, 2)),
                    orientations=[str(n) for n in rng.sample(range(1, 16), rng.randint(0, 3))],
                )
            )
            if len(batch) == 5000:
                SearchEntry.objects.bulk_create(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        # As autovacuum would: statistics, and the GIN index's pending entries merged.
        cursor.execute("VACUUM ANALYZE portal_searchentry")


def queries(rng: random.Random, sample: int) -> list[dict]:
    """What readers type: one common word, a rare one, two or three words, a commune,
    a postcode, sometimes with a facet, sometimes page 2."""
    common, rare = WORDS[:15], WORDS[15:]
    made = []
    for _ in range(sample):
        shape = rng.choice(["common", "rare", "two", "three", "place", "postcode", "facet"])
        words = {
            "common": lambda: rng.choice(common),
            "rare": lambda: rng.choice(rare),
            "two": lambda: " ".join(rng.sample(WORDS[:40], 2)),
            "three": lambda: " ".join(rng.sample(WORDS, 3)),
            "place": lambda: rng.choice(["Dijon", "Besançon", "Dole", "Nevers", "Auxerre"]),
            "postcode": lambda: rng.choice(["21000", "25000", "39100", "58000", "89000"]),
            "facet": lambda: rng.choice(common),
        }[shape]()
        params = {"q": words}
        if shape == "facet":
            params |= rng.choice(
                [{"type": "ressources"}, {"departement": "21"}, {"orientation": "1"}]
            )
        if rng.random() < 0.1:
            params["page"] = "2"
        made.append(params)
    return made


def timings(sample: int, seed: int = 21) -> tuple[list[float], dict]:
    from django.test import Client

    rng = random.Random(seed)
    client = Client()
    for params in queries(rng, 20):  # warm up: connections, template caches
        client.get("/recherche/", params)
    measured, found, worst = [], [], {}
    for params in queries(rng, sample):
        started = time.perf_counter()
        response = client.get("/recherche/", params)
        elapsed = (time.perf_counter() - started) * 1000
        measured.append(elapsed)
        assert response.status_code == 200, params
        count = re.search(r'id="resultats">(?:Plus de )?(\d+) résultat', response.content.decode())
        found.append(int(count[1]) if count else 0)
        if elapsed > worst.get("ms", 0):
            worst = {"ms": elapsed, "params": params}
    return measured, {"found": found, "worst": worst}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--demo", action="store_true", help="load the demo first")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the synthetic entries of the last run"
    )
    args = parser.parse_args()
    if args.reuse:
        os.environ.setdefault("DEBUG", "0")
        import django

        django.setup()
    else:
        setup_django(args.demo)
    from portal.models import SearchEntry

    demo = SearchEntry.objects.exclude(key__startswith="bench-").count()
    started = time.perf_counter()
    if args.reuse:
        args.entries = SearchEntry.objects.filter(key__startswith="bench-").count()
    else:
        create_entries(args.entries)
    print(
        f"{demo} entries of the demo + {args.entries} synthetic entries written in "
        f"{time.perf_counter() - started:.1f} s"
    )
    print(f"Before the measures: {load_average()}")
    measured, seen = timings(args.queries)
    p95 = percentile(measured, 0.95)
    found = seen["found"]
    print(
        f"/recherche/?q=…, {args.queries} queries, results per query: median "
        f"{statistics.median(found):.0f}, max {max(found)}: p50 "
        f"{statistics.median(measured):.1f} ms, p95 {p95:.1f} ms, max {max(measured):.1f} ms "
        f"(target p95 < {TARGET_P95_MS} ms)"
    )
    print(f"Slowest: {seen['worst']['params']}")
    print(f"After the measures: {load_average()}")
    return 0 if p95 < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
