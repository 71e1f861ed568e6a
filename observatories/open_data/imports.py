"""OpenDataFrance's observatory of local open data, for the import pipeline (format in
``docs/data-formats.md``): one row per collectivité with its SIREN, name, type,
population (``pop-insee``), open-data platform and the number of datasets it
publishes there and on data.gouv.fr.

Column names drift between exports (``nb-ptf``, ``Nb jeux plateforme``…): each column
is found under any of its names (``ALIASES``, compared normalised: case, accents,
spaces and punctuation ignored). The file carries no date: the edition is the date
in the file's name (or its source's address), else its quarter, else the day of the
import. Collectivités are found in the referential by SIREN (communes, EPCI, the
departments and the region): any other is outside the region, ignored, not rejected.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from scoran.lib.fields import validate_web_address

from ..importing.base import (
    MAX_INTEGER,
    NOT_A_COUNT,
    TOO_LARGE,
    Context,
    Format,
    OutsideRegion,
    RowError,
    SourceDefaults,
    Target,
    quarter_in_name,
)
from ..importing.reading import parse_int
from ..models import EPCI, CollectivityOpenData, Commune, Department, ImportRun
from ..models.open_data import CollectivityKind
from .services import refresh_area_open_data

# Each column (normalised) and the other names it goes by, the usual first.
ALIASES = {
    "siren": ("siren", "siren_collectivite", "code_siren", "numero_siren", "n_siren"),
    "nom": ("nom", "nom_collectivite", "collectivite", "libelle", "nom_organisation"),
    "type": ("type", "type_collectivite", "categorie", "nature", "type_de_collectivite"),
    "pop_insee": ("pop_insee", "population", "population_insee", "pop", "population_municipale"),
    "url_ptf": ("url_ptf", "url_plateforme", "plateforme", "url_portail", "portail_open_data"),
    "nb_ptf": (
        "nb_ptf", "nb_jdd_ptf", "nb_datasets_ptf", "nb_jeux_plateforme", "nombre_jdd_plateforme",
        "jeux_de_donnees_plateforme",
    ),
    "nb_datagouv": (
        "nb_datagouv", "nb_jdd_datagouv", "nb_data_gouv", "nb_datasets_datagouv",
        "nb_jeux_datagouv", "nombre_jdd_datagouv", "jeux_de_donnees_datagouv",
    ),
}  # fmt: skip
OPTIONAL = {"url_ptf"}
SIREN_TEXT = re.compile(r"[0-9]{9}")
SPACES = re.compile(r"[\s\u00a0\u202f]")
# A platform written without its scheme (``data.ville.fr``): https is assumed.
BARE_DOMAIN = re.compile(r"[a-z0-9][a-z0-9.-]*\.[a-z]{2,}(/\S*)?", re.IGNORECASE)
DATE_IN_NAME = re.compile(r"(20\d\d)[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])")
# The regions' own SIRENs (the referential has none): Bourgogne-Franche-Comté.
REGION_SIRENS = {"27": "200053726"}


class AliasedFormat(Format):
    """A format whose required columns may go by other names (``ALIASES``)."""

    def matches(self, columns: set[str]) -> bool:
        return all(any(name in columns for name in ALIASES[column]) for column in self.required)


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def department_siren(code: str) -> str | None:
    """The SIREN of a department's council: INSEE numbers them ``22`` + the
    department's code + ``0001`` + a Luhn key (Côte-d'Or ``222100018``); none for
    codes that are not two digits (Corsica, overseas)."""
    if not re.fullmatch(r"[0-9]{2}", code):
        return None
    stem = f"22{code}0001"
    return next(stem + str(key) for key in range(10) if luhn_valid(stem + str(key)))


def edition_of(run: ImportRun) -> datetime.date:
    """The date in the run's file name or its source's address (``2025-06-30``,
    ``20250630``), else the end of the quarter they name, else the day of the import.
    A date after the day of the import (a typo, a number that looks like a date) is
    not an edition: it would stay the latest one, hiding every later import."""
    today = timezone.localdate()
    for name in (run.file_name, run.source.url):
        for found in DATE_IN_NAME.finditer(name):
            try:
                date = datetime.date(int(found[1]), int(found[2]), int(found[3]))
            except ValueError:
                continue
            if date <= today:
                return date
    quarter = quarter_in_name(run)
    if quarter and quarter <= today:
        return quarter
    return today


def _epci_departments(region: str) -> dict[str, str]:
    """Each EPCI of the region's communes → the department holding most of their
    population (their number when none is known)."""
    weights: dict[str, dict[str, tuple[int, int]]] = {}
    members = Commune.objects.filter(department__region_id=region, epci__isnull=False)
    for epci, department, population in members.values_list(
        "epci_id", "department_id", "population"
    ):
        people, count = weights.setdefault(epci, {}).get(department, (0, 0))
        weights[epci][department] = (people + population, count + 1)
    return {
        epci: max(sorted(by_department), key=by_department.get)
        for epci, by_department in weights.items()
    }


def collectivities(region: str) -> dict[str, tuple[str, str | None, int]]:
    """SIREN → (kind, department code, population) of the region's collectivités in
    the referential: communes, EPCI, departments, the region (4 queries)."""
    found = {
        siren: (CollectivityKind.COMMUNE, department, population)
        for siren, department, population in Commune.objects.filter(department__region_id=region)
        .exclude(siren="")
        .values_list("siren", "department_id", "population")
    }
    epci_departments = _epci_departments(region)
    for siren, population in EPCI.objects.filter(siren__in=epci_departments).values_list(
        "siren", "population"
    ):
        found[siren] = (CollectivityKind.EPCI, epci_departments[siren], population)
    populations = dict(
        Department.objects.filter(region_id=region)
        .values_list("code")
        .annotate(Sum("communes__population"))
    )
    for code, population in populations.items():
        if siren := department_siren(code):
            found[siren] = (CollectivityKind.DEPARTMENT, code, population or 0)
    if siren := REGION_SIRENS.get(region):
        found[siren] = (CollectivityKind.REGION, None, sum(p or 0 for p in populations.values()))
    return found


def prepare(run: ImportRun) -> dict:
    return {"edition": edition_of(run), "collectivities": collectivities(settings.REGION_CODE)}


def _column(row: dict, column: str) -> tuple[str, str]:
    """(the name the file gives ``column``, its value); an optional column absent: ''."""
    for name in ALIASES[column]:
        if name in row:
            return name, row[name]
    return column, ""


def _siren(row: dict) -> str:
    column, value = _column(row, "siren")
    siren = SPACES.sub("", value)
    if not SIREN_TEXT.fullmatch(siren) or not luhn_valid(siren):
        raise RowError(
            column, value, f"« {value} » n'est pas un SIREN (9 chiffres dont une clé de contrôle)."
        )
    return siren


def _name(row: dict) -> str:
    column, value = _column(row, "nom")
    name = " ".join(value.split())
    if not name:
        raise RowError(column, value, "nom de la collectivité manquant.")
    if len(name) > 200:
        raise RowError(column, value, "nom de la collectivité trop long (plus de 200 caractères).")
    return name


def _number(row: dict, column: str, *, missing: int | None) -> int:
    """A count or a population: ``1 234`` and ``12,0`` read, empty → ``missing``."""
    name, value = _column(row, column)
    try:
        number = parse_int(value)
    except ValueError:
        raise RowError(name, value, NOT_A_COUNT.format(value=value)) from None
    if number is None:
        if missing is None:
            raise RowError(name, value, "valeur manquante.")
        return missing
    if number > MAX_INTEGER:
        raise RowError(name, value, TOO_LARGE.format(value=value))
    return number


def _platform(row: dict) -> str:
    column, value = _column(row, "url_ptf")
    address = value.strip()
    if not address:
        return ""
    if BARE_DOMAIN.fullmatch(address):
        address = f"https://{address}"
    try:
        validate_web_address(address)
    except ValidationError:
        raise RowError(
            column, value, f"« {value} » n'est pas une adresse web (http:// ou https://)."
        ) from None
    if len(address) > 500:
        raise RowError(
            column, value, "adresse de la plateforme trop longue (plus de 500 caractères)."
        )
    return address


def parse_collectivity(row: dict, context: Context) -> tuple[list[dict]]:
    siren = _siren(row)
    found = context.lookups["collectivities"].get(siren)
    if found is None:
        raise OutsideRegion
    kind, department, known_population = found
    return (
        [
            {
                "edition": context.lookups["edition"],
                "siren": siren,
                "name": _name(row),
                "kind": kind,
                # The file's population; the referential's if the file gives none.
                "population": _number(row, "pop_insee", missing=known_population or None),
                "department_id": department,
                "platform_url": _platform(row),
                "platform_datasets": _number(row, "nb_ptf", missing=0),
                "datagouv_datasets": _number(row, "nb_datagouv", missing=0),
            }
        ],
    )


OPEN_DATA = AliasedFormat(
    key="opendatafrance_observatoire",
    label="OpenDataFrance – observatoire open data des territoires",
    required=frozenset(ALIASES) - OPTIONAL,
    targets=(
        Target(
            CollectivityOpenData,
            ("edition", "siren"),
            (
                "name",
                "kind",
                "population",
                "department_id",
                "platform_url",
                "platform_datasets",
                "datagouv_datasets",
            ),
        ),
    ),
    source=SourceDefaults(
        slug="opendatafrance-observatoire",
        name="OpenDataFrance – Observatoire open data des territoires",
        publisher="OpenDataFrance",
        licence="Licence Ouverte 2.0",
        schedule="mensuelle",
    ),
    parse_row=parse_collectivity,
    prepare=prepare,
    after_load=refresh_area_open_data,
)
