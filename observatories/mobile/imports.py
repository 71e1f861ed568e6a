"""The files of the mobile networks, for the import pipeline (formats in
``docs/data-formats.md``):

- Arcep coverage per commune, operator and technology (``AAAA_Tn_…``, about 560,000
  rows for France) and Arcep sites (``AAAA_Tn_sites_Metropole.csv``, about 124,000):
  national files of one quarter, named by the file, checked in SQL
  (``importing.checked``); a new quarter adds rows, a quarter imported again updates
  its rows;
- Arcep's targeted-coverage sites (New Deal mobile, ``AAAA_Tn_…_dcc_Metropole_sites.csv``):
  a few thousand zones, checked row by row by the pipeline;
- ANFR's weekly observatory of stations: counted per commune, operator, technology
  and status; the latest edition of a week replaces an earlier one of that week.

Operators are known by their MCC-MNC (``20801`` Orange, ``20810`` SFR, ``20815`` Free
Mobile, ``20820`` Bouygues Telecom) or, where a file names them, by their name.
"""

import datetime
import math
import re

from django.db import connection

from ..importing.base import (
    Context,
    Format,
    OutsideRegion,
    RowError,
    SourceDefaults,
    Target,
    count,
    edition_date,
)
from ..importing.buildings import collect_rejects, tune
from ..importing.checked import (
    CHECKED,
    NO_QUARTER,
    Check,
    Rows,
    check_rows,
    commune_checks,
    decimal_checks,
    drop,
    flag,
    flag_check,
    length_check,
    quarterly_loader,
    raw,
    reject_duplicates,
    required_check,
    stage_region,
    text,
)
from ..importing.reading import ImportRefused, Table, normalise
from ..importing.rejects import Rejects, refuse_if_too_many_rejects
from ..models import (
    AnfrWeek,
    CommuneCoverage,
    CommuneStations,
    Generation,
    MobileSite,
    Operator,
    TargetedSite,
)
from ..models.mobile import (
    COVERAGE_LEVELS,
    FIVE_G_BANDS,
    SHARES_TOLERANCE,
    share_names,
    week_label,
)
from .services import (
    refresh_area_coverage,
    refresh_area_sites,
    refresh_area_stations,
    refresh_area_targeted,
)

ARCEP = {"publisher": "Arcep", "licence": "Licence Ouverte 2.0", "schedule": "trimestrielle"}
OPERATOR_CODES = ", ".join(f"{op.value} {op.label}" for op in Operator)
UNKNOWN_OPERATOR = f"« {{value}} » n'est pas un opérateur connu ({OPERATOR_CODES})."
GENERATIONS = ", ".join(Generation.values)
UNKNOWN_GENERATION = f"« {{value}} » n'est pas une technologie connue ({GENERATIONS})."
# Names of the operators as files write them (normalised), besides their MCC-MNC.
OPERATOR_NAMES = {
    "orange": Operator.ORANGE,
    "orange_france": Operator.ORANGE,
    "sfr": Operator.SFR,
    "free": Operator.FREE,
    "free_mobile": Operator.FREE,
    "bouygues": Operator.BOUYGUES,
    "bouygues_telecom": Operator.BOUYGUES,
}


