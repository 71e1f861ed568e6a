"""Invented mobile figures in the published formats: the demo's files (every commune
of the region over several quarters, about 3,000 sites, 60 targeted-coverage zones,
two weeks of ANFR stations), imported through the pipeline by ``setup_demo`` under
sources that say they are invented, and the benchmark's national files
(``bench/generate_mobile.py``). Same seed, same files.

Coverage grows with a commune's population and with time (5G most); sites are
spread over the communes by population, around their town hall.
"""

import csv
import datetime
import gzip
import math
import random
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from ..importing.base import Format
from ..importing.pipeline import import_file
from ..models import Commune, DataSource, Department, Generation, ImportRun, Operator
from ..models.mobile import FIVE_G_BANDS
from .imports import ANFR_STATIONS, COVERAGE, SITES, TARGETED

SEED = 2019
QUARTERS = [datetime.date(2025, 6, 30), datetime.date(2025, 9, 30), datetime.date(2025, 12, 31)]
WEEKS = [datetime.date(2025, 12, 22), datetime.date(2025, 12, 29)]
DEMO_SITES = 3000
DEMO_ZONES = 60

COVERAGE_HEADER = [
    "techno", "mcc_mnc", "commune", "couv_nc", "couv_cl", "couv_bc", "couv_tbc", "pop_nc",
    "pop_cl", "pop_bc", "pop_tbc",
]  # fmt: skip
SITES_HEADER = [
    "code_op", "nom_op", "num_site", "id_site_partage", "id_station_anfr", "x", "y", "latitude",
    "longitude", "nom_reg", "nom_dep", "insee_dep", "nom_com", "insee_com", "site_2g", "site_3g",
    "site_4g", "site_5g", "mes_4g_trim", "site_ZB", "site_DCC", "site_strategique",
    "site_capa_240mbps", "date_ouverturecommerciale_5g",
    *(f"site_5g_{band}_m_hz" for band in FIVE_G_BANDS),
]  # fmt: skip
TARGETED_HEADER = [
    "num_arrete", "date_publication_arrete", "numero_site", "nom_site_operateurs",
    "site_physique", "numero_site_physique", "nom_site_arrete", "id_dossier", "nom_de_la_zone",
    "region", "departement", "insee_dep", "x_lambert_93", "y_lambert_93", *Operator.values,
    "op_leader", "sites_demandes", "sites_mes", "sites_6_mois", "sites_6_24_mois",
    "sites_attente_deploiement", "origine_zone", "num_zone_arrete",
]  # fmt: skip
ANFR_HEADER = [
    "id", "adm_lb_nom", "sup_id", "emr_lb_systeme", "emr_dt", "sta_nm_dpt", "code_insee",
    "generation", "date_maj", "sta_nm_anfr", "nat_id", "sup_nm_haut", "tpo_id", "adr_lb_lieu",
    "adr_lb_add1", "adr_lb_add2", "adr_lb_add3", "adr_nm_cp", "com_cd_insee", "coordonnees",
    "coord", "statut",
]  # fmt: skip
# Quality of each technology's coverage (0 to 1) in a commune of 10,000 people or more.
REACH = {"2G": 0.97, "3G": 0.93, "4G": 0.95, "5G": 0.55}
DECREES = [
    ("Arrêté du 4 juillet 2018", "2018-07-04"),
    ("Arrêté du 21 décembre 2020", "2020-12-21"),
    ("Arrêté du 12 mai 2023", "2023-05-12"),
]
SYSTEMS = {"2G": "GSM 900", "3G": "UMTS 2100", "4G": "LTE 800", "5G": "5G NR 3500"}
ANFR_NAMES = {
    Operator.ORANGE: "ORANGE",
    Operator.SFR: "SFR",
    Operator.FREE: "FREE MOBILE",
    Operator.BOUYGUES: "BOUYGUES TELECOM",
}


# What each demo file's name holds → its format.
DEMO_FORMATS = {
    "couv_commune": COVERAGE.key,
    "sites_Metropole": SITES.key,
    "dcc_Metropole": TARGETED.key,
    "observatoire_anfr": ANFR_STATIONS.key,
}
FORMATS = [COVERAGE, SITES, TARGETED, ANFR_STATIONS]


@dataclass(frozen=True)
class Place:
    """A commune as the generators see it."""

    code: str
    name: str
    department: str
    population: int
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Site:
    operator: str
    number: str
    place: Place
    latitude: float
    longitude: float
    opened: int  # index of the quarter it opened in (0 for older)
    five_g: int  # index of the quarter it got 5G in (len(quarters) for never)
    generations: tuple[str, ...]
    bands: tuple[int, ...]
    white_zone: bool
    targeted: bool
    strategic: bool


def file_name(quarter: datetime.date, what: str) -> str:
    """``2025_T3_<what>``: the quarter the pipeline reads in the name."""
    return f"{quarter.year}_T{(quarter.month - 1) // 3 + 1}_{what}"


