"""Aides-Territoires (the State's funding finder, aides-territoires.beta.gouv.fr):
its API's listing of aids, ``{"count", "next", "previous", "results": [...]}``, read
by the observatory's import pipeline, whatever brought it (an admin upload,
``import_file``, the scheduled source of ``fetching.py``). Registered by
``portal.catalogues``.

One aid of ``results`` gives one ``Funding``, upserted on (source, ``id``):

- French labels of its lists (``aid_types``, ``targeted_audiences``, ``recurrence``)
  map to the guide's choices (``KINDS``, ``AUDIENCES``, ``RECURRENCES``); a label
  known to have no equivalent is dropped, an unknown one rejects the aid;
- ``perimeter``, a territory's name, maps to the referential: "France" or "Europe"
  make the aide national; else the region, one of its departments, EPCIs or communes
  (a commune as "Nom" or "Nom (21)"); an ambiguous name or one outside the region
  rejects the aid, with a French reason;
- its HTML (description, eligibility, steps, examples) is sanitised
  (``scoran.lib.html``) into the description; the contact becomes plain text;
- ``start_date`` and ``submission_deadline`` give its session (none: permanent);
- ``financers`` are matched to the directory's organisations by name, the others
  kept as names.

Aides-Territoires content is moderated nationally: an imported aide is published at
once, with its source, origin and licence (``import_share_licence``). A field a
curator changed (``Funding.locally_edited``) is never overwritten. An aide missing
from a newer export of its source is unpublished (a history step, no e-mail), never
deleted; it is published again if it comes back, unless a curator changed its state
meanwhile.
"""

import datetime
import html
import logging
import re
import urllib.parse
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from directory.models import Organisation
from observatories.importing.base import Format, RowError, SourceDefaults, Target
from observatories.importing.reading import ImportRefused, normalise
from observatories.importing.rejects import refuse_if_too_many_rejects
from observatories.models import EPCI, Commune, Department, Region
from scoran.lib.fields import validate_web_address
from scoran.lib.html import clean_html

from ..models import Funding, FundingEvent, FundingSession
from . import fetching
from .services import refresh_territory_keys, replace_sessions, unique_slug

log = logging.getLogger(__name__)

SITE = "https://aides-territoires.beta.gouv.fr"
Kind, Beneficiary, Recurrence = Funding.Kind, Funding.Beneficiary, Funding.Recurrence

# Labels of Aides-Territoires → the guide's choices; ``None``: a label known to have
# no equivalent here, dropped. Matched on normalised text (accents, case, spaces).
KINDS = {
    "Subvention": Kind.SUBSIDY,
    "Prêt": Kind.LOAN,
    "Avance récupérable": Kind.RECOVERABLE_ADVANCE,
    "Avance remboursable": Kind.RECOVERABLE_ADVANCE,
    "Appel à projets": Kind.CALL_FOR_PROJECTS,
    "Ingénierie technique": Kind.TECHNICAL_ENGINEERING,
    "Ingénierie financière": Kind.FINANCIAL_ENGINEERING,
    "Ingénierie Juridique / administrative": Kind.LEGAL_ENGINEERING,
    "Ingénierie juridique": Kind.LEGAL_ENGINEERING,
    "Autre aide financière": None,
    "Certificat d'économie d'énergie (CEE)": None,
}
AUDIENCES = {
    "Communes": Beneficiary.COMMUNES,
    "Intercommunalités / Pays": Beneficiary.EPCIS,
    "Intercommunalités": Beneficiary.EPCIS,
    "Départements": Beneficiary.DEPARTMENTS,
    "Régions": Beneficiary.REGION,
    "Établissements publics (écoles, bibliothèques…) / Services de l'État": (
        Beneficiary.PUBLIC_BODIES
    ),
    "Établissements publics": Beneficiary.PUBLIC_BODIES,
    "Entreprises publiques locales (Sem, Spl, SemOp)": Beneficiary.PUBLIC_BODIES,
    "Associations": Beneficiary.ASSOCIATIONS,
    "Entreprises privées": Beneficiary.COMPANIES,
    "Agriculteurs": Beneficiary.FARMERS,
    "Recherche": Beneficiary.RESEARCH,
    "Particuliers": Beneficiary.INDIVIDUALS,
    "Collectivités d'outre-mer à statuts particuliers": None,
}
RECURRENCES = {
    "Ponctuelle": Recurrence.ONCE,
    "Permanente": Recurrence.PERMANENT,
    "Récurrente": Recurrence.RECURRING,
}
# Perimeters that make an aide national (the country or beyond it).
NATIONAL = {"France", "National", "Nationale", "France métropolitaine", "Europe"}
LICENCES = {"openlicence20": "Licence Ouverte 2.0"}
# "Dijon (21)": a commune and its department.
WITH_DEPARTMENT = re.compile(r"^(?P<name>.+?)\s*\((?P<department>\d[0-9AB]|\d{3})\)$")

