"""Exports (django-import-export): the columns of the ranked table of communes."""

from import_export import fields, resources

from .models import CommuneFixedStats

COLUMNS = (
    "code", "name", "department", "epci", "population", "premises", "share_30", "share_1000",
    "edition",
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
    edition = fields.Field(attribute="edition", column_name="date des données")

    class Meta:
        model = CommuneFixedStats
        fields = COLUMNS
        export_order = COLUMNS

    def dehydrate_share_30(self, row):
        return round(row.share_30, 1) if row.share_30 is not None else ""

    def dehydrate_share_1000(self, row):
        return round(row.share_1000, 1) if row.share_1000 is not None else ""