def write_csv(path: Path, header: list[str], rows: Iterable[list], *, bom: bool = False,
              quote_all: bool = False) -> Path:  # fmt: skip
    """``;``-separated UTF-8 (with a BOM if asked, gzip if the name ends in .gz)."""
    opener = gzip.open if path.name.endswith(".gz") else open
    encoding = "utf-8-sig" if bom else "utf-8"
    with opener(path, "wt", encoding=encoding, newline="") as handle:
        quoting = csv.QUOTE_NONNUMERIC if quote_all else csv.QUOTE_MINIMAL
        writer = csv.writer(handle, delimiter=";", quoting=quoting, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _levels(quality: float, rng: random.Random) -> list[str]:
    """Four shares (no coverage, limited, good, very good) adding up to 100.00."""
    very_good = 100 * quality * rng.uniform(0.85, 1.0)
    good = (100 - very_good) * rng.uniform(0.4, 0.8)
    limited = (100 - very_good - good) * rng.uniform(0.3, 0.9)
    shares = [round(limited, 2), round(good, 2), round(very_good, 2)]
    return [f"{max(0.0, 100 - sum(shares)):.2f}", *(f"{share:.2f}" for share in shares)]


def coverage_rows(places: Iterable[Place], step: int, seed: int = SEED) -> Iterator[list]:
    """One row per commune, technology and operator; ``step`` (0, 1, 2…) is the
    quarter's rank: coverage grows a little each quarter, 5G most."""
    for place in places:
        rng = random.Random(f"{seed}-{place.code}")
        urban = min(1.0, math.log10(max(place.population, 10)) / 4)
        for generation in Generation.values:
            growth = (0.06 if generation == "5G" else 0.01) * step
            for operator in Operator.values:
                quality = min(1.0, REACH[generation] * (0.45 + 0.55 * urban) + growth)
                quality *= rng.uniform(0.8, 1.0)
                surface = _levels(quality * rng.uniform(0.75, 0.95), rng)
                population = _levels(min(1.0, quality * 1.05), rng)
                yield [generation, operator, place.code, *surface, *population]


def make_sites(places: list[Place], count: int, quarters: int, seed: int = SEED) -> list[Site]:
    """``count`` sites in the last quarter, spread over ``places`` by population."""
    rng = random.Random(f"{seed}-sites")
    weights = [math.sqrt(max(place.population, 1)) for place in places]
    located = rng.choices(places, weights=weights, k=count)
    sites = []
    for number, place in enumerate(located, start=1):
        five_g = rng.choice(range(quarters + 3)) if place.population > 500 else quarters
        older = [name for name, share in (("2G", 0.7), ("3G", 0.85)) if rng.random() < share]
        generations = ("4G", *older)
        sites.append(
            Site(
                operator=rng.choice(Operator.values),
                number=f"DEMO-{place.department}-{number:06d}",
                place=place,
                latitude=round(place.latitude + rng.uniform(-0.02, 0.02), 5),
                longitude=round(place.longitude + rng.uniform(-0.03, 0.03), 5),
                opened=rng.choice([0] * 8 + list(range(quarters))),
                five_g=five_g,
                generations=generations,
                bands=tuple(band for band in FIVE_G_BANDS if rng.random() < 0.4) or (3500,),
                white_zone=place.population < 300 and rng.random() < 0.15,
                targeted=place.population < 600 and rng.random() < 0.03,
                strategic=rng.random() < 0.03,
            )
        )
    return sites


def _flag(value: bool, words: bool) -> str:
    if words:
        return "True" if value else "False"
    return "1" if value else "0"


def site_rows(sites: Iterable[Site], step: int, *, words: bool = False) -> Iterator[list]:
    """The sites open at quarter ``step``, in the sites file's columns (flags written
    ``True/False`` when ``words``, as some exports do)."""
    for site in sites:
        if site.opened > step:
            continue
        generations = site.generations + (("5G",) if site.five_g <= step else ())
        bands = site.bands if "5G" in generations else ()
        place = site.place
        yield [
            site.operator, Operator(site.operator).label, site.number, "", _station(site), "",
            "", f"{site.latitude:.5f}", f"{site.longitude:.5f}", "", "", place.department,
            place.name, place.code,
            *(_flag(name in generations, words) for name in Generation.values),
            "0", _flag(site.white_zone, words), _flag(site.targeted, words),
            _flag(site.strategic, words), _flag("5G" in generations, words), "",
            *(_flag(band in bands, words) for band in FIVE_G_BANDS),
        ]  # fmt: skip


def _station(site: Site) -> str:
    return f"{site.place.department[:2]}9{site.number[-7:]}"


def targeted_rows(departments: list[str], count: int, step: int, seed: int = SEED) -> Iterator:
    """``count`` zones of the targeted-coverage scheme across ``departments``; more
    of them in service at each quarter."""
    rng = random.Random(f"{seed}-targeted")
    for number in range(1, count + 1):
        department = departments[number % len(departments)]
        decree, published = DECREES[number % len(DECREES)]
        operators = rng.sample(Operator.values, rng.choice([1, 1, 2, 4]))
        requested = len(operators)
        age = DECREES.index((decree, published))
        in_service = min(requested, max(0, requested - age - rng.randint(0, 2) + step))
        rest = requested - in_service
        soon = min(rest, rng.randint(0, 1))
        later = min(rest - soon, rng.randint(0, 1))
        x, y = rng.uniform(760_000, 1_000_000), rng.uniform(6_580_000, 6_800_000)
        yield [
            decree, published, f"DCC-{department}-{number:04d}", f"Zone démo {number}", "Oui",
            f"SP-{department}-{number:04d}", f"Zone de démonstration n° {number}",
            f"D-DEMO-{number:04d}", f"Lieu-dit démo {number}", "Bourgogne-Franche-Comté", "",
            department, f"{x:.0f}", f"{y:.0f}",
            *("1" if operator in operators else "0" for operator in Operator.values),
            operators[0], requested, in_service, soon, later, rest - soon - later,
            "Équipe projet départementale", str(number),
        ]  # fmt: skip


def anfr_rows(sites: Iterable[Site], published: datetime.date, seed: int = SEED) -> Iterator:
    """One row per station and technology of the sites open at the end."""
    rng = random.Random(f"{seed}-anfr-{published}")
    number = 0
    for site in sites:
        generations = [*site.generations, "5G"] if site.five_g < len(QUARTERS) else site.generations
        for generation in generations:
            number += 1
            status = rng.choices(
                ["En service", "Techniquement opérationnel", "Projet approuvé"], [90, 6, 4]
            )[0]
            place = site.place
            yield [
                number, ANFR_NAMES[site.operator], f"S{number:07d}", SYSTEMS[generation],
                "2024-01-15", place.department, place.code, generation, published.isoformat(),
                _station(site), "1", "30", "7", "Pylône", "", "", "", "", place.code,
                f"{site.latitude}, {site.longitude}", f"{site.latitude},{site.longitude}", status,
            ]  # fmt: skip


def write_demo_files(folder: Path, places: list[Place], departments: list[str]) -> list[Path]:
    """The demo's files, in the order they are imported: for each quarter coverage,
    sites and targeted coverage, then the ANFR weeks."""
    sites = make_sites(places, DEMO_SITES, len(QUARTERS))
    paths = []
    for step, quarter in enumerate(QUARTERS):
        paths += [
            write_csv(
                folder / file_name(quarter, "couv_commune_demo.csv"),
                COVERAGE_HEADER,
                coverage_rows(places, step),
                quote_all=True,
            ),
            write_csv(
                folder / file_name(quarter, "sites_Metropole_demo.csv"),
                SITES_HEADER,
                site_rows(sites, step, words=step == 1),
            ),
            write_csv(
                folder / file_name(quarter, "dcc_Metropole_sites_demo.csv"),
                TARGETED_HEADER,
                targeted_rows(departments, DEMO_ZONES, step),
            ),
        ]
    for week in WEEKS:
        name = f"{week.isoformat()}_observatoire_anfr_demo.csv"
        paths.append(write_csv(folder / name, ANFR_HEADER, anfr_rows(sites, week), bom=True))
    return paths


def region_places() -> tuple[list[Place], list[str]]:
    """The region's communes that have a point (all of the referential's), and its
    departments (2 queries)."""
    places = [
        Place(code, name, department, population, latitude, longitude)
        for code, name, department, population, latitude, longitude in Commune.objects.filter(
            department__region_id=settings.REGION_CODE, latitude__isnull=False
        ).values_list("code", "name", "department_id", "population", "latitude", "longitude")
    ]
    departments = list(
        Department.objects.filter(region_id=settings.REGION_CODE).values_list("code", flat=True)
    )
    return places, departments


def import_demo(source_for: Callable[[Format], DataSource]) -> list[ImportRun]:
    """Write the demo's files in a temporary folder and run them through the pipeline,
    each under the source ``source_for(its format)`` gives (one that says the figures
    are invented); the import runs."""
    formats = {fmt.key: fmt for fmt in FORMATS}
    places, departments = region_places()
    with tempfile.TemporaryDirectory(prefix="demo-mobile-") as folder:
        runs = []
        for path in write_demo_files(Path(folder), places, departments):
            fmt = formats[DEMO_FORMATS[next(k for k in DEMO_FORMATS if k in path.name)]]
            runs.append(
                import_file(path, trigger=ImportRun.Trigger.COMMAND, source=source_for(fmt))
            )
    return runs