NAME_LENGTH = Funding._meta.get_field("name").max_length
SUMMARY_LENGTH = 280
URL_LENGTH = 500
ID_LENGTH = Funding._meta.get_field("external_id").max_length


def _key(name: str) -> str:
    """A name or label compared without case, accents, spacing or apostrophe style
    (the typographic apostrophe U+2019 is the straight one)."""
    return normalise(name.replace("\u2019", "'"))


def _labels(mapping: dict) -> dict[str, object]:
    return {_key(label): value for label, value in mapping.items()}


_KINDS, _AUDIENCES, _RECURRENCES = _labels(KINDS), _labels(AUDIENCES), _labels(RECURRENCES)
_NATIONAL = {_key(name) for name in NATIONAL}


@dataclass
class Lookups:
    """What aids are matched against, loaded once per import (normalised names)."""

    region: tuple[str, str]  # (code, normalised name) of the portal's region
    departments: dict[str, str]  # normalised name → code
    epcis: dict[str, list[str]]  # normalised name → SIRENs
    communes: dict[str, list[tuple[str, str]]]  # normalised name → [(code, department)]
    organisations: dict[str, int]  # normalised name → pk, for names only one bears
    site: str = SITE  # where relative ``url`` s of aids lead

    @classmethod
    def load(cls, source=None) -> "Lookups":
        region = Region.objects.get(code=settings.REGION_CODE)
        departments = Department.objects.filter(region=region).values_list("name", "code")
        epcis: dict[str, list[str]] = {}
        for name, siren in EPCI.objects.values_list("name", "siren"):
            epcis.setdefault(_key(name), []).append(siren)
        communes: dict[str, list[tuple[str, str]]] = {}
        rows = Commune.objects.filter(department__region=region)
        for name, code, department in rows.values_list("name", "code", "department_id"):
            communes.setdefault(_key(name), []).append((code, department))
        organisations: dict[str, int | None] = {}
        # Published ones only: a funder's link must not lead to an unpublished page.
        published = Organisation.objects.filter(state=Organisation.State.PUBLISHED)
        for name, pk in published.values_list("name", "pk"):
            key = _key(name)
            organisations[key] = None if key in organisations else pk
        site = SITE
        if source is not None and source.url:
            parts = urllib.parse.urlsplit(source.url)
            site = f"{parts.scheme}://{parts.netloc}"
        return cls(
            region=(region.code, _key(region.name)),
            departments={_key(name): code for name, code in departments},
            epcis=epcis,
            communes=communes,
            organisations={key: pk for key, pk in organisations.items() if pk},
            site=site,
        )


@dataclass
class Territory:
    is_national: bool = False
    note: str = ""
    regions: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    epcis: list[str] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)


# ---------- Values of one aid ----------


def _without_nul(text: str) -> str:
    """PostgreSQL stores no NUL character: a JSON ``\\u0000`` is dropped."""
    return text.replace("\x00", "")


def _text(aid: dict, key: str) -> str:
    value = aid.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RowError(key, str(value)[:200], "texte attendu.")
    return _without_nul(str(value)).strip()


def _list(aid: dict, key: str) -> list[str]:
    value = aid.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RowError(key, str(value)[:200], "liste de libellés attendue.")
    items = (_without_nul(item).strip() for item in value)
    return [item for item in items if item]


def _mapped(aid: dict, key: str, mapping: dict, labels: dict) -> list[str]:
    found = []
    for label in _list(aid, key):
        normalised = _key(label)
        if normalised not in mapping:
            raise RowError(
                key,
                label,
                f"libellé « {label} » inconnu ; libellés reconnus : {' ; '.join(labels)}.",
            )
        if mapping[normalised] is not None:
            found.append(str(mapping[normalised]))
    return list(dict.fromkeys(found))


