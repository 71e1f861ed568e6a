"""The national standard of places of digital mediation (schema 1.0.2): its columns
and the closed lists of its multi-valued columns, read from the schema's copy in
``directory/data/`` so that the importer, the models and the filters share them."""

import json
import re
from functools import cache
from pathlib import Path

SCHEMA_FILE = (
    Path(__file__).resolve().parent.parent / "data" / "mediation-numerique-schema-1.0.2.json"
)
SEPARATOR = "|"

# Multi-valued columns with a closed list, as named in the standard.
CLOSED_LISTS = (
    "itinerance",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
)

# The schema writes each list as a pattern: (?:(?:^|\|)(Value one|Value \(two\)))+$
_ALTERNATIVES = re.compile(r"^\(\?:\(\?:\^\|\\\|\)\((?P<values>.*)\)\)\+\$$")


@cache
def schema() -> dict:
    with SCHEMA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def columns() -> list[str]:
    """Every column of the standard, in its order."""
    return [field["name"] for field in schema()["fields"]]


def required_columns() -> frozenset[str]:
    return frozenset(
        field["name"]
        for field in schema()["fields"]
        if field.get("constraints", {}).get("required")
    )


def _values(pattern: str) -> tuple[str, ...]:
    match = _ALTERNATIVES.match(pattern)
    if match is None:
        raise ValueError(f"unexpected closed-list pattern: {pattern}")
    return tuple(re.sub(r"\\(.)", r"\1", value) for value in match["values"].split("|"))


@cache
def closed_list(column: str) -> tuple[str, ...]:
    """The values allowed in ``column``, in the schema's order."""
    if column not in CLOSED_LISTS:
        raise KeyError(column)
    field = next(field for field in schema()["fields"] if field["name"] == column)
    return _values(field["constraints"]["pattern"])


def choices(column: str) -> list[tuple[str, str]]:
    return [(value, value) for value in closed_list(column)]


def _joined(values) -> str:
    return SEPARATOR.join(values or [])


def row(place) -> list:
    """A place as one line of the standard, in the order of ``columns()`` (the
    place with its commune loaded: ``Place.objects.for_list()``)."""
    values = {
        "id": place.external_id,
        "pivot": place.pivot,
        "nom": place.name,
        "commune": place.commune.name,
        "code_postal": place.postcode,
        "code_insee": place.commune_id,
        "adresse": place.address,
        "complement_adresse": place.address_complement,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "typologie": _joined(place.typologies),
        "telephone": place.phone,
        "courriels": _joined(place.emails),
        "site_web": _joined(place.websites),
        "horaires": place.opening_hours,
        "presentation_resume": place.summary,
        "presentation_detail": place.description,
        "source": place.collected_by,
        "itinerance": _joined(place.mobility),
        "structure_parente": place.parent_structure,
        "date_maj": place.updated_on.isoformat() if place.updated_on else "",
        "services": _joined(place.services),
        "publics_specifiquement_adresses": _joined(place.publics),
        "prise_en_charge_specifique": _joined(place.specific_support),
        "frais_a_charge": _joined(place.costs),
        "dispositif_programmes_nationaux": _joined(place.national_programmes),
        "formations_labels": _joined(place.labels),
        "autres_formations_labels": place.other_labels,
        "modalites_acces": _joined(place.access_modes),
        "modalites_accompagnement": _joined(place.support_modes),
        "fiche_acces_libre": place.accessibility_url,
        "prise_rdv": place.appointment_url,
    }
    return [values[column] for column in columns()]
