"""The validated reports as files for the departmental project teams of the
targeted-coverage scheme (« dispositif de couverture ciblée »): CSV (cells never
formulas, ``scoran.lib.exports``) and GeoJSON. Neither holds anything of the
reporter (no name, no address): the zone, what was seen, and the organisation."""

from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from scoran.lib.exports import EXPORTS, csv_bytes

from ..models import FieldReport

CSV_HEADERS = [
    "Remontée n°",
    "Constatée le",
    "Heure",
    "Commune",
    "Code INSEE",
    "Département",
    "Adresse ou lieu-dit",
    "Latitude",
    "Longitude",
    "Opérateurs",
    "Technologie",
    "Usage",
    "Description",
    "Signal (dBm)",
    "Débit descendant (Mbit/s)",
    "Débit montant (Mbit/s)",
    "Doublons fusionnés",
    "Structure",
    "Démonstration",
]


def validated(queryset=None):
    """The validated reports (of ``queryset``, else all), with what the files say
    (1 query)."""
    queryset = FieldReport.objects.all() if queryset is None else queryset
    return (
        queryset.counted()
        .select_related("organisation", "commune")
        .annotate_duplicates()
        .order_by("pk")
    )


def _row(report: FieldReport) -> list:
    commune = report.commune
    return [
        report.pk,
        report.observed_on.strftime("%d/%m/%Y"),
        report.observed_time.strftime("%H:%M") if report.observed_time else "",
        commune.name if commune else "",
        report.commune_id or "",
        commune.department_id if commune else "",
        report.address,
        report.latitude,
        report.longitude,
        ", ".join(report.operator_labels),
        report.get_technology_display(),
        report.get_usage_display(),
        report.description,
        report.signal_dbm,
        report.download_mbps,
        report.upload_mbps,
        report.duplicate_count,
        report.organisation.name,
        "oui" if report.is_demo else "non",
    ]


def csv_response(reports) -> HttpResponse:
    response = HttpResponse(
        csv_bytes(CSV_HEADERS, [_row(report) for report in reports]), content_type=EXPORTS["csv"]
    )
    response["Content-Disposition"] = 'attachment; filename="remontees-terrain-validees.csv"'
    return response


def _feature(report: FieldReport) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [report.longitude, report.latitude]}
        if report.has_point
        else None,
        "properties": {
            "numero": report.pk,
            "constatee_le": report.observed_on.isoformat(),
            "heure": report.observed_time.strftime("%H:%M") if report.observed_time else None,
            "commune": report.commune.name if report.commune else None,
            "code_insee": report.commune_id,
            "adresse": report.address,
            "operateurs": report.operator_labels,
            "technologie": report.technology,
            "usage": report.get_usage_display(),
            "description": report.description,
            "signal_dbm": report.signal_dbm,
            "debit_descendant_mbps": as_number(report.download_mbps),
            "debit_montant_mbps": as_number(report.upload_mbps),
            "doublons_fusionnes": report.duplicate_count,
            "structure": report.organisation.name,
            "demonstration": report.is_demo,
        },
    }


def as_number(value):
    """A decimal as a JSON number (None stays None)."""
    return None if value is None else float(value)


def geojson_response(reports) -> JsonResponse:
    """A FeatureCollection; a report without a point has a null geometry (GeoJSON
    allows it: its commune still says where)."""
    response = JsonResponse(
        {
            "type": "FeatureCollection",
            "generated": timezone.now().isoformat(),
            "features": [_feature(report) for report in reports],
        },
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Disposition"] = 'attachment; filename="remontees-terrain-validees.geojson"'
    return response
