"""Exports (django-import-export): the columns of the ranked table of communes."""

from import_export import fields, resources

from ..models import CommuneFixedStats


def percent(value: float | None):
    return round(value, 1) if value is not None else ""


COLUMNS = (
    "code", "name", "department", "epci", "population", "zone", "premises", "share_30",
    "share_1000", "ftth_coverage", "edition",
)  # fmt: skip


class CommuneRankingResource(resources.ModelResource):
    code = fields.Field(attribute="commune__code", column_name="code INSEE")
    name = fields.Field(attribute="commune__name", column_name="commune")
    department = fields.Field(attribute="commune__department__name", column_name="département")
    epci = fields.Field(attribute="commune__epci__name", column_name="intercommunalité")
    population = fields.Field(attribute="commune__population", column_name="population")
    premises = fields.Field(attribute="premises", column_name="locaux")
    share_30 = fields.Field(attribute="share_30", column_name="part ≥ 30 Mbit/s (%)")
    share_1000 = fields.Field(attribute="share_1000", column_name="part ≥ 1 Gbit/s (%)")
    zone = fields.Field(attribute="zone_label", column_name="zone de déploiement FttH")
    ftth_coverage = fields.Field(attribute="ftth_coverage", column_name="part raccordable FttH (%)")
    edition = fields.Field(attribute="edition", column_name="date des données")

    class Meta:
        model = CommuneFixedStats
        fields = COLUMNS
        export_order = COLUMNS

    def dehydrate_share_30(self, row):
        return percent(row.share_30)

    def dehydrate_share_1000(self, row):
        return percent(row.share_1000)

    def dehydrate_ftth_coverage(self, row):
        return percent(row.ftth_coverage)
