"""Files in the national standard of places of digital mediation (schema 1.0.2),
read by the observatory's import pipeline: one place per row, upserted on the
file's ``id`` within the data source. Registered by ``DirectoryConfig.ready``.

A row is rejected, with the column and a French reason, when a required value is
missing or a value breaks the standard (pattern, closed list, date, length); a
place whose commune belongs to another department is counted as outside the
region. The commune comes from ``code_insee`` (former codes of merged communes
included); only when the code is absent, from the postcode and the commune's name.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import slugify

from observatories.importing.base import (
    Context,
    Format,
    OutsideRegion,
    RowError,
    SourceDefaults,
    Target,
    commune,
    edition_date,
)
from observatories.importing.reading import normalise
from scoran.lib.fields import validate_web_address

from ..models import Place
from . import standard
from .indicators import refresh_place_indicators

MISSING = "valeur obligatoire manquante."
PIVOT = re.compile(r"^[a-zA-Z0-9]{9,14}$")
POSTCODE = re.compile(r"^\d{5}$")
PHONE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$")
SUMMARY_LENGTH = 280
NOT_A_URL = "« {value} » n'est pas une adresse web (http ou https)."
NOT_AN_EMAIL = "« {value} » n'est pas une adresse électronique."

# Place field → column of the standard with a closed list.
CLOSED_LIST_FIELDS = {
    "mobility": "itinerance",
    "services": "services",
    "publics": "publics_specifiquement_adresses",
    "specific_support": "prise_en_charge_specifique",
    "costs": "frais_a_charge",
    "national_programmes": "dispositif_programmes_nationaux",
    "labels": "formations_labels",
    "access_modes": "modalites_acces",
    "support_modes": "modalites_accompagnement",
}


def _text(row: dict, column: str, limit: int = 255, required: bool = False) -> str:
    value = (row.get(column) or "").strip()
    if required and not value:
        raise RowError(column, value, MISSING)
    if len(value) > limit:
        raise RowError(column, value[:50] + "…", f"texte de plus de {limit} caractères.")
    return value


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(standard.SEPARATOR) if item.strip()]


def closed_values(row: dict, column: str) -> list[str]:
    """The ``|``-separated values of ``column``, each from the standard's closed list."""
    values = _split(row.get(column) or "")
    allowed = standard.closed_list(column)
    for value in values:
        if value not in allowed:
            raise RowError(
                column,
                value,
                f"« {value} » ne fait pas partie des valeurs admises par le standard dans la "
                f"colonne {column} ({' ; '.join(allowed)}).",
            )
    return list(dict.fromkeys(values))


def _checked(row: dict, column: str, check, reason: str) -> list[str]:
    values = _split(row.get(column) or "")
    for value in values:
        try:
            check(value)
        except ValidationError:
            raise RowError(column, value, reason.format(value=value)) from None
    return values


def _url(row: dict, column: str) -> str:
    values = _checked(row, column, validate_web_address, NOT_A_URL)
    return values[0] if values else ""


def _coordinates(row: dict) -> tuple[float | None, float | None]:
    found = []
    for column, bound in (("latitude", 90), ("longitude", 180)):
        value = (row.get(column) or "").strip()
        if not value:
            found.append(None)
            continue
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise RowError(column, value, f"« {value} » n'est pas un nombre décimal.") from None
        if not -bound <= number <= bound:
            raise RowError(column, value, f"« {value} » est hors de [-{bound}, {bound}].")
        found.append(number)
    if (found[0] is None) != (found[1] is None):
        column = "latitude" if found[0] is None else "longitude"
        raise RowError(column, "", "latitude et longitude vont ensemble : l'une manque.")
    return found[0], found[1]