def _date(aid: dict, key: str) -> datetime.date | None:
    value = _text(aid, key)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        raise RowError(key, value, f"« {value} » n'est pas une date (AAAA-MM-JJ).") from None


def _number(aid: dict, key: str, *, most: int | None = None) -> int | None:
    value = aid.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RowError(key, str(value)[:200], "nombre attendu.")
    try:
        number = float(str(value).replace(",", ".").replace(" ", ""))
    except ValueError:
        raise RowError(key, str(value), f"« {value} » n'est pas un nombre.") from None
    if not number >= 0 or (most is not None and number > most):  # NaN fails ``>= 0``
        bound = f"entre 0 et {most}" if most is not None else "positif"
        raise RowError(key, str(value), f"« {value} » : nombre {bound} attendu.")
    if number > 10**12:
        raise RowError(key, str(value), f"« {value} » : montant invraisemblable.")
    return round(number)


def _url(value: str, key: str, site: str) -> str:
    if not value:
        return ""
    if value.startswith("/") and not value.startswith("//"):
        value = site + value
    if len(value) > URL_LENGTH:
        raise RowError(key, value[:200], f"adresse de plus de {URL_LENGTH} caractères.")
    try:
        validate_web_address(value)
    except ValidationError:
        raise RowError(
            key, value, f"« {value} » n'est pas une adresse web (http ou https)."
        ) from None
    return value


def territory(aid: dict, lookups: Lookups) -> Territory:
    """The aid's ``perimeter`` in the referential (RowError if not one of it)."""
    name = _text(aid, "perimeter")
    if not name:
        raise RowError("perimeter", "", "périmètre manquant.")
    key = _key(name)
    if key in _NATIONAL:
        return Territory(is_national=True, note="" if key == "france" else name)
    if key == lookups.region[1]:
        return Territory(regions=[lookups.region[0]])
    if key in lookups.departments:
        return Territory(departments=[lookups.departments[key]])
    if len(lookups.epcis.get(key, ())) == 1:
        return Territory(epcis=lookups.epcis[key])
    if len(lookups.epcis.get(key, ())) > 1:
        raise RowError(
            "perimeter", name, f"périmètre « {name} » ambigu : plusieurs EPCI ont ce nom."
        )
    department = None
    if match := WITH_DEPARTMENT.match(name):
        key, department = _key(match["name"]), match["department"]
    communes = [
        code for code, where in lookups.communes.get(key, ()) if department in (None, where)
    ]
    if len(communes) == 1:
        return Territory(communes=communes)
    if len(communes) > 1:
        raise RowError(
            "perimeter",
            name,
            f"périmètre « {name} » ambigu : {len(communes)} communes de la région portent ce nom "
            "(précisez le département, par exemple « Nom (21) »).",
        )
    raise RowError(
        "perimeter",
        name,
        f"périmètre « {name} » hors de la région : ni la France, ni la région, ni un de ses "
        "départements, EPCI ou communes.",
    )


def _section(title: str, text: str) -> str:
    cleaned = clean_html(text)
    # h3: the page shows the description under its own h2.
    return f"<h3>{html.escape(title, quote=False)}</h3>\n{cleaned}" if cleaned else ""


def _sentence(label: str, values: list[str]) -> str:
    if not values:
        return ""
    return f"<p>{html.escape(f'{label} : ' + ', '.join(values), quote=False)}.</p>"


def _steps(aid: dict) -> list[str]:
    """``mobilization_steps``: the project's stages the aid funds (a list of labels),
    or, in older exports, a text on how to apply (HTML)."""
    if isinstance(aid.get("mobilization_steps"), list):
        return [_sentence("Étapes du projet concernées", _list(aid, "mobilization_steps"))]
    return [_section("Démarches à suivre", _text(aid, "mobilization_steps"))]


def description(aid: dict) -> str:
    """The aid's texts, sanitised, in one description."""
    predeposit = _date(aid, "predeposit_date")
    parts = [
        clean_html(_text(aid, "description")),
        _section("Conditions d'éligibilité", _text(aid, "eligibility")),
        *_steps(aid),
        _section("Exemples de projets", _text(aid, "project_examples")),
        _sentence("Date limite de pré-dépôt", [date_format(predeposit)] if predeposit else []),
        _sentence("Instruction", _list(aid, "instructors")),
        _sentence("Programmes", _list(aid, "programs")),
        _sentence("Thématiques", _list(aid, "categories")),
        _sentence("Dépenses concernées", _list(aid, "destinations")),
        "<p>Cette aide est payante.</p>" if aid.get("is_charged") is True else "",
    ]
    return "\n".join(part for part in parts if part)


