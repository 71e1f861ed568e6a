"""Exports (django-import-export): the columns of the ranked table of communes."""

from import_export import fields, resources

from scoran.lib.text import quarter_label

from ..models import CommuneFixedStats


def percent(value: float | None):
    return round(value, 1) if value is not None else ""


COLUMNS = (
    "code", "name", "department", "epci", "population", "zone", "premises", "share_30",
    "share_1000", "ftth_coverage", "edition", "mobile_4g", "mobile_4g_operators",
    "mobile_5g", "mobile_sites", "mobile_targeted", "mobile_edition",
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
    mobile_4g = fields.Field(
        attribute="mobile_4g", column_name="bonne couverture 4G, meilleur opérateur (%)"
    )
    mobile_4g_operators = fields.Field(
        attribute="mobile_4g_operators", column_name="opérateurs en bonne couverture 4G"
    )
    mobile_5g = fields.Field(
        attribute="mobile_5g", column_name="bonne couverture 5G, meilleur opérateur (%)"
    )
    mobile_sites = fields.Field(attribute="mobile_sites", column_name="sites mobiles")
    mobile_targeted = fields.Field(
        attribute="mobile_targeted", column_name="sites de couverture ciblée (DCC)"
    )
    mobile_edition = fields.Field(
        attribute="mobile_edition", column_name="trimestre des données mobiles"
    )

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

    def dehydrate_mobile_4g(self, row):
        return percent(row.mobile_4g)

    def dehydrate_mobile_5g(self, row):
        return percent(row.mobile_5g)

    def dehydrate_mobile_edition(self, row):
        return quarter_label(row.mobile_edition) if row.mobile_edition else ""
