"""Load the territory referential (regions, departments, EPCI, communes, outlines).

Reads the JSON files of ``@etalab/decoupage-administratif`` (the national files or
our regional extract in ``fixtures/territories/``) and the outline GeoJSON written
by ``scripts/extract_territories.py``. Everything is checked before anything is
written; the writing is one transaction, so a refused file leaves the database
as it was. Loading the same files again changes nothing.

Optionally, the commune file of the INSEE Code officiel géographique
(``v_commune_AAAA.csv``: comma-separated, UTF-8 with or without BOM, header
``TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT``) is the
authority on the region's communes. Only its ``TYPECOM=COM`` rows (current
communes) count; delegated and associated communes and municipal
arrondissements are read for their codes only. With it:

- the region's current communes must be the same set of codes in both files
  (``REG`` in the COG, ``region`` in ``communes.json``); otherwise the load is
  refused, listing the communes found in one file only and what the other file
  says of them (other region, delegated commune, absent), since two editions of
  the COG cannot be mixed;
- each commune takes its name (``LIBELLE``) and department (``DEP``, which must
  be a department of the region in ``departements.json``) from the COG; every
  value that differs from ``communes.json`` is listed in
  ``LoadSummary.cog_corrections``;
- everything else (EPCI, SIREN, postcodes, population, former codes, outlines)
  still comes from the JSON files;
- a file whose header lacks ``TYPECOM``, ``COM``, ``REG``, ``DEP`` or ``LIBELLE``,
  or whose codes are not text of the right length (``1001`` for ``01001``: the
  leading zeros lost by a spreadsheet), is refused whole.
"""

import csv
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from scoran.lib.geojson import area_km2

from ..caching import bump_data_version
from ..models import EPCI, Commune, CommuneOutline, Department, Region
from ..models.territories import INSEE_COMMUNE, INSEE_DEPARTMENT

log = logging.getLogger(__name__)

DEFAULT_DATA_DIR = settings.BASE_DIR / "fixtures" / "territories"
# The region's code under its old name, for the modules that still import it
# (``load_territories``' option, the buildings import): it is the setting.
OUTLINES_FILE = "communes-contours.geojson"
COG_COLUMNS = ("TYPECOM", "COM", "REG", "DEP", "LIBELLE")
KINDS = {  # other kinds of rows, in the COG (TYPECOM) and in communes.json (type)
    "COMD": "commune déléguée",
    "COMA": "commune associée",
    "ARM": "arrondissement municipal",
    "commune-deleguee": "commune déléguée",
    "commune-associee": "commune associée",
    "arrondissement-municipal": "arrondissement municipal",
}
INSEE_REGION = r"^[0-9]{2}$"
LISTED_CODES = 10  # per side of a disagreement between the COG and communes.json


class TerritoryFileError(Exception):
    """A referential file that cannot be used; the message is for users (French)."""