BLOCK_ENDS = re.compile(r"<br\s*/?>|</(p|li|div|h[1-6]|tr)>", re.IGNORECASE)


def plain_text(text: str) -> str:
    """Sanitised HTML as plain text, lines kept (the contact is shown as text)."""
    cleaned = clean_html(text)
    lines = html.unescape(re.sub(r"<[^>]*>", "", BLOCK_ENDS.sub("\n", cleaned))).splitlines()
    return "\n".join(line.strip() for line in lines if line.strip())


def summary(aid: dict, text: str) -> str:
    words = plain_text(text).replace("\n", " ") or _text(aid, "name")
    return Truncator(words).chars(SUMMARY_LENGTH)


def sessions(aid: dict) -> list[tuple]:
    opens_on, deadline = _date(aid, "start_date"), _date(aid, "submission_deadline")
    if opens_on and deadline and deadline < opens_on:
        raise RowError(
            "submission_deadline",
            str(deadline),
            f"la date limite ({deadline:%d/%m/%Y}) précède l'ouverture ({opens_on:%d/%m/%Y}).",
        )
    return [(opens_on, deadline)] if opens_on or deadline else []


def external_id(aid: dict) -> str:
    value = aid.get("id")
    if isinstance(value, str):
        value = _without_nul(value)
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip():
        raise RowError("id", str(value)[:200], "identifiant de l'aide manquant ou invalide.")
    if len(str(value)) > ID_LENGTH:
        raise RowError("id", str(value)[:200], f"identifiant de plus de {ID_LENGTH} caractères.")
    return str(value).strip()


def _rates(aid: dict) -> tuple[int | None, int | None]:
    low = _number(aid, "subvention_rate_lower_bound", most=100)
    high = _number(aid, "subvention_rate_upper_bound", most=100)
    if low is not None and high is not None and low > high:
        raise RowError(
            "subvention_rate_lower_bound",
            str(low),
            f"taux minimal ({low} %) supérieur au taux maximal ({high} %).",
        )
    return low, high


def _funders(aid: dict, lookups: Lookups) -> tuple[list[int], str]:
    """Organisations of the directory named in ``financers``, and the other names
    (one a line)."""
    found, names = set(), []
    for funder in _list(aid, "financers"):
        pk = lookups.organisations.get(_key(funder))
        if pk:
            found.add(pk)
        else:
            names.append(funder)
    return sorted(found), "\n".join(dict.fromkeys(names))


def parse_aid(aid: dict, lookups: Lookups) -> dict:
    """One aid → the values of its Funding (RowError on a wrong value)."""
    name = _text(aid, "name")
    if not name:
        raise RowError("name", "", "nom de l'aide manquant.")
    if len(name) > NAME_LENGTH:
        raise RowError("name", name[:200], f"nom de plus de {NAME_LENGTH} caractères.")
    low, high = _rates(aid)
    kinds = _mapped(aid, "aid_types", _KINDS, KINDS)
    if aid.get("is_call_for_project") is True and Kind.CALL_FOR_PROJECTS not in kinds:
        kinds.append(str(Kind.CALL_FOR_PROJECTS))
    recurrence = _text(aid, "recurrence")
    if recurrence and _key(recurrence) not in _RECURRENCES:
        raise RowError(
            "recurrence",
            recurrence,
            f"récurrence « {recurrence} » inconnue ; "
            f"libellés reconnus : {' ; '.join(RECURRENCES)}.",
        )
    amounts = [
        amount
        for amount in (_number(aid, "loan_amount"), _number(aid, "recoverable_advance_amount"))
        if amount is not None
    ]
    funders, funder_names = _funders(aid, lookups)
    where = territory(aid, lookups)
    text = description(aid)
    licence = _text(aid, "import_share_licence")
    return {
        "external_id": external_id(aid),
        "name": name,
        "summary": summary(aid, text),
        "description": text,
        "funder_names": funder_names,
        "funders": funders,
        "kinds": kinds,
        "beneficiaries": _mapped(aid, "targeted_audiences", _AUDIENCES, AUDIENCES),
        "is_national": where.is_national,
        "territory_note": where.note[:250],
        "regions": where.regions,
        "departments": where.departments,
        "epcis": where.epcis,
        "communes": where.communes,
        "subsidy_rate_min": low,
        "subsidy_rate_max": high,
        "amount_min": None,
        "amount_max": max(amounts) if amounts else None,
        "recurrence": str(_RECURRENCES.get(_key(recurrence), Recurrence.ONCE)),
        "application_url": _url(_text(aid, "application_url"), "application_url", lookups.site),
        "information_url": _url(_text(aid, "origin_url"), "origin_url", lookups.site),
        "contact": plain_text(_text(aid, "contact")),
        "origin_url": _url(_text(aid, "url"), "url", lookups.site),
        "licence": (
            f"{LICENCES.get(licence, 'licence non précisée')} – fiche publiée par Aides-Territoires"
        ),
        "sessions": sessions(aid),
    }


