import django_filters
from django.db.models import F
from django_filters.constants import EMPTY_VALUES

from ..mobile.selectors import well_covered_by
from ..models import EPCI, Department, Operator, Zone

COVERAGE_4G = [
    ("sans", "Sans bonne couverture par au moins un opérateur"),
    ("avec", "Bonne couverture par au moins un opérateur"),
]


class RankingOrder(django_filters.OrderingFilter):
    """The table's orders, communes without a figure last whichever the direction, and
    ties in the order of their code (so that pages never share or skip a row)."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = F(self.param_map[param[1:] if descending else param])
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = [self.get_ordering_value(param) for param in value if param not in EMPTY_VALUES]
        return qs.order_by(*ordering, "commune_id")


class CommuneRankingFilter(django_filters.FilterSet):
    """Filters of the ranked table of communes (on ``for_ranking()`` rows)."""

    departement = django_filters.ModelChoiceFilter(
        field_name="commune__department",
        queryset=Department.objects.all(),
        label="Département",
        empty_label="Tous les départements",
    )
    epci = django_filters.ModelChoiceFilter(
        field_name="commune__epci",
        queryset=EPCI.objects.only("siren", "name"),
        label="Intercommunalité",
        empty_label="Toutes les intercommunalités",
    )
    zone = django_filters.ChoiceFilter(
        choices=Zone.choices, label="Zone de déploiement", empty_label="Toutes les zones"
    )
    ftth_min = django_filters.NumberFilter(
        field_name="ftth_coverage", lookup_expr="gte", label="Part raccordable FttH, au moins (%)"
    )
    ftth_max = django_filters.NumberFilter(
        field_name="ftth_coverage", lookup_expr="lte", label="Part raccordable FttH, au plus (%)"
    )
    share_30_min = django_filters.NumberFilter(
        field_name="share_30", lookup_expr="gte", label="Part ≥ 30 Mbit/s, au moins (%)"
    )
    share_30_max = django_filters.NumberFilter(
        field_name="share_30", lookup_expr="lte", label="Part ≥ 30 Mbit/s, au plus (%)"
    )
    population_min = django_filters.NumberFilter(
        field_name="commune__population", lookup_expr="gte", label="Population, au moins"
    )
    population_max = django_filters.NumberFilter(
        field_name="commune__population", lookup_expr="lte", label="Population, au plus"
    )
    couverture_4g = django_filters.ChoiceFilter(
        choices=COVERAGE_4G,
        method="filter_coverage_4g",
        label="Couverture 4G",
        empty_label="Toutes les communes",
    )
    operateur_4g = django_filters.ChoiceFilter(
        choices=Operator.choices,
        method="filter_operator_4g",
        label="Bonne couverture 4G par l'opérateur",
        empty_label="Tous les opérateurs",
    )
    sites_min = django_filters.NumberFilter(
        field_name="mobile_sites", lookup_expr="gte", label="Sites mobiles, au moins"
    )
    sites_max = django_filters.NumberFilter(
        field_name="mobile_sites", lookup_expr="lte", label="Sites mobiles, au plus"
    )
    order = RankingOrder(
        fields=(
            ("share_30", "part_30"),
            ("share_1000", "part_1g"),
            ("ftth_coverage", "part_ftth"),
            ("commune__population", "population"),
            ("commune__name", "nom"),
            ("mobile_4g", "part_4g"),
            ("mobile_4g_operators", "operateurs_4g"),
            ("mobile_5g", "part_5g"),
            ("mobile_sites", "sites"),
            ("mobile_targeted", "sites_cibles"),
        ),
        field_labels={
            "share_30": "Part ≥ 30 Mbit/s",
            "share_1000": "Part ≥ 1 Gbit/s",
            "ftth_coverage": "Part raccordable FttH",
            "commune__population": "Population",
            "commune__name": "Nom",
            "mobile_4g": "Bonne couverture 4G, meilleur opérateur",
            "mobile_4g_operators": "Opérateurs en bonne couverture 4G",
            "mobile_5g": "Bonne couverture 5G, meilleur opérateur",
            "mobile_sites": "Sites mobiles",
            "mobile_targeted": "Sites de couverture ciblée",
        },
        label="Trier par",
        empty_label="Part ≥ 30 Mbit/s, de la plus faible à la plus forte",
    )

    def filter_coverage_4g(self, queryset, name, value):
        """Communes that no operator (``sans``), or at least one (``avec``), covers
        well in 4G; communes without coverage figures are in neither."""
        if value == "sans":
            return queryset.filter(mobile_4g_operators=0)
        return queryset.filter(mobile_4g_operators__gte=1)

    def filter_operator_4g(self, queryset, name, value):
        return queryset.filter(well_covered_by(value))
