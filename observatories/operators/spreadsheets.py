"""The CSV and XLSX exports of the wholesale offers page: one line per offer of the
networks listed (cells written by ``scoran.lib.exports``, formulas neutralised)."""

from django.conf import settings
from django.utils import timezone
from import_export import fields, resources

from ..models import WholesaleOffer

EXPORT_COLUMNS = (
    "network", "zone", "authority", "contract", "departments", "epcis", "communes",
    "territory_note", "operator", "role", "markets", "url", "note", "updated_at",
    "demo", "page",
)  # fmt: skip


class WholesaleOfferExportResource(resources.ModelResource):
    """Rows from ``selectors.offers_of``: each offer knows its network, whose
    territory is preloaded (no query per row)."""

    network = fields.Field(column_name="réseau")
    zone = fields.Field(column_name="zone")
    authority = fields.Field(column_name="maître d'ouvrage")
    contract = fields.Field(column_name="montage")
    departments = fields.Field(column_name="départements (codes INSEE)")
    epcis = fields.Field(column_name="intercommunalités (SIREN)")
    communes = fields.Field(column_name="communes (codes INSEE)")
    territory_note = fields.Field(column_name="précision sur le territoire")
    operator = fields.Field(attribute="operator", column_name="opérateur")
    role = fields.Field(column_name="rôle")
    markets = fields.Field(column_name="marchés")
    url = fields.Field(attribute="url", column_name="lien vers l'offre de gros")
    note = fields.Field(attribute="note", column_name="précision")
    updated_at = fields.Field(column_name="mis à jour le")
    demo = fields.Field(column_name="démonstration")
    page = fields.Field(column_name="adresse de la page du réseau")

    class Meta:
        model = WholesaleOffer
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS

    def dehydrate_network(self, offer):
        return offer.network.name

    def dehydrate_zone(self, offer):
        return offer.network.get_zone_display()

    def dehydrate_authority(self, offer):
        return offer.network.authority

    def dehydrate_contract(self, offer):
        return offer.network.get_contract_display()

    def dehydrate_departments(self, offer):
        return ", ".join(d.code for d in offer.network.departments.all())

    def dehydrate_epcis(self, offer):
        return ", ".join(e.siren for e in offer.network.epcis.all())

    def dehydrate_communes(self, offer):
        return ", ".join(c.code for c in offer.network.communes.all())

    def dehydrate_territory_note(self, offer):
        return offer.network.territory_note

    def dehydrate_role(self, offer):
        return offer.get_role_display()

    def dehydrate_markets(self, offer):
        return ", ".join(offer.market_labels)

    def dehydrate_updated_at(self, offer):
        latest = max(offer.updated_at, offer.network.updated_at)
        return timezone.localtime(latest).date().isoformat()

    def dehydrate_demo(self, offer):
        return "oui" if offer.is_demo or offer.network.is_demo else "non"

    def dehydrate_page(self, offer):
        return settings.SITE_URL + offer.network.get_absolute_url()