# ---------- Writing ----------

# What an import writes (``Funding.IMPORTED_FIELDS``): fields, then relations.
RELATIONS = ("funders", "regions", "departments", "epcis", "communes")
FIELDS = tuple(name for name in Funding.IMPORTED_FIELDS if name not in RELATIONS)


FINANCERS = {"funders", "funder_names"}


def _current(funding: Funding, name: str):
    if name == "sessions":
        return sorted(((s.opens_on, s.deadline) for s in funding.sessions.all()), key=str)
    if name in RELATIONS:
        return sorted(item.pk for item in getattr(funding, name).all())
    return getattr(funding, name)


def _wanted(record: dict, name: str):
    value = record[name]
    if name == "sessions":
        return sorted(value, key=str)
    if name in RELATIONS:
        return sorted(value)
    if name in ("amount_min", "amount_max") and value is not None:
        return Decimal(value)
    return value


def _changes(funding: Funding, record: dict) -> list[str]:
    """Fields whose imported value differs, those a curator changed left aside."""
    kept = set(funding.locally_edited)
    # The financers are one list, split between the two: a curator's edit of either
    # keeps both.
    if kept & FINANCERS:
        kept |= FINANCERS
    names = [*FIELDS, *RELATIONS, "sessions"]
    return [
        name
        for name in names
        if name not in kept and _current(funding, name) != _wanted(record, name)
    ]


def _write(funding: Funding, record: dict, names: list[str]) -> None:
    for name in names:
        if name in FIELDS:
            setattr(funding, name, _wanted(record, name))
    funding.save()
    for name in names:
        if name in RELATIONS:
            getattr(funding, name).set(record[name])
    if "sessions" in names:
        rows = [
            FundingSession(funding=funding, opens_on=a, deadline=b) for a, b in record["sessions"]
        ]
        replace_sessions(funding, rows)
    if {"is_national", "regions", "departments", "epcis", "communes"} & set(names):
        refresh_territory_keys(funding=funding)


def _create(record: dict, run) -> Funding:
    now = timezone.now()
    funding = Funding(
        source=run.source,
        external_id=record["external_id"],
        slug=unique_slug(record["name"]),
        state=Funding.State.PUBLISHED,
        published_at=now,
    )
    _write(funding, record, [*FIELDS, *RELATIONS, "sessions"])
    FundingEvent.objects.create(
        funding=funding,
        action=FundingEvent.Action.IMPORTED,
        message=f"Importée et publiée depuis « {run.source.name} » (import n° {run.pk}).",
    )
    return funding


def _withdrawn_by_import(funding: Funding) -> bool:
    """Unpublished by an import (not by a curator) and left so since."""
    if funding.state != Funding.State.DRAFT:
        return False
    last = funding.events.order_by("-at", "-pk").first()
    return last is not None and last.action == FundingEvent.Action.UNPUBLISHED and not last.by_id


def _update(funding: Funding, record: dict, run) -> bool:
    names = _changes(funding, record)
    comes_back = _withdrawn_by_import(funding)
    if names:
        _write(funding, record, names)
        FundingEvent.objects.create(
            funding=funding,
            action=FundingEvent.Action.UPDATED,
            message=f"Mise à jour par l'import n° {run.pk} ({', '.join(names)}).",
        )
    if comes_back:
        Funding.objects.filter(pk=funding.pk).update(state=Funding.State.PUBLISHED)
        FundingEvent.objects.create(
            funding=funding,
            action=FundingEvent.Action.PUBLISHED,
            message=f"De nouveau dans l'export de la source (import n° {run.pk}) : republiée.",
        )
    return bool(names) or comes_back