def _in(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


def operator_sql(column: str) -> str:
    """SQL: the MCC-MNC of the operator written in ``column`` (its code or its name),
    NULL if unknown."""
    value = raw(column)
    names = " ".join(
        f"WHEN '{name.replace('_', ' ')}' THEN '{code.value}'"
        for name, code in OPERATOR_NAMES.items()
    )
    return (
        f"CASE WHEN {value} IN ({_in(Operator.values)}) THEN {value} "
        f"ELSE CASE lower(regexp_replace({value}, '\\s+', ' ', 'g')) {names} END END"
    )


def generation_sql(column: str) -> str:
    value = f"upper({raw(column)})"
    return f"CASE WHEN {value} IN ({_in(Generation.values)}) THEN {value} END"


# ---------------------------------------------------------------- coverage

# Field of CommuneCoverage → column of the coverage file, at each level (worst first).
COVERAGE_COLUMNS = {
    **dict(zip(share_names("surface"), ["couv_nc", "couv_cl", "couv_bc", "couv_tbc"], strict=True)),
    **dict(zip(share_names("population"), ["pop_nc", "pop_cl", "pop_bc", "pop_tbc"], strict=True)),
}
LEVEL_NAMES = ", ".join(label for _, label in COVERAGE_LEVELS)


TOLERANCE = f"{SHARES_TOLERANCE:g}".replace(".", ",")


def _total_check(prefix: str, what: str) -> Check:
    """The four levels of a row add up to 100 % (± SHARES_TOLERANCE)."""
    fields = share_names(prefix)
    columns = [COVERAGE_COLUMNS[field] for field in fields]
    return Check(
        f"{prefix}_total",
        f"abs({' + '.join(fields)} - 100) > {SHARES_TOLERANCE}",
        ", ".join(columns),
        f"« {{value}} » : les quatre niveaux de couverture ({LEVEL_NAMES}) de la {what} "
        f"doivent totaliser 100 % (à {TOLERANCE} point près).",
        value=f"concat_ws(' + ', {', '.join(raw(column) for column in columns)})",
    )


def coverage_rows(columns: list[str]) -> Rows:
    shares = [
        check
        for field, column in COVERAGE_COLUMNS.items()
        for check in decimal_checks(column, field, 0, 100, "pourcentage")
    ]
    return Rows(
        target=Target(
            CommuneCoverage,
            ("commune_id", "edition", "operator", "generation"),
            tuple(COVERAGE_COLUMNS),
        ),
        commune=("commune",),
        key=("commune", "mcc_mnc", "techno"),
        raw=("commune", "mcc_mnc", "techno", *COVERAGE_COLUMNS.values()),
        typed={
            "edition": "%(edition)s::date",
            "operator": operator_sql("mcc_mnc"),
            "generation": generation_sql("techno"),
        },
        decimals=COVERAGE_COLUMNS,
        checks=(
            *commune_checks("commune"),
            Check("generation", "generation IS NULL", "techno", UNKNOWN_GENERATION),
            Check("operator", "operator IS NULL", "mcc_mnc", UNKNOWN_OPERATOR),
            *shares,
            _total_check("surface", "surface"),
            _total_check("population", "population"),
        ),
    )


COVERAGE = Format(
    key="arcep_couverture_mobile_communes",
    label="Arcep – couverture mobile par commune, opérateur et technologie",
    required=frozenset({"techno", "mcc_mnc", "commune", *COVERAGE_COLUMNS.values()}),
    targets=(
        Target(
            CommuneCoverage,
            ("commune_id", "edition", "operator", "generation"),
            tuple(COVERAGE_COLUMNS),
        ),
    ),
    source=SourceDefaults(
        slug="arcep-couverture-mobile-communes",
        name="Arcep – Mon réseau mobile, couverture par commune",
        **ARCEP,
    ),
    parse_row=None,
    loader=quarterly_loader(coverage_rows, refresh_area_coverage),
    reads_file=True,
)


# ------------------------------------------------------------------- sites

# Field of MobileSite → flag column of the sites file (absent from older editions:
# false then, except the first three technologies, which every edition has).
SITE_FLAGS = {
    "has_2g": "site_2g",
    "has_3g": "site_3g",
    "has_4g": "site_4g",
    "has_5g": "site_5g",
    "white_zone": "site_zb",
    "targeted": "site_dcc",
    "strategic": "site_strategique",
    "capacity_240": "site_capa_240mbps",
    **{f"band_{band}": f"site_5g_{band}_m_hz" for band in FIVE_G_BANDS},
}
SITE_TEXTS = {  # field → (column, longest value)
    "number": ("num_site", 50),
    "shared_id": ("id_site_partage", 50),
    "anfr_station": ("id_station_anfr", 20),
}
SITES_REQUIRED = frozenset(
    {"code_op", "num_site", "insee_com", "latitude", "longitude", "site_2g", "site_3g", "site_4g"}
)


def site_rows(columns: list[str]) -> Rows:
    flags = {field: column for field, column in SITE_FLAGS.items() if column in columns}
    texts = {field: spec for field, spec in SITE_TEXTS.items() if spec[0] in columns}
    return Rows(
        target=Target(
            MobileSite,
            ("edition", "operator", "number"),
            ("shared_id", "anfr_station", "commune_id", "latitude", "longitude", *SITE_FLAGS),
        ),
        commune=("insee_com",),
        department="insee_dep",
        key=("code_op", "num_site"),
        raw=(
            "code_op",
            "insee_com",
            "latitude",
            "longitude",
            *flags.values(),
            *(column for column, _ in texts.values()),
        ),
        typed={
            "edition": "%(edition)s::date",
            "operator": operator_sql("code_op"),
            "shared_id": "''",
            "anfr_station": "''",
            **{field: text(column, limit) for field, (column, limit) in texts.items()},
            **dict.fromkeys(SITE_FLAGS, "false"),
            **{field: flag(column) for field, column in flags.items()},
        },
        checks=(
            *commune_checks("insee_com"),
            Check("operator", "operator IS NULL", "code_op", UNKNOWN_OPERATOR),
            *required_check("num_site", "number", 50, "numéro de site"),
            *(
                length_check(column, field, limit, "identifiant")
                for field, (column, limit) in texts.items()
                if field != "number"
            ),
            *decimal_checks("latitude", "latitude", -90, 90, "latitude WGS84"),
            *decimal_checks("longitude", "longitude", -180, 180, "longitude WGS84"),
            *(flag_check(column, field) for field, column in flags.items()),
        ),
        decimals={"latitude": "latitude", "longitude": "longitude"},
    )


SITES = Format(
    key="arcep_sites_mobiles",
    label="Arcep – sites mobiles par trimestre (Mon réseau mobile)",
    required=SITES_REQUIRED,
    targets=(Target(MobileSite, ("edition", "operator", "number"), ("commune_id",)),),
    source=SourceDefaults(
        slug="arcep-sites-mobiles", name="Arcep – Mon réseau mobile, sites", **ARCEP
    ),
    parse_row=None,
    loader=quarterly_loader(site_rows, refresh_area_sites),
    reads_file=True,
)


# ------------------------------------------------------- targeted coverage

TARGETED_COUNTS = {  # field of TargetedSite → column
    "requested": "sites_demandes",
    "in_service": "sites_mes",
    "within_6_months": "sites_6_mois",
    "within_24_months": "sites_6_24_mois",
    "waiting": "sites_attente_deploiement",
}
TARGETED_TEXTS = {  # field → (column, longest value kept)
    "operators_name": ("nom_site_operateurs", 255),
    "physical_site": ("site_physique", 50),
    "physical_number": ("numero_site_physique", 50),
    "decree_name": ("nom_site_arrete", 255),
    "file_id": ("id_dossier", 50),
    "zone_name": ("nom_de_la_zone", 255),
    "zone_origin": ("origine_zone", 100),
    "zone_number": ("num_zone_arrete", 50),
}
DEPARTMENT = re.compile(r"[0-9][0-9AB]|97[0-9]")
TRUE_FLAGS = {"1", "true", "vrai", "oui", "1.0", "x"}
FALSE_FLAGS = {"0", "false", "faux", "non", "0.0", ""}


def operator_of(value: str, column: str) -> str:
    """The MCC-MNC of an operator written by its code or its name."""
    text_value = value.strip()
    if text_value in Operator.values:
        return text_value
    if code := OPERATOR_NAMES.get(normalise(text_value)):
        return code.value
    raise RowError(column, value, UNKNOWN_OPERATOR.format(value=value))


def flag_of(row: dict, column: str) -> bool:
    value = row[column].strip().lower()
    if value in TRUE_FLAGS or value in FALSE_FLAGS:
        return value in TRUE_FLAGS
    raise RowError(
        column, row[column], f"« {row[column]} » n'est pas un indicateur (0 ou 1, True ou False)."
    )


# Lambert-93 (RGF93, EPSG:2154), a conic projection of the GRS80 ellipsoid (IGN,
# "Projection cartographique conique conforme de Lambert", algorithms 0004 and 0001).
LAMBERT93 = {
    "n": 0.7256077650532670,
    "c": 11754255.426096,
    "xs": 700000.0,
    "ys": 12655612.049876,
    "longitude0": math.radians(3),
    "e": 0.0818191910428158,
}


def lambert93_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """(latitude, longitude) in degrees of a point in Lambert-93 (metres); RGF93 and
    WGS84 agree within a metre."""
    n, c, e = LAMBERT93["n"], LAMBERT93["c"], LAMBERT93["e"]
    dx, dy = x - LAMBERT93["xs"], LAMBERT93["ys"] - y
    radius = math.hypot(dx, dy)
    longitude = LAMBERT93["longitude0"] + math.atan2(dx, dy) / n
    isometric = -math.log(radius / c) / n
    latitude = 2 * math.atan(math.exp(isometric)) - math.pi / 2
    for _ in range(20):
        sine = e * math.sin(latitude)
        following = (
            2 * math.atan(((1 + sine) / (1 - sine)) ** (e / 2) * math.exp(isometric)) - math.pi / 2
        )
        if abs(following - latitude) < 1e-12:
            break
        latitude = following
    return math.degrees(following), math.degrees(longitude)


def _number(row: dict, column: str) -> float | None:
    value = row[column].strip().replace(",", ".").replace(" ", "")
    if not value:
        return None
    if not re.fullmatch(r"-?[0-9]{1,9}([.][0-9]{1,9})?", value):
        raise RowError(column, row[column], f"« {row[column]} » n'est pas une coordonnée.")
    return float(value)


def _position(row: dict) -> tuple[float | None, float | None]:
    """WGS84 latitude and longitude of the zone, from its Lambert-93 coordinates."""
    x, y = _number(row, "x_lambert_93"), _number(row, "y_lambert_93")
    if x is None or y is None:
        return None, None
    latitude, longitude = lambert93_to_wgs84(x, y)
    if not (41 <= latitude <= 51.5 and -5.5 <= longitude <= 10):
        raise RowError(
            "x_lambert_93, y_lambert_93",
            f"{row['x_lambert_93']} {row['y_lambert_93']}",
            "coordonnées Lambert-93 hors de la France métropolitaine.",
        )
    return round(latitude, 6), round(longitude, 6)


def _department(row: dict, context: Context) -> str:
    code = row["insee_dep"].strip().zfill(2)
    if not DEPARTMENT.fullmatch(code):
        value = row["insee_dep"]
        raise RowError("insee_dep", value, f"« {value} » n'est pas un code de département.")
    if code not in context.department_codes:
        raise OutsideRegion
    return code


def _stages(row: dict) -> dict[str, int]:
    """The sites requested and in each stage, which add up to them."""
    values = {field: count(row, column) for field, column in TARGETED_COUNTS.items()}
    stages = sum(values[field] for field in TargetedSite.STAGES)
    if stages != values["requested"]:
        columns = [TARGETED_COUNTS[field] for field in TargetedSite.STAGES]
        raise RowError(
            ", ".join(columns),
            " + ".join(row[column] for column in columns),
            f"les quatre étapes (en service, sous 6 mois, entre 6 et 24 mois, en attente) "
            f"totalisent {stages} sites, au lieu des {values['requested']} sites demandés.",
        )
    return values


def parse_targeted(row: dict, context: Context) -> tuple[list[dict]]:
    if context.quarter is None:
        raise ImportRefused(NO_QUARTER)
    department = _department(row, context)
    number = row["numero_site"].strip()
    if not number or len(number) > 50:
        raise RowError("numero_site", row["numero_site"], "numéro de site manquant ou trop long.")
    decree = row["num_arrete"].strip()
    if not decree or len(decree) > 100:
        raise RowError("num_arrete", row["num_arrete"], "numéro d'arrêté manquant ou trop long.")
    published = row.get("date_publication_arrete", "").strip()
    leader = row["op_leader"].strip()
    latitude, longitude = _position(row)
    return (
        [
            {
                "edition": context.quarter,
                "number": number,
                "decree": decree,
                "decree_date": edition_date(published, "date_publication_arrete")
                if published
                else None,
                **{
                    field: row.get(column, "").strip()[:limit]
                    for field, (column, limit) in TARGETED_TEXTS.items()
                },
                "department_id": department,
                "latitude": latitude,
                "longitude": longitude,
                "operators": [code for code in Operator.values if flag_of(row, code)],
                "leader": operator_of(leader, "op_leader") if leader else "",
                **_stages(row),
            }
        ],
    )


TARGETED_VALUES = (
    "decree", "decree_date", *TARGETED_TEXTS, "department_id", "latitude", "longitude",
    "operators", "leader", *TARGETED_COUNTS,
)  # fmt: skip

TARGETED = Format(
    key="arcep_couverture_ciblee",
    label="Arcep – sites du dispositif de couverture ciblée (New Deal mobile)",
    required=frozenset(
        {"num_arrete", "numero_site", "insee_dep", "op_leader", *Operator.values}
        | set(TARGETED_COUNTS.values())
    ),
    targets=(
        Target(
            TargetedSite,
            ("edition", "number"),
            TARGETED_VALUES,
        ),
    ),
    source=SourceDefaults(
        slug="arcep-couverture-ciblee",
        name="Arcep – Mon réseau mobile, dispositif de couverture ciblée",
        **ARCEP,
    ),
    parse_row=parse_targeted,
    after_load=refresh_area_targeted,
)


# -------------------------------------------------------------------- ANFR

ANFR_REQUIRED = frozenset(
    {"id", "adm_lb_nom", "sta_nm_anfr", "generation", "statut", "code_insee", "date_maj"}
)
DATE_IN_NAME = re.compile(r"(20\d\d)[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])")
COUNTS = "import_counts"
COUNT_KEY = ("commune_id", "operator", "generation", "status")


def anfr_rows(columns: list[str]) -> Rows:
    return Rows(
        target=Target(CommuneStations, ("commune_id", "week", *COUNT_KEY[1:]), ("stations",)),
        commune=("code_insee", "com_cd_insee"),
        department="sta_nm_dpt",
        distinct=("date_maj",),
        key=("id",),
        raw=("id", "adm_lb_nom", "generation", "statut", "sta_nm_anfr"),
        typed={
            "anfr_id": raw("id"),
            "operator": operator_sql("adm_lb_nom"),
            "generation": generation_sql("generation"),
            "status": raw("statut"),
            "station": raw("sta_nm_anfr"),
        },
        checks=(
            *commune_checks("code_insee"),
            *required_check("id", "anfr_id", 50, "identifiant"),
            Check("operator", "operator IS NULL", "adm_lb_nom", UNKNOWN_OPERATOR),
            Check("generation", "generation IS NULL", "generation", UNKNOWN_GENERATION),
            *required_check("statut", "status", 60, "statut"),
            *required_check("sta_nm_anfr", "station", 20, "numéro de station"),
        ),
    )


def _published(run, updated: set[str]) -> datetime.date:
    """The date of the edition: in the file's name (or its source's address), else the
    latest of its rows' ``date_maj`` (``updated``)."""
    for name in (run.file_name, run.source.url):
        for found in DATE_IN_NAME.finditer(name):
            try:
                return datetime.date(int(found[1]), int(found[2]), int(found[3]))
            except ValueError:
                continue
    dates = []
    for value in updated:
        try:
            dates.append(edition_date(value[:10], "date_maj"))
        except RowError:
            continue
    if not dates:
        raise ImportRefused(
            "Date de l'édition introuvable : ni le nom du fichier (AAAA-MM-JJ) ni la colonne "
            "date_maj ne la donnent."
        )
    return max(dates)


def _write_counts(cursor, run, week: datetime.date) -> tuple[int, int]:
    """Replace the week's counts by the file's; the rows counted as (created, updated)
    with the count they belong to."""
    table = connection.ops.quote_name(CommuneStations._meta.db_table)
    key = ", ".join(COUNT_KEY)
    cursor.execute(
        f"CREATE TEMP TABLE {COUNTS} ON COMMIT DROP AS "
        f"SELECT {key}, count(DISTINCT station) AS stations, count(*) AS rows "
        f"FROM {CHECKED} WHERE error IS NULL GROUP BY {key}"
    )
    cursor.execute(
        f"""
        WITH upserted AS (
            INSERT INTO {table} ({key}, week, stations, run_id)
            SELECT {key}, %(week)s, stations, %(run)s FROM {COUNTS}
            ON CONFLICT (commune_id, week, operator, generation, status) DO UPDATE
            SET stations = EXCLUDED.stations, run_id = EXCLUDED.run_id
            WHERE {table}.stations <> EXCLUDED.stations
            RETURNING {key}, (xmax = 0) AS created
        )
        SELECT coalesce(sum(c.rows) FILTER (WHERE u.created), 0),
               coalesce(sum(c.rows) FILTER (WHERE NOT u.created), 0)
        FROM upserted u JOIN {COUNTS} c USING ({key})
        """,
        {"week": week, "run": run.pk},
    )
    created, updated = cursor.fetchone()
    cursor.execute(
        f"DELETE FROM {table} s WHERE s.week = %s AND NOT EXISTS (SELECT 1 FROM {COUNTS} c "
        f"WHERE ({', '.join(f'c.{f}' for f in COUNT_KEY)}) = "
        f"({', '.join(f's.{f}' for f in COUNT_KEY)}))",
        [week],
    )
    cursor.execute(f"DROP TABLE {COUNTS}")
    return int(created), int(updated)


def load_anfr(run, fmt, table: Table, rejects: Rejects, progress) -> None:
    """ANFR's weekly observatory: the stations of the region counted per commune,
    operator, technology and status, for the week of the edition (its Monday)."""
    rows = anfr_rows(table.columns)
    with connection.cursor() as cursor:
        tune(cursor)
        region = stage_region(cursor, table, rows, progress)
        run.rows_read, run.rows_outside = region.read, region.outside
        if not run.rows_read:
            raise ImportRefused("Aucune ligne du fichier ne concerne la région.")
        published = _published(run, region.distinct["date_maj"])
        week = published - datetime.timedelta(days=published.weekday())
        held = AnfrWeek.objects.filter(week=week).first()
        if held and held.published > published:
            raise ImportRefused(
                f"Une édition plus récente de cette semaine (du {held.published:%d/%m/%Y}) est "
                f"déjà importée ; celle du {published:%d/%m/%Y} ne la remplace pas."
            )
        check_rows(cursor, rows, {})
        reject_duplicates(cursor, ("anfr_id",))
        collect_rejects(cursor, CHECKED, rows.reasons, rejects)
        refuse_if_too_many_rejects(rejects, run.rows_read)
        created, updated = _write_counts(cursor, run, week)
        drop(cursor)
    AnfrWeek.objects.update_or_create(week=week, defaults={"published": published, "run": run})
    run.rows_created, run.rows_updated = created, updated
    run.rows_unchanged = run.rows_read - rejects.count - created - updated
    run.edition = week_label(week)
    refresh_area_stations(run=run, week=week)


ANFR_STATIONS = Format(
    key="anfr_observatoire_hebdomadaire",
    label="ANFR – observatoire hebdomadaire des stations mobiles",
    required=ANFR_REQUIRED,
    targets=(Target(CommuneStations, ("commune_id", "week"), ("stations",)),),
    source=SourceDefaults(
        slug="anfr-observatoire-hebdomadaire",
        name="ANFR – Données sur les réseaux mobiles (observatoire hebdomadaire)",
        publisher="ANFR",
        licence="Licence Ouverte 2.0",
        schedule="hebdomadaire",
    ),
    parse_row=None,
    loader=load_anfr,
    reads_file=True,
)

FORMATS = [COVERAGE, SITES, TARGETED, ANFR_STATIONS]
