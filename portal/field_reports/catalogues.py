"""What the field reports offer the site: their section (the counts of the validated
reports per commune and operator, on the site map and in the sitemap), their agents'
space on the account page, the reports and steps a person's data holds, and a section
of the observatory's commune page (its validated reports per operator).

Reports are never public one by one: no feed, no search, no sitemap below the section."""

from observatories.referential.sections import CommuneSection
from scoran.lib.catalogues import (
    AGENT_SPACES,
    PERSONAL_DATA,
    SITE_SECTIONS,
    AgentSpace,
    OnDelete,
    PersonalData,
    SiteSection,
    history_steps,
    isoformat,
)

from ..models import FieldReport, FieldReportStep
from .exports import as_number
from .selectors import commune_counts, territory_counts

SECTION = SiteSection(
    key="remontees-terrain",
    title="Remontées terrain : zones mal couvertes",
    url_name="field_reports:home",
    description="Les zones mal couvertes en téléphonie mobile signalées par les équipes "
    "locales et validées, par commune et par opérateur.",
    order=72,
)

AGENT_SPACE = AgentSpace(
    key="remontees-terrain",
    title="Mes remontées terrain",
    list_label="Les remontées de mes structures",
    description="les zones mal couvertes en téléphonie mobile signalées et leur examen.",
    list_url_name="field_reports:mine",
    create_label="Signaler une zone mal couverte",
    create_url_name="field_reports:create",
    order=55,
)

COMMUNE = CommuneSection(
    key="remontees-terrain",
    title="Remontées terrain",
    template="portal/field_reports/includes/commune.html",
    rows=commune_counts,
)


def _reports(user) -> dict:
    """The reports the person filed (all they said of the zone: where, when, what was
    seen and measured), and the steps they took (curators), in 2 queries."""
    reports = FieldReport.objects.filter(reported_by=user).select_related("organisation", "commune")
    return {
        "signalees": [
            {
                "remontee": report.pk,
                "structure": report.organisation.name,
                "commune": str(report.commune) if report.commune_id else None,
                "adresse": report.address,
                "latitude": report.latitude,
                "longitude": report.longitude,
                "operateurs": report.operator_labels,
                "technologie": report.technology,
                "usage": report.get_usage_display(),
                "constatee_le": isoformat(report.observed_on),
                "heure": report.observed_time.strftime("%H:%M") if report.observed_time else None,
                "description": report.description,
                "signal_dbm": report.signal_dbm,
                "debit_descendant_mbps": as_number(report.download_mbps),
                "debit_montant_mbps": as_number(report.upload_mbps),
                "signalee_le": isoformat(report.created_at),
                "etat": report.get_state_display(),
            }
            for report in reports.order_by("pk")
        ],
        "etapes": history_steps(
            FieldReportStep, of="report", label="remontée", related=("report__commune",)
        )(user),
    }


PERSONAL = PersonalData(
    key="remontees_terrain",
    fields={
        # The report stays with its organisation (the zone is still poorly covered),
        # without the person who filed it.
        "portal.FieldReport.reported_by": OnDelete.DETACH,
        # A curator's steps stay, without the curator.
        "portal.FieldReportStep.by": OnDelete.DETACH,
    },
    export=_reports,
)


# On the pages of /territoires/: a commune's counts only (``territory_counts``).
TERRITORY = CommuneSection(
    key="remontees-terrain",
    title="Remontées terrain",
    template="portal/field_reports/includes/commune.html",
    rows=territory_counts,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    AGENT_SPACES.register(AGENT_SPACE.key, AGENT_SPACE)
    PERSONAL_DATA.register(PERSONAL.key, PERSONAL)
