"""Write an Arcep FttH deployment workbook (``AAAAtN-obs-hd-thd-deploiement.xlsx``)
with invented values for every commune of the region: demo data and test input.

    python bench/generate_ftth.py --edition 2025-12-31 --out FILE.xlsx

Same layout as the published workbook: sheet ``Communes``, four title rows, the
header on row 5, one column per quarter from T4 2017. Commune codes are real,
figures are fictitious but plausible. Same seed, same file.
"""

import argparse
import datetime
import json
import random
import sys
from pathlib import Path

from generate_arcep import COMMUNES
from openpyxl import Workbook

FIRST_QUARTER = (2017, 4)


def quarters(edition: datetime.date) -> list[str]:
    year, number = FIRST_QUARTER
    last = (edition.year, (edition.month - 1) // 3 + 1)
    labels = []
    while (year, number) <= last:
        labels.append(f"T{number} {year}")
        year, number = (year + 1, 1) if number == 4 else (year, number + 1)
    return labels


def header(last: str) -> list[str]:
    return [
        "Code commune", "Nom commune", "Code département", "Code région", "Siren EPCI",
        "Logements", "Établissements", f"Meilleure estimation des locaux {last}",
        f"Source retenue {last}", "Engagements L. 33-13 et AMEL",
        "Intentions privées hors engagement L. 33-13", f"OI {last}", "Commune rurale",
        "Zones très denses",
    ]  # fmt: skip


def rows(communes, labels: list[str], seed: int):
    for commune in communes:
        rng = random.Random(f"{seed}-ftth-{commune['code']}")
        population = commune.get("population", 0)
        premises = max(5, round(population * rng.uniform(0.55, 0.75)))
        private = population >= 8_000
        final = rng.uniform(0.9, 1.0) if private else rng.uniform(0.35, 1.0)
        start = rng.randrange(len(labels) // 2 if private else len(labels))
        span = max(1, len(labels) - start)
        deployed = [
            "" if index < start - 2 else round(premises * final * max(0, index - start) / span)
            for index in range(len(labels))
        ]
        yield [
            commune["code"],
            commune["nom"],
            commune["departement"],
            commune["region"],
            commune.get("siren", ""),
            round(premises * 0.9),
            premises - round(premises * 0.9),
            premises,
            "IPE" if private else "Fichiers fonciers",
            "Orange (AMII) (100%)" if private else "",
            "",
            "Orange" if private else "RIP départemental",
            "Non" if population >= 2_000 else "Oui",
            "Non",
            *deployed,
        ]


def write_workbook(path: Path, communes, edition: datetime.date, seed: int = 2019) -> int:
    labels = quarters(edition)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Communes")
    sheet.append([f"Observatoire du haut et très haut débit : déploiements {labels[-1]}"])
    sheet.append(["Données fictives générées pour la démonstration et les tests"])
    sheet.append([])
    sheet.append(["Nombre de locaux raccordables en fibre optique jusqu'à l'abonné (FttH)"])
    sheet.append(header(labels[-1]) + labels)
    count = 0
    for row in rows(communes, labels, seed):
        sheet.append(row)
        count += 1
    workbook.create_sheet("Départements").append(["Voir la feuille Communes"])
    workbook.save(path)
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", type=datetime.date.fromisoformat, default="2025-12-31")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    communes = json.loads(COMMUNES.read_text(encoding="utf-8"))
    count = write_workbook(args.out, communes, args.edition, args.seed)
    print(f"{count} communes written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
