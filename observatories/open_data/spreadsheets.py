"""Exports of the collectivités' open data (CSV and XLSX as shown, through
``scoran.lib.exports``: a name or an address from the file is data, never a formula)."""

from import_export import fields, resources

from ..models import CollectivityOpenData

COLUMNS = (
    "siren", "name", "kind", "department", "population", "over_threshold", "platform_url",
    "platform_datasets", "datagouv_datasets", "publishes", "edition", "source",
)  # fmt: skip


def yes_no(value: bool) -> str:
    return "oui" if value else "non"


class CollectivityResource(resources.ModelResource):
    """A collectivité per row; rows ``for_list()``."""

    siren = fields.Field(attribute="siren", column_name="SIREN")
    name = fields.Field(attribute="name", column_name="collectivité")
    kind = fields.Field(attribute="get_kind_display", column_name="type")
    department = fields.Field(attribute="department__name", column_name="département")
    population = fields.Field(attribute="population", column_name="population INSEE")
    over_threshold = fields.Field(column_name="plus de 3 500 habitants")
    platform_url = fields.Field(attribute="platform_url", column_name="plateforme open data")
    platform_datasets = fields.Field(
        attribute="platform_datasets", column_name="jeux de données sur la plateforme"
    )
    datagouv_datasets = fields.Field(
        attribute="datagouv_datasets", column_name="jeux de données sur data.gouv.fr"
    )
    publishes = fields.Field(column_name="publie au moins un jeu de données")
    edition = fields.Field(attribute="edition", column_name="édition")
    source = fields.Field(attribute="run__source__name", column_name="source")

    class Meta:
        model = CollectivityOpenData
        fields = COLUMNS
        export_order = COLUMNS

    def dehydrate_over_threshold(self, row):
        return yes_no(row.over_threshold)

    def dehydrate_publishes(self, row):
        return yes_no(row.publishes)
