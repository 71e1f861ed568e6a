"""Load the territory referential (regions, departments, EPCI, communes, outlines).

Reads the JSON files of ``@etalab/decoupage-administratif`` (the national files or
our regional extract in ``fixtures/territories/``) and the outline GeoJSON written
by ``scripts/extract_territories.py``. Everything is checked before anything is
written; the writing is one transaction, so a refused file leaves the database
as it was. Loading the same files again changes nothing.
"""

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import EPCI, Commune, CommuneOutline, Department, Region

log = logging.getLogger(__name__)

DEFAULT_DATA_DIR = settings.BASE_DIR / "fixtures" / "territories"
BFC = "27"
OUTLINES_FILE = "communes-contours.geojson"


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


def read_referential(data_dir: Path, region_code: str = BFC) -> dict:
    """Read and check the files; return what belongs to the region, ready to write."""
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
    communes = []
    for number, row in enumerate(
        _records(data_dir / "communes.json", ("code", "nom", "type", "departement")), start=1
    ):
        if row["type"] != "commune-actuelle" or row.get("region") != region_code:
            continue
        _text_code(row["code"], file="communes.json", number=number, field="code")
        if row["departement"] not in department_codes:
            raise TerritoryFileError(
                f"communes.json, élément {number} : le département « {row['departement']} » "
                f"de la commune {row['code']} est absent de departements.json."
            )
        communes.append(row)
    if not communes:
        raise TerritoryFileError(
            f"communes.json ne contient aucune commune de la région {region_code}."
        )
    commune_codes = {c["code"] for c in communes}
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
    outlines = {}
    outline_path = data_dir / OUTLINES_FILE
    if outline_path.exists():
        collection = _read_json(outline_path)
        for number, feature in enumerate(collection.get("features", []), start=1):
            code = feature.get("properties", {}).get("code")
            geometry = feature.get("geometry") or {}
            if code in commune_codes:
                if geometry.get("type") != "MultiPolygon":
                    raise TerritoryFileError(
                        f"{OUTLINES_FILE}, entité {number} : un contour MultiPolygon est attendu."
                    )
                outlines[code] = feature
    return {
        "regions": regions,
        "departments": departments,
        "epcis": epcis,
        "communes": communes,
        "epci_of": epci_of,
        "outlines": outlines,
    }


def _upsert(model, objects, fields):
    model.objects.bulk_create(
        objects,
        update_conflicts=True,
        unique_fields=[model._meta.pk.name],
        update_fields=fields,
        batch_size=1000,
    )


def load_territories(*, data_dir: Path = DEFAULT_DATA_DIR, region_code: str = BFC) -> LoadSummary:
    """Create or update the region's territories from the referential in ``data_dir``."""
    data = read_referential(Path(data_dir), region_code)
    with transaction.atomic():
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
        communes = []
        for c in data["communes"]:
            point = data["outlines"].get(c["code"], {}).get("properties", {}).get("point")
            communes.append(
                Commune(
                    code=c["code"],
                    name=c["nom"],
                    department_id=c["departement"],
                    epci_id=data["epci_of"].get(c["code"]),
                    siren=c.get("siren", ""),
                    postcodes=c.get("codesPostaux", []),
                    population=c.get("population") or 0,
                    former_codes=c.get("anciensCodes", []),
                    longitude=point[0] if point else None,
                    latitude=point[1] if point else None,
                )
            )
        _upsert(
            Commune,
            communes,
            ["name", "department", "epci", "siren", "postcodes", "population", "former_codes",
             "latitude", "longitude"],
        )  # fmt: skip
        current = {c.code for c in communes}
        # A merged commune leaves the referential; its code lives on in its
        # successor's former codes.
        _, deleted = (
            Commune.objects.filter(department__region_id=region_code)
            .exclude(code__in=current)
            .delete()
        )
        removed = deleted.get(Commune._meta.label, 0)
        _upsert(
            CommuneOutline,
            [
                CommuneOutline(commune_id=code, geometry=feature["geometry"])
                for code, feature in data["outlines"].items()
            ],
            ["geometry"],
        )
    summary = LoadSummary(
        regions=len(data["regions"]),
        departments=len(data["departments"]),
        epcis=len(data["epcis"]),
        communes=len(communes),
        outlines=len(data["outlines"]),
        removed_communes=removed,
    )
    log.info("territories loaded: %s", summary)
    return summary
