"""Write files in the published ARCEP formats, with invented values, for every
commune of the region: demo data (`fixtures/arcep/`) and benchmark inputs.

    python bench/generate_arcep.py commune_debit_filaire --edition 2025-12-31 --out FILE
    python bench/generate_arcep.py commune_meilleure_techno_thd --edition 2025-12-31 --out FILE
    python bench/generate_arcep.py base_imb --department 21 --rows 1000000 --out base_imb_21.csv.gz
    python bench/generate_arcep.py actuel --department 21 --rows 1000000 --out actuel_21.csv.gz

``base_imb`` and ``actuel`` with the same department, rows and seed describe the
same buildings (``actuel`` has about ten eligibility rows per building). A name
ending in ``.gz`` is written gzip-compressed, as ARCEP publishes them.

Values are fictitious but plausible (coverage grows with commune size); commune
codes are the real ones of fixtures/territories/communes.json. Same seed, same file.
"""

import argparse
import csv
import datetime
import gzip
import json
import math
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


BASE_IMB = [
    "imb_id", "imb_x", "imb_y", "imb_code", "imb_code_insee", "imb_nbr_logloc", "imb_source",
    "imb_type", "addr_code", "imb_num", "addr_numero", "addr_rep", "addr_nom_voie",
    "addr_nom_ld", "addr_code_insee", "addr_nom_commune", "addr_id_fantoir", "addr_source",
]  # fmt: skip
ACTUEL = [
    "imb_id", "addr_code", "imb_code", "code_operateur", "code_techno",
    "classe_debit_montant", "classe_debit_descendant", "limitation", "saturation",
]  # fmt: skip

# Rough centre (longitude, latitude) of each department: buildings are scattered around it.
CENTRES = {
    "21": (4.77, 47.42), "25": (6.36, 47.16), "39": (5.70, 46.73), "58": (3.50, 47.12),
    "70": (6.09, 47.64), "71": (4.55, 46.64), "89": (3.56, 47.84), "90": (6.93, 47.63),
}  # fmt: skip
STREET_KINDS = ["Rue", "Rue", "Rue", "Avenue", "Chemin", "Route", "Impasse", "Place", "Allée"]
STREET_NAMES = [
    "de la Liberté", "Victor Hugo", "Jean Jaurès", "des Écoles", "de l'Église", "du Moulin",
    "de la Gare", "Pasteur", "du Château", "des Vignes", "de la Mairie", "Gambetta",
    "du Général de Gaulle", "des Tilleuls", "de la Fontaine", "des Jardins", "du Stade",
    "Principale", "de Bourgogne", "de Franche-Comté", "des Champs", "du Lavoir", "de la Croix",
    "Voltaire", "Émile Zola", "des Acacias", "du Pont", "de la Forêt", "des Prés", "Saint-Martin",
    "de Verdun", "de la République", "du 8 Mai 1945", "Carnot", "des Roses", "de la Côte",
]  # fmt: skip
LOCALITIES = ["Les Essarts", "La Combe", "Le Bas du Village", "Les Granges", "Champ Fleuri"]
EARTH_RADIUS = 6378137.0  # EPSG:3857 (spherical Mercator)


def _mercator(longitude: float, latitude: float) -> tuple[float, float]:
    x = EARTH_RADIUS * math.radians(longitude)
    y = EARTH_RADIUS * math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))
    return x, y


