"""The CSV and XLSX exports of the data centres and hosting offers, as the list
shows them (cells written by ``scoran.lib.exports``, formulas neutralised)."""

from django.conf import settings
from django.utils import timezone
from import_export import fields, resources

from ..models import DataCentre

EXPORT_COLUMNS = (
    "name", "kind", "operator", "sector", "address", "commune_code", "commune", "department",
    "latitude", "longitude", "services", "certifications", "tier", "url", "updated_at",
    "demo", "page",
)  # fmt: skip


class DataCentreExportResource(resources.ModelResource):
    """Rows from ``for_list()``: commune, department and operator preloaded."""

    name = fields.Field(attribute="name", column_name="nom")
    kind = fields.Field(column_name="nature")
    operator = fields.Field(column_name="exploitant")
    sector = fields.Field(column_name="public ou privé")
    address = fields.Field(attribute="address", column_name="adresse")
    commune_code = fields.Field(column_name="code INSEE de la commune")
    commune = fields.Field(column_name="commune")
    department = fields.Field(column_name="département")
    latitude = fields.Field(attribute="latitude", column_name="latitude")
    longitude = fields.Field(attribute="longitude", column_name="longitude")
    services = fields.Field(column_name="services")
    certifications = fields.Field(column_name="certifications")
    tier = fields.Field(column_name="niveau Tier")
    url = fields.Field(attribute="url", column_name="site internet")
    updated_at = fields.Field(column_name="mis à jour le")
    demo = fields.Field(column_name="démonstration")
    page = fields.Field(column_name="adresse de la page")

    class Meta:
        model = DataCentre
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS

    def dehydrate_kind(self, centre):
        return centre.get_kind_display()

    def dehydrate_operator(self, centre):
        return centre.operator_name

    def dehydrate_sector(self, centre):
        return centre.get_sector_display()

    def dehydrate_commune_code(self, centre):
        return centre.commune.code

    def dehydrate_commune(self, centre):
        return centre.commune.name

    def dehydrate_department(self, centre):
        return centre.commune.department.name

    def dehydrate_services(self, centre):
        return ", ".join(centre.service_labels)

    def dehydrate_certifications(self, centre):
        labels = dict(DataCentre.Certification.choices)
        return ", ".join(labels.get(value, value) for value in centre.certifications)

    def dehydrate_tier(self, centre):
        return centre.get_tier_display() if centre.tier else ""

    def dehydrate_updated_at(self, centre):
        return timezone.localtime(centre.updated_at).date().isoformat()

    def dehydrate_demo(self, centre):
        return "oui" if centre.is_demo else "non"

    def dehydrate_page(self, centre):
        return settings.SITE_URL + centre.get_absolute_url()
