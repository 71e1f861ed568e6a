"""Exports of the mobile networks' lists (django-import-export resources), for the
pages' CSV and XLSX downloads (``scoran.lib.exports``: a text from a file is written
as data, never as a formula): the sites of a quarter, and the zones of the
targeted-coverage scheme."""

from import_export import fields, resources

from ..models import MobileSite, TargetedSite

SITE_COLUMNS = (
    "operator", "number", "commune_code", "commune", "latitude", "longitude", "generations",
    "bands", "white_zone", "targeted", "strategic", "edition", "source",
)  # fmt: skip
TARGETED_COLUMNS = (
    "number", "decree", "decree_date", "department", "zone_name", "decree_name", "operators",
    "leader", "requested", "in_service", "within_6_months", "within_24_months", "waiting",
    "edition", "source",
)  # fmt: skip


def yes_no(value: bool) -> str:
    return "oui" if value else "non"


class SiteResource(resources.ModelResource):
    """A site per row; rows ``select_related("commune", "run__source")``."""

    operator = fields.Field(attribute="get_operator_display", column_name="opérateur")
    number = fields.Field(attribute="number", column_name="numéro du site")
    commune_code = fields.Field(attribute="commune_id", column_name="code INSEE")
    commune = fields.Field(attribute="commune__name", column_name="commune")
    latitude = fields.Field(attribute="latitude", column_name="latitude")
    longitude = fields.Field(attribute="longitude", column_name="longitude")
    generations = fields.Field(column_name="technologies")
    bands = fields.Field(column_name="bandes 5G (MHz)")
    white_zone = fields.Field(column_name="zone blanche")
    targeted = fields.Field(column_name="couverture ciblée")
    strategic = fields.Field(column_name="site stratégique")
    edition = fields.Field(attribute="edition", column_name="trimestre")
    source = fields.Field(attribute="run__source__name", column_name="source")

    class Meta:
        model = MobileSite
        fields = SITE_COLUMNS
        export_order = SITE_COLUMNS

    def dehydrate_generations(self, site):
        return ", ".join(site.generations)

    def dehydrate_bands(self, site):
        return ", ".join(str(band) for band in site.bands_5g)

    def dehydrate_white_zone(self, site):
        return yes_no(site.white_zone)

    def dehydrate_targeted(self, site):
        return yes_no(site.targeted)

    def dehydrate_strategic(self, site):
        return yes_no(site.strategic)


class TargetedSiteResource(resources.ModelResource):
    """A zone of the targeted-coverage scheme per row; rows
    ``select_related("department", "run__source")``."""

    number = fields.Field(attribute="number", column_name="numéro du site")
    decree = fields.Field(attribute="decree", column_name="arrêté")
    decree_date = fields.Field(attribute="decree_date", column_name="publication de l'arrêté")
    department = fields.Field(attribute="department__name", column_name="département")
    zone_name = fields.Field(attribute="zone_name", column_name="zone")
    decree_name = fields.Field(attribute="decree_name", column_name="nom du site (arrêté)")
    operators = fields.Field(column_name="opérateurs")
    leader = fields.Field(attribute="get_leader_display", column_name="chef de file")
    requested = fields.Field(attribute="requested", column_name="sites demandés")
    in_service = fields.Field(attribute="in_service", column_name="en service")
    within_6_months = fields.Field(attribute="within_6_months", column_name="sous 6 mois")
    within_24_months = fields.Field(attribute="within_24_months", column_name="6 à 24 mois")
    waiting = fields.Field(attribute="waiting", column_name="en attente")
    edition = fields.Field(attribute="edition", column_name="trimestre")
    source = fields.Field(attribute="run__source__name", column_name="source")

    class Meta:
        model = TargetedSite
        fields = TARGETED_COLUMNS
        export_order = TARGETED_COLUMNS

    def dehydrate_operators(self, zone):
        labels = dict(MobileSite._meta.get_field("operator").choices)
        return ", ".join(labels[code] for code in zone.operators)
