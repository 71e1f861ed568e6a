import django_filters

from ..models import EPCI, Department, Zone


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
    order = django_filters.OrderingFilter(
        fields=(
            ("share_30", "part_30"),
            ("share_1000", "part_1g"),
            ("ftth_coverage", "part_ftth"),
            ("commune__population", "population"),
            ("commune__name", "nom"),
        ),
        field_labels={
            "share_30": "Part ≥ 30 Mbit/s",
            "share_1000": "Part ≥ 1 Gbit/s",
            "ftth_coverage": "Part raccordable FttH",
            "commune__population": "Population",
            "commune__name": "Nom",
        },
        label="Trier par",
        empty_label="Part ≥ 30 Mbit/s, de la plus faible à la plus forte",
    )