@dataclass(frozen=True)
class LoadSummary:
    regions: int
    departments: int
    epcis: int
    communes: int
    outlines: int
    removed_communes: int
    # One French line per value the COG corrected: "21231 Dijon : nom « … » → « … »".
    cog_corrections: tuple[str, ...] = ()


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TerritoryFileError(f"Fichier introuvable : {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TerritoryFileError(f"{path.name} n'est pas un fichier JSON lisible : {exc}") from exc


def _records(path: Path, required: tuple[str, ...]) -> list[dict]:
    rows = _read_json(path)
    if not isinstance(rows, list):
        raise TerritoryFileError(f"{path.name} : une liste d'éléments est attendue.")
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise TerritoryFileError(f"{path.name}, élément {number} : un objet est attendu.")
        missing = [key for key in required if key not in row]
        if missing:
            raise TerritoryFileError(
                f"{path.name}, élément {number} : champ « {missing[0]} » manquant."
            )
    return rows


def _text_code(value, *, file: str, number: int, field: str) -> str:
    # Codes are text: a number here means a tool has already lost leading zeros.
    if not isinstance(value, str) or not value:
        raise TerritoryFileError(
            f"{file}, élément {number}, champ « {field} » : « {value} » n'est pas un code "
            "sous forme de texte (zéros initiaux perdus ?)."
        )
    return value


@dataclass(frozen=True)
class CogCommune:
    line: int
    region: str
    department: str
    name: str


@dataclass(frozen=True)
class Cog:
    """What an INSEE COG commune file says, every region included."""

    file: str
    communes: dict[str, CogCommune]  # current communes (TYPECOM=COM) by code
    other_kinds: dict[str, str]  # code of every other row → its TYPECOM


def _cog_code(row: dict, column: str, pattern: str, *, file: str, line: int, what: str) -> str:
    value = row[column] or ""  # None when the row is shorter than the header
    if not re.fullmatch(pattern, value):
        raise TerritoryFileError(
            f"{file}, ligne {line}, colonne {column} : « {value} » n'est pas {what} "
            "sous forme de texte (zéros initiaux perdus ?)."
        )
    return value


def read_cog(path: Path) -> Cog:
    """Read and check an INSEE COG commune file (``v_commune_AAAA.csv``), every row."""
    communes, other_kinds = {}, {}
    try:
        # utf-8-sig: the header starts with a BOM when the file went through Excel.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [column for column in COG_COLUMNS if column not in header]
            if missing:
                hint = ""
                if len(header) == 1 and ";" in header[0]:
                    hint = " (le séparateur attendu est la virgule, pas le point-virgule)"
                raise TerritoryFileError(
                    f"{path.name} : colonne(s) {', '.join(missing)} absente(s) de l'en-tête"
                    f"{hint}. Colonnes attendues : {', '.join(COG_COLUMNS)}."
                )
            for row in reader:
                line = reader.line_num
                code = _cog_code(
                    row, "COM", INSEE_COMMUNE, file=path.name, line=line,
                    what="un code commune à 5 caractères",
                )  # fmt: skip
                if row["TYPECOM"] != "COM":
                    other_kinds.setdefault(code, row["TYPECOM"])
                    continue
                region = _cog_code(
                    row, "REG", INSEE_REGION, file=path.name, line=line,
                    what="un code région à 2 chiffres",
                )  # fmt: skip
                department = _cog_code(
                    row, "DEP", INSEE_DEPARTMENT, file=path.name, line=line,
                    what="un code département",
                )  # fmt: skip
                if not row["LIBELLE"]:
                    raise TerritoryFileError(
                        f"{path.name}, ligne {line}, colonne LIBELLE : nom de la commune "
                        f"{code} manquant."
                    )
                communes[code] = CogCommune(line, region, department, row["LIBELLE"])
    except FileNotFoundError:
        raise TerritoryFileError(f"Fichier introuvable : {path}") from None
    except UnicodeDecodeError as exc:
        raise TerritoryFileError(
            f"{path.name} n'est pas un fichier CSV encodé en UTF-8 : {exc}"
        ) from exc
    except csv.Error as exc:
        raise TerritoryFileError(f"{path.name} n'est pas un fichier CSV lisible : {exc}") from exc
    return Cog(file=path.name, communes=communes, other_kinds=other_kinds)


def _listing(codes: list[str], names: dict[str, str], where) -> str:
    shown = ", ".join(f"{code} {names[code]} ({where(code)})" for code in codes[:LISTED_CODES])
    more = len(codes) - LISTED_CODES
    return shown + (f" et {more} autre(s)" if more > 0 else "")


def _check_same_communes(
    cog: Cog, region_code: str, names: dict[str, str], elsewhere: dict[str, str]
) -> None:
    """Refuse two referentials that disagree on which communes make the region.

    ``names``: the region's communes in communes.json; ``elsewhere``: what
    communes.json says of its other codes (other region, delegated commune…).
    """
    cog_names = {code: c.name for code, c in cog.communes.items() if c.region == region_code}
    only_json = sorted(names.keys() - cog_names.keys())
    only_cog = sorted(cog_names.keys() - names.keys())
    if not only_json and not only_cog:
        return

    def in_cog(code):
        if code in cog.communes:
            return f"région {cog.communes[code].region} dans le COG"
        if code in cog.other_kinds:
            return f"{KINDS.get(cog.other_kinds[code], cog.other_kinds[code])} dans le COG"
        return "absente du COG"

    def in_json(code):
        if code in elsewhere:
            return f"{elsewhere[code]} dans communes.json"
        return "absente de communes.json"

    parts = []
    if only_json:
        parts.append(
            f"{len(only_json)} dans communes.json seulement : {_listing(only_json, names, in_cog)}"
        )
    if only_cog:
        parts.append(
            f"{len(only_cog)} dans {cog.file} seulement : {_listing(only_cog, cog_names, in_json)}"
        )
    raise TerritoryFileError(
        f"{cog.file} et communes.json ne donnent pas les mêmes communes pour la région "
        f"{region_code} (éditions différentes du COG ?) : {' ; '.join(parts)}."
    )


def _apply_cog(
    communes: list[tuple[int, dict]], cog: Cog, region_code: str, department_codes: set[str]
) -> tuple[list[tuple[int, dict]], tuple[str, ...]]:
    """Give each commune its COG name and department; list what that changed."""
    corrected, corrections = [], []
    for number, row in communes:
        code = row["code"]
        official = cog.communes[code]
        if official.department not in department_codes:
            raise TerritoryFileError(
                f"{cog.file}, ligne {official.line} : le département « {official.department} » "
                f"de la commune {code} n'est pas un département de la région {region_code} "
                "dans departements.json."
            )
        if official.name != row["nom"]:
            corrections.append(
                f"{code} {official.name} : nom « {row['nom']} » → « {official.name} »"
            )
        if official.department != row["departement"]:
            corrections.append(
                f"{code} {official.name} : département {row['departement']} → {official.department}"
            )
        corrected.append((number, row | {"nom": official.name, "departement": official.department}))
    return corrected, tuple(corrections)


def _region_communes(data_dir: Path, region_code: str) -> tuple[list[tuple[int, dict]], dict]:
    """The region's current communes in communes.json, as (element number, row), and
    what the file says of the other codes (other region, delegated commune…)."""
    communes = []  # (element number, row)
    elsewhere = {}  # what communes.json says of codes outside the region's current communes
    for number, row in enumerate(
        _records(data_dir / "communes.json", ("code", "nom", "type", "departement")), start=1
    ):
        if row["type"] != "commune-actuelle" or row.get("region") != region_code:
            if row["type"] == "commune-actuelle":
                elsewhere[row["code"]] = f"région {row.get('region')}"
            else:
                elsewhere.setdefault(row["code"], KINDS.get(row["type"], row["type"]))
            continue
        _text_code(row["code"], file="communes.json", number=number, field="code")
        communes.append((number, row))
    if not communes:
        raise TerritoryFileError(
            f"communes.json ne contient aucune commune de la région {region_code}."
        )
    return communes, elsewhere


def _region_epcis(data_dir: Path, commune_codes: set[str]) -> tuple[list[dict], dict[str, str]]:
    """The EPCI with a member among ``commune_codes``, and each member's EPCI."""
    epci_of = {}
    epcis = []
    for number, row in enumerate(
        _records(data_dir / "epci.json", ("code", "nom", "type", "membres")), start=1
    ):
        members = [m.get("code") for m in row["membres"] if m.get("code") in commune_codes]
        if members:
            _text_code(row["code"], file="epci.json", number=number, field="code")
            epcis.append(row)
            epci_of.update(dict.fromkeys(members, row["code"]))
    return epcis, epci_of


def _region_outlines(data_dir: Path, commune_codes: set[str]) -> dict[str, dict]:
    """The outline feature of each commune of ``commune_codes`` that has one."""
    outlines = {}
    outline_path = data_dir / OUTLINES_FILE
    if not outline_path.exists():
        return outlines
    collection = _read_json(outline_path)
    for number, feature in enumerate(collection.get("features", []), start=1):
        code = feature.get("properties", {}).get("code")
        geometry = feature.get("geometry") or {}
        if code in commune_codes:
            if geometry.get("type") != "MultiPolygon":
                raise TerritoryFileError(
                    f"{OUTLINES_FILE}, entité {number} : un contour MultiPolygon est attendu."
                )
            try:
                feature["properties"]["area"] = round(area_km2(geometry), 3)
            except (KeyError, IndexError, TypeError, ValueError) as exc:
                raise TerritoryFileError(
                    f"{OUTLINES_FILE}, entité {number} : coordonnées du contour illisibles."
                ) from exc
            outlines[code] = feature
    return outlines


def read_referential(
    data_dir: Path, region_code: str | None = None, cog: Path | None = None
) -> dict:
    """Read and check the files; return what belongs to the region (by default the
    portal's, ``settings.REGION_CODE``), ready to write.

    ``cog``: an INSEE COG commune file, the authority on the region's communes,
    their names and their departments (see the module docstring)."""
    region_code = region_code or settings.REGION_CODE
    regions = [
        r for r in _records(data_dir / "regions.json", ("code", "nom")) if r["code"] == region_code
    ]
    if not regions:
        raise TerritoryFileError(f"regions.json ne contient pas la région {region_code}.")
    departments = [
        d
        for d in _records(data_dir / "departements.json", ("code", "nom", "region"))
        if d["region"] == region_code
    ]
    department_codes = {d["code"] for d in departments}
    communes, elsewhere = _region_communes(data_dir, region_code)
    cog_corrections = ()
    if cog is not None:
        official = read_cog(Path(cog))
        _check_same_communes(
            official, region_code, {row["code"]: row["nom"] for _, row in communes}, elsewhere
        )
        communes, cog_corrections = _apply_cog(communes, official, region_code, department_codes)
    for number, row in communes:
        if row["departement"] not in department_codes:
            raise TerritoryFileError(
                f"communes.json, élément {number} : le département « {row['departement']} » "
                f"de la commune {row['code']} est absent de departements.json."
            )
    communes = [row for _, row in communes]
    commune_codes = {c["code"] for c in communes}
    epcis, epci_of = _region_epcis(data_dir, commune_codes)
    return {
        "regions": regions,
        "departments": departments,
        "epcis": epcis,
        "communes": communes,
        "epci_of": epci_of,
        "outlines": _region_outlines(data_dir, commune_codes),
        "cog_corrections": cog_corrections,
    }


def _upsert(model, objects, fields):
    model.objects.bulk_create(
        objects,
        update_conflicts=True,
        unique_fields=[model._meta.pk.name],
        update_fields=fields,
        batch_size=1000,
    )


def _commune(row: dict, epci_of: dict[str, str], outlines: dict[str, dict]) -> Commune:
    properties = outlines.get(row["code"], {}).get("properties", {})
    point = properties.get("point")
    return Commune(
        code=row["code"],
        name=row["nom"],
        department_id=row["departement"],
        epci_id=epci_of.get(row["code"]),
        siren=row.get("siren", ""),
        postcodes=row.get("codesPostaux", []),
        population=row.get("population") or 0,
        former_codes=row.get("anciensCodes", []),
        longitude=point[0] if point else None,
        latitude=point[1] if point else None,
        area=properties.get("area"),
    )


def _write(data: dict, region_code: str) -> tuple[int, int]:
    """Upsert what ``read_referential`` returned; remove the region's communes it no
    longer holds. Returns (communes written, communes removed)."""
    _upsert(Region, [Region(code=r["code"], name=r["nom"]) for r in data["regions"]], ["name"])
    _upsert(
        Department,
        [
            Department(
                code=d["code"],
                name=d["nom"],
                region_id=d["region"],
                chef_lieu=d.get("chefLieu", ""),
            )
            for d in data["departments"]
        ],
        ["name", "region", "chef_lieu"],
    )
    _upsert(
        EPCI,
        [
            EPCI(
                siren=e["code"],
                name=e["nom"],
                kind=e["type"],
                population=e.get("populationMunicipale") or 0,
            )
            for e in data["epcis"]
        ],
        ["name", "kind", "population"],
    )
    communes = [_commune(c, data["epci_of"], data["outlines"]) for c in data["communes"]]
    _upsert(
        Commune,
        communes,
        ["name", "department", "epci", "siren", "postcodes", "population", "former_codes",
         "latitude", "longitude", "area"],
    )  # fmt: skip
    # A merged commune leaves the referential; its code lives on in its successor's
    # former codes.
    _, deleted = (
        Commune.objects.filter(department__region_id=region_code)
        .exclude(code__in=[c.code for c in communes])
        .delete()
    )
    _upsert(
        CommuneOutline,
        [
            CommuneOutline(commune_id=code, geometry=feature["geometry"])
            for code, feature in data["outlines"].items()
        ],
        ["geometry"],
    )
    return len(communes), deleted.get(Commune._meta.label, 0)


def load_territories(
    *, data_dir: Path = DEFAULT_DATA_DIR, region_code: str | None = None, cog: Path | None = None
) -> LoadSummary:
    """Create or update the region's territories (by default the portal's,
    ``settings.REGION_CODE``) from the referential in ``data_dir``, checked against and
    corrected by the INSEE COG commune file ``cog`` when given."""
    region_code = region_code or settings.REGION_CODE
    data = read_referential(Path(data_dir), region_code, cog)
    with transaction.atomic():
        transaction.on_commit(bump_data_version)
        communes, removed = _write(data, region_code)
    summary = LoadSummary(
        regions=len(data["regions"]),
        departments=len(data["departments"]),
        epcis=len(data["epcis"]),
        communes=communes,
        outlines=len(data["outlines"]),
        removed_communes=removed,
        cog_corrections=data["cog_corrections"],
    )
    log.info("territories loaded: %s", summary)
    return summary
