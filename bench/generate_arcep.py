"""Write files in the published ARCEP formats, with invented values, for every
commune of the region: demo data (`fixtures/arcep/`) and benchmark inputs.

    python bench/generate_arcep.py commune_debit_filaire --edition 2025-12-31 --out FILE

Values are fictitious but plausible (coverage grows with commune size); commune
codes are the real ones of fixtures/territories/communes.json. Same seed, same file.
"""

import argparse
import csv
import datetime
import json
import random
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
COMMUNES = BASE_DIR / "fixtures" / "territories" / "communes.json"

COMMUNE_DEBIT_FILAIRE = [
    "code_insee", "nom_com", "code_dep", "code_reg", "nbr", "type", "inel_hd", "elig_hd3",
    "elig_bhd8", "elig_thd30", "elig_thd100", "elig_thd1g", "date",
]  # fmt: skip


def commune_debit_filaire(communes, edition: datetime.date, seed: int):
    """One row per commune; ``elig_*`` are premises eligible to at least that speed."""
    progress = (edition.year - 2017) / 9  # 0 in 2017, 1 in 2026
    for commune in communes:
        rng = random.Random(f"{seed}-{commune['code']}")
        premises = max(5, round(commune.get("population", 0) * rng.uniform(0.55, 0.75)))
        urban = min(1.0, commune.get("population", 0) / 10_000)
        fibre = min(1.0, max(0.0, progress * rng.uniform(0.6, 1.05) + 0.25 * urban))
        shares = {
            "elig_thd1g": fibre,
            "elig_thd100": min(1.0, fibre + rng.uniform(0.0, 0.05)),
            "elig_thd30": min(1.0, fibre + rng.uniform(0.05, 0.25)),
            "elig_bhd8": min(1.0, fibre + rng.uniform(0.2, 0.4)),
            "elig_hd3": min(1.0, fibre + rng.uniform(0.35, 0.5)),
        }
        counts = {name: round(premises * share) for name, share in shares.items()}
        yield {
            "code_insee": commune["code"],
            "nom_com": commune["nom"],
            "code_dep": commune["departement"],
            "code_reg": commune["region"],
            "nbr": premises,
            "type": "all",
            "inel_hd": premises - counts["elig_hd3"],
            **counts,
            "date": edition.isoformat(),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=["commune_debit_filaire"])
    parser.add_argument("--edition", type=datetime.date.fromisoformat, default="2025-12-31")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    communes = json.loads(COMMUNES.read_text(encoding="utf-8"))
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COMMUNE_DEBIT_FILAIRE, delimiter=";")
        writer.writeheader()
        writer.writerows(commune_debit_filaire(communes, args.edition, args.seed))
    print(f"{len(communes)} rows written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
