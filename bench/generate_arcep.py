"""Write files in the published ARCEP formats, with invented values, for every
commune of the region: demo data (`fixtures/arcep/`) and benchmark inputs.

    python bench/generate_arcep.py commune_debit_filaire --edition 2025-12-31 --out FILE
    python bench/generate_arcep.py commune_meilleure_techno_thd --edition 2025-12-31 --out FILE

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


COMMUNE_MEILLEURE_TECHNO_THD = [
    "code_insee", "nom_com", "code_dep", "code_reg", "nbr", "type", "nbr_elig_8", "elig_ftth",
    "elig_coax", "elig_cu_30", "elig_thdr", "elig_cu_8", "elig_4gf", "elig_hdr", "elig_sat", "date",
]  # fmt: skip


def _identity(commune) -> dict:
    return {
        "code_insee": commune["code"],
        "nom_com": commune["nom"],
        "code_dep": commune["departement"],
        "code_reg": commune["region"],
    }


def _wired(commune, progress: float, seed: int) -> tuple[int, dict[str, int]]:
    """A commune's premises and its premises eligible by wire to at least each speed."""
    rng = random.Random(f"{seed}-{commune['code']}")
    premises = max(5, round(commune.get("population", 0) * rng.uniform(0.55, 0.75)))
    urban = min(1.0, commune.get("population", 0) / 10_000)
    fibre = min(1.0, max(0.0, progress * rng.uniform(0.6, 1.05) + 0.25 * urban))
    # Each class holds the faster ones: every step adds premises, never removes any.
    shares = {"elig_thd1g": fibre}
    share = fibre
    for name, low, high in (
        ("elig_thd100", 0.0, 0.05),
        ("elig_thd30", 0.05, 0.2),
        ("elig_bhd8", 0.05, 0.15),
        ("elig_hd3", 0.02, 0.1),
    ):
        share = shares[name] = min(1.0, share + rng.uniform(low, high))
    return premises, {name: round(premises * share) for name, share in shares.items()}


def commune_debit_filaire(communes, edition: datetime.date, seed: int):
    """One row per commune; ``elig_*`` are premises eligible to at least that speed."""
    progress = (edition.year - 2017) / 9  # 0 in 2017, 1 in 2026
    for commune in communes:
        premises, counts = _wired(commune, progress, seed)
        yield {
            **_identity(commune),
            "nbr": premises,
            "type": "all",
            "inel_hd": premises - counts["elig_hd3"],
            **counts,
            "date": edition.isoformat(),
        }


def commune_meilleure_techno_thd(communes, edition: datetime.date, seed: int):
    """One row per commune; each premises eligible to 8 Mbit/s or more is counted once,
    under its best technology. Consistent with ``commune_debit_filaire`` for the same
    seed: same premises, FttH = wired ≥ 1 Gbit/s, FttH + cable + VDSL2 = wired
    ≥ 30 Mbit/s; radio, 4G and satellite serve part of the premises left."""
    progress = (edition.year - 2017) / 9
    for commune in communes:
        premises, wired = _wired(commune, progress, seed)
        rng = random.Random(f"{seed}-{commune['code']}-techno")
        thd_wired = wired["elig_thd30"] - wired["elig_thd1g"]
        coax = round(thd_wired * rng.uniform(0.0, 0.4))
        left = premises - wired["elig_thd30"]  # no wired THD
        thd_radio = round(left * rng.uniform(0.0, 0.15))
        # max(): the invented elig_bhd8 may fall under elig_thd30 (overlapping ranges).
        copper_8 = max(0, min(wired["elig_bhd8"] - wired["elig_thd30"], left - thd_radio))
        left -= thd_radio + copper_8
        fixed_4g = round(left * rng.uniform(0.1, 0.4))
        hd_radio = round((left - fixed_4g) * rng.uniform(0.0, 0.1))
        satellite = round((left - fixed_4g - hd_radio) * rng.uniform(0.5, 0.9))
        counts = {
            "elig_ftth": wired["elig_thd1g"],
            "elig_coax": coax,
            "elig_cu_30": thd_wired - coax,
            "elig_thdr": thd_radio,
            "elig_cu_8": copper_8,
            "elig_4gf": fixed_4g,
            "elig_hdr": hd_radio,
            "elig_sat": satellite,
        }
        yield {
            **_identity(commune),
            "nbr": premises,
            "type": "all",
            "nbr_elig_8": sum(counts.values()),
            **counts,
            "date": edition.isoformat(),
        }


GENERATORS = {
    "commune_debit_filaire": (commune_debit_filaire, COMMUNE_DEBIT_FILAIRE),
    "commune_meilleure_techno_thd": (commune_meilleure_techno_thd, COMMUNE_MEILLEURE_TECHNO_THD),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=list(GENERATORS))
    parser.add_argument("--edition", type=datetime.date.fromisoformat, default="2025-12-31")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    communes = json.loads(COMMUNES.read_text(encoding="utf-8"))
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        generate, header = GENERATORS[args.format]
        writer = csv.DictWriter(handle, header, delimiter=";")
        writer.writeheader()
        writer.writerows(generate(communes, args.edition, args.seed))
    print(f"{len(communes)} rows written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