def unpublish_missing(run, seen: set[str]) -> int:
    """Published aides of the run's source absent from its export: unpublished, with
    a step in their history (no e-mail), never deleted."""
    missing = Funding.objects.filter(source=run.source, state=Funding.State.PUBLISHED).exclude(
        external_id__in=seen
    )
    today = date_format(timezone.localdate())
    events = [
        FundingEvent(
            funding=funding,
            action=FundingEvent.Action.UNPUBLISHED,
            message=f"Absente de l'export du {today} de la source « {run.source.name} » "
            f"(import n° {run.pk}) : retirée du site.",
        )
        for funding in missing
    ]
    FundingEvent.objects.bulk_create(events)
    return Funding.objects.filter(pk__in=[event.funding_id for event in events]).update(
        state=Funding.State.DRAFT
    )


def load_aids(run, fmt, table, rejects, progress) -> None:
    """The pipeline's loader for this format (inside the import's transaction): check
    every aid, then create, update or leave each, and unpublish the missing ones."""
    lookups = Lookups.load(run.source)
    records, seen, first_line = [], set(), {}
    read = 0
    for line, aid in table.rows:
        read += 1
        if "id" not in aid:
            raise ImportRefused(f"Aide n° {line} : sans « id », l'export n'est pas exploitable.")
        try:
            record = parse_aid(aid, lookups)
        except RowError as error:
            rejects.add(line, error.column, error.value, error.reason)
            seen.add(_without_nul(str(aid.get("id"))))  # present in the export: kept
            continue
        key = record["external_id"]
        if key in first_line:
            rejects.add(line, "id", key, f"doublon de l'aide n° {first_line[key]}.")
            continue
        first_line[key] = line
        seen.add(key)
        records.append(record)
    run.rows_read, run.rows_outside = read, 0
    refuse_if_too_many_rejects(rejects, read)

    existing = {
        funding.external_id: funding
        for funding in Funding.objects.filter(source=run.source).prefetch_related(
            *RELATIONS, "sessions"
        )
    }
    created = updated = 0
    for record in records:
        funding = existing.get(record["external_id"])
        if funding is None:
            _create(record, run)
            created += 1
        elif _update(funding, record, run):
            updated += 1
    withdrawn = unpublish_missing(run, seen)
    # Present in the source's latest export: confirmed by its publisher ("vérifié le"),
    # not "à vérifier" for curators; their content dates ("mis à jour le") stay.
    Funding.objects.filter(source=run.source, external_id__in=list(first_line)).update(
        reviewed_at=timezone.now()
    )
    run.rows_created, run.rows_updated = created, updated
    run.rows_unchanged = read - rejects.count - created - updated
    # The export's date: Aides-Territoires publishes continuously, not by edition.
    run.edition = f"export du {timezone.localdate():%d/%m/%Y}"
    log.info("import %s: %s aides of %s unpublished (missing)", run.pk, withdrawn, run.source)


# The keys every aid of the API has: how the format is recognised.
REQUIRED = frozenset(
    {
        "id",
        "slug",
        "url",
        "name",
        "financers",
        "description",
        "perimeter",
        "aid_types",
        "targeted_audiences",
        "submission_deadline",
        "subvention_rate_lower_bound",
        "subvention_rate_upper_bound",
        "import_share_licence",
    }
)


def _no_rows(row, context):  # pragma: no cover - the loader parses the aids itself
    raise NotImplementedError


AIDES_TERRITOIRES = Format(
    key="aides_territoires",
    label="Aides-Territoires – aides (API, JSON)",
    required=REQUIRED,
    targets=(Target(Funding, ("source_id", "external_id"), FIELDS),),
    source=SourceDefaults(
        slug="aides-territoires",
        name="Aides-Territoires",
        publisher="Aides-Territoires (ANCT)",
        licence="Licence Ouverte 2.0 ou licence de chaque fiche (import_share_licence)",
        schedule="continue",
        url="",
    ),
    parse_row=_no_rows,
    loader=load_aids,
    download=fetching.download,
)
