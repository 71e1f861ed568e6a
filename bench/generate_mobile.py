"""Write national files of the mobile networks in Arcep's published formats, with
invented values, for the benchmark (``bench_mobile.py``):

    python bench/generate_mobile.py couverture --out 2025_T3_couv_Metropole_commune.csv
    python bench/generate_mobile.py sites --rows 124000 --out 2025_T3_sites_Metropole.csv

The communes of the region are the real ones (``fixtures/territories/``, with their
town-hall points); those of the other departments are invented (codes of their
department, points anywhere in France) up to ``--communes`` in all. Coverage has one
row per commune, technology and operator; sites are spread over the communes by
population, so that about a tenth are in the region, as in Arcep's files. A name
ending in ``.gz`` is written gzip-compressed. Same seed, same file.

The rows are those of the demo (``observatories/mobile/demo.py``), which this script
imports: run it with the project's settings (``DJANGO_SETTINGS_MODULE``, and the
variables ``scoran/settings.py`` requires); it reads no database.
"""

import argparse
import datetime
import json
import os
import random
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoran.settings")
TERRITORIES = BASE_DIR / "fixtures" / "territories"
REGION = {"21", "25", "39", "58", "70", "71", "89", "90"}


def national_places(total: int, seed: int):
    """The region's communes, then invented ones of the other departments."""
    from observatories.mobile.demo import Place

    communes = json.loads((TERRITORIES / "communes.json").read_text(encoding="utf-8"))
    outlines = json.loads((TERRITORIES / "communes-contours.geojson").read_text(encoding="utf-8"))
    points = {f["properties"]["code"]: f["properties"]["point"] for f in outlines["features"]}
    places = [
        Place(c["code"], c["nom"], c["departement"], c.get("population", 0),
              points[c["code"]][1], points[c["code"]][0])
        for c in communes
    ]  # fmt: skip
    others = [f"{n:02d}" for n in range(1, 96) if n != 20 and f"{n:02d}" not in REGION]
    others += ["2A", "2B"]
    rng = random.Random(f"{seed}-france")
    per_department = max(1, (total - len(places)) // len(others))
    for department in others:
        for number in range(1, per_department + 1):
            places.append(
                Place(
                    f"{department}{number:03d}", f"Commune {department}-{number}", department,
                    int(rng.lognormvariate(6.2, 1.3)), rng.uniform(42.5, 50.8),
                    rng.uniform(-4.5, 7.8),
                )
            )  # fmt: skip
    return places


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["couverture", "sites"])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--communes", type=int, default=35_000)
    parser.add_argument("--rows", type=int, default=124_000, help="sites (sites only)")
    parser.add_argument("--step", type=int, default=1, help="rank of the quarter (0, 1, 2…)")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()

    import django

    django.setup()
    from observatories.mobile import demo

    places = national_places(args.communes, args.seed)
    if args.kind == "couverture":
        rows = demo.coverage_rows(places, args.step, args.seed)
        demo.write_csv(args.out, demo.COVERAGE_HEADER, rows, quote_all=True)
    else:
        sites = demo.make_sites(places, args.rows, args.step + 1, args.seed)
        demo.write_csv(args.out, demo.SITES_HEADER, demo.site_rows(sites, args.step))
    print(f"{args.out} ({args.out.stat().st_size / 1e6:.1f} Mo, {datetime.date.today()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