def place_commune(row: dict, context: Context) -> str:
    """The commune's current code, from ``code_insee`` or else postcode and name."""
    if (row.get("code_insee") or "").strip():
        return commune(row["code_insee"], context)
    postcode, name = row["code_postal"].strip(), row["commune"].strip()
    if postcode[:2] not in context.department_codes:  # BFC postcodes start as its departments
        raise OutsideRegion
    code = context.commune_names.get((postcode, normalise(name)))
    if code is None:
        raise RowError(
            "commune",
            name,
            f"sans code_insee, aucune commune « {name} » n'a le code postal {postcode}.",
        )
    return code


def parse_place(row: dict, context: Context) -> tuple[list[dict]]:
    external_id = _text(row, "id", required=True)
    pivot = _text(row, "pivot", required=True)
    if not PIVOT.match(pivot):
        raise RowError(
            "pivot", pivot, f"« {pivot} » n'est ni un SIRET ni un RNA (9 à 14 lettres ou chiffres)."
        )
    name = _text(row, "nom", required=True)
    _text(row, "commune", required=True)
    postcode = _text(row, "code_postal", required=True)
    if not POSTCODE.match(postcode):
        raise RowError(
            "code_postal", postcode, f"« {postcode} » n'est pas un code postal (5 chiffres)."
        )
    address = _text(row, "adresse", required=True)
    code = place_commune(row, context)
    updated_on = edition_date(_text(row, "date_maj", required=True), column="date_maj")
    phone = re.sub(r"[\s.]", "", row.get("telephone") or "")
    if phone and not PHONE.match(phone):
        raise RowError(
            "telephone",
            row["telephone"],
            f"« {row['telephone']} » n'est pas au format international (par exemple +33380000000).",
        )
    latitude, longitude = _coordinates(row)
    place = {
        "source_id": context.source_id,
        "external_id": external_id,
        "pivot": pivot,
        "name": name,
        "slug": slugify(f"{name} {row['commune']}")[:255] or "lieu",
        "commune_id": code,
        "address": address,
        "address_complement": _text(row, "complement_adresse"),
        "postcode": postcode,
        "latitude": latitude,
        "longitude": longitude,
        "typologies": _split(row.get("typologie") or ""),
        "phone": phone,
        "emails": _checked(row, "courriels", validate_email, NOT_AN_EMAIL),
        "websites": _checked(row, "site_web", validate_web_address, NOT_A_URL),
        "opening_hours": _text(row, "horaires", limit=10_000),
        "summary": _text(row, "presentation_resume", limit=SUMMARY_LENGTH),
        "description": _text(row, "presentation_detail", limit=100_000),
        "collected_by": _text(row, "source"),
        "parent_structure": _text(row, "structure_parente"),
        "updated_on": updated_on,
        "other_labels": _text(row, "autres_formations_labels", limit=10_000),
        "accessibility_url": _url(row, "fiche_acces_libre"),
        "appointment_url": _url(row, "prise_rdv"),
        **{name: closed_values(row, column) for name, column in CLOSED_LIST_FIELDS.items()},
    }
    return ([place],)


KEY_FIELDS = ("source_id", "external_id")
VALUE_FIELDS = (
    "pivot",
    "name",
    "slug",
    "commune_id",
    "address",
    "address_complement",
    "postcode",
    "latitude",
    "longitude",
    "typologies",
    "phone",
    "emails",
    "websites",
    "opening_hours",
    "summary",
    "description",
    "collected_by",
    "parent_structure",
    "updated_on",
    "other_labels",
    "accessibility_url",
    "appointment_url",
    *CLOSED_LIST_FIELDS,
)

PLACES = Format(
    key="mediation_numerique",
    label="Lieux de médiation numérique (standard national 1.0.2)",
    required=standard.required_columns(),
    targets=(Target(Place, KEY_FIELDS, VALUE_FIELDS),),
    source=SourceDefaults(
        slug="lieux-mediation-numerique",
        name="Lieux de médiation numérique (standard national)",
        publisher="ANCT – Cartographie nationale des lieux d'inclusion numérique",
        licence="Licence Ouverte 2.0",
        schedule="continue",
        url="",
    ),
    parse_row=parse_place,
    after_load=refresh_place_indicators,
)