def buildings(communes, department: str, rows: int, seed: int):
    """``rows`` buildings of ``department``, spread over its communes by population;
    each commune has streets numbered in order, a few addresses are lieux-dits."""
    rng = random.Random(f"{seed}-{department}-buildings")
    mine = [c for c in communes if c["departement"] == department]
    cumulative, total = [], 0
    for commune in mine:
        total += max(30, commune.get("population", 0))
        cumulative.append(total)
    centre = CENTRES.get(department, (4.8, 47.2))
    numbers: dict[tuple[str, int], int] = {}
    for index in range(rows):
        commune = rng.choices(mine, cum_weights=cumulative)[0]
        code = commune["code"]
        street = min(int(rng.paretovariate(1.2)) - 1, 400)  # a few long streets, many short
        kind = STREET_KINDS[(street + int(code[2:])) % len(STREET_KINDS)]
        name = STREET_NAMES[street % len(STREET_NAMES)]
        voie = f"{kind} {name}" + (f" {street // len(STREET_NAMES)}" if street >= 36 else "")
        lieu_dit = ""
        if rng.random() < 0.03:
            voie, lieu_dit = "", LOCALITIES[street % len(LOCALITIES)]
        number = numbers[code, street] = numbers.get((code, street), 0) + rng.choice((1, 1, 2))
        x, y = _mercator(centre[0] + rng.uniform(-0.6, 0.6), centre[1] + rng.uniform(-0.4, 0.4))
        imb_id = f"IMB/{code}/C/{index:07X}"
        fantoir = f"{code}_{street:04d}"
        yield {
            "imb_id": imb_id,
            "imb_x": f"{x:.2f}",
            "imb_y": f"{y:.2f}",
            "imb_code": f"{code}{index:07d}",
            "imb_code_insee": code,
            "imb_nbr_logloc": rng.choice((1, 1, 1, 1, 1, 1, 2, 2, 3, 4, 6, 12, 24, 60)),
            "imb_source": rng.choice(("OI", "OI", "BAN")),
            "imb_type": rng.choice(("PA", "PA", "PA", "IM")),
            "addr_code": f"{fantoir}_{number:05d}",
            "imb_num": "",
            "addr_numero": "" if lieu_dit else number,
            "addr_rep": "bis" if rng.random() < 0.02 else "",
            "addr_nom_voie": voie,
            "addr_nom_ld": lieu_dit,
            "addr_code_insee": code,
            "addr_nom_commune": commune["nom"],
            "addr_id_fantoir": fantoir,
            "addr_source": "BAN",
        }


CLASSES = ["INEL", "HD05", "HD3", "BHD8", "THD30", "THD100", "THD1G"]


def eligibility(communes, department: str, rows: int, seed: int):
    """About ten rows per building of ``buildings(...)``: copper from every operator,
    fibre where deployed, fixed 4G, satellite everywhere, a little cable and radio."""
    rng = random.Random(f"{seed}-{department}-eligibility")
    for building in buildings(communes, department, rows, seed):
        offers = [("FRTE", "CU"), ("SFR0", "CU"), ("BOUY", "CU"), ("FREE", "CU")]
        copper = rng.choice(CLASSES[1:5])
        if rng.random() < 0.8:
            offers += [(op, "FO") for op in ("FRTE", "SFR0", "BOUY", "FREE")]
        offers += [("FRTE", "4GF"), ("BOUY", "4GF"), ("NRDN", "SAT"), ("SKYL", "SAT")]
        if rng.random() < 0.05:
            offers.append(("SFR0", "COAX"))
        if rng.random() < 0.03:
            offers.append(("ALSA", "THDR"))
        best = {"FO": "THD1G", "COAX": "THD1G", "4GF": "THD30", "SAT": "THD100", "THDR": "THD30"}
        for operator, techno in offers:
            down = copper if techno == "CU" else best[techno]
            yield {
                "imb_id": building["imb_id"],
                "addr_code": building["addr_code"],
                "imb_code": building["imb_code"],
                "code_operateur": operator,
                "code_techno": techno,
                "classe_debit_montant": "HD3" if techno == "CU" else down,
                "classe_debit_descendant": down,
                "limitation": "0",
                "saturation": "0",
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
    parser.add_argument("format", choices=[*GENERATORS, "base_imb", "actuel"])
    parser.add_argument("--edition", type=datetime.date.fromisoformat, default="2025-12-31")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--department", default="21", help="base_imb, actuel: department code")
    parser.add_argument("--rows", type=int, default=1000, help="base_imb, actuel: buildings")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    communes = json.loads(COMMUNES.read_text(encoding="utf-8"))
    if args.format in GENERATORS:
        generate, header = GENERATORS[args.format]
        rows = generate(communes, args.edition, args.seed)
    elif args.format == "base_imb":
        header, rows = BASE_IMB, buildings(communes, args.department, args.rows, args.seed)
    else:
        header, rows = ACTUEL, eligibility(communes, args.department, args.rows, args.seed)
    opener = gzip.open if args.out.name.endswith(".gz") else open
    written = 0
    with opener(args.out, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, delimiter=";")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            written += 1
    print(f"{written} rows written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
