"""The figures of a territory as the API gives them: the stored sums its
``/territoires/`` page reads (fixed eligibility, FttH deployment) and the strategy's
indicators for it, through the observatories' own selectors."""

from typing import NamedTuple

from django.conf import settings
from rest_framework import serializers

from observatories.fixed.selectors import latest_area, latest_commune
from observatories.ftth.selectors import area_deployment, commune_deployment
from observatories.mobile.selectors import territory_mobile
from observatories.models import EPCI, Commune, Department, Region
from observatories.models.areas import Level
from observatories.referential.selectors import scope_of, territory_indicators

from .serializers import IndicatorValueSerializer


class Key(NamedTuple):
    level: str
    code: str
    name: str


ELIGIBILITY = {
    "locaux": "premises",
    "ineligibles_haut_debit": "ineligible_hd",
    "eligibles_3_mbits": "eligible_3",
    "eligibles_8_mbits": "eligible_8",
    "eligibles_30_mbits": "eligible_30",
    "eligibles_100_mbits": "eligible_100",
    "eligibles_1_gbits": "eligible_1000",
}


class EligibilitySerializer(serializers.Serializer):
    edition = serializers.DateField()
    locaux = serializers.IntegerField()
    ineligibles_haut_debit = serializers.IntegerField()
    eligibles_3_mbits = serializers.IntegerField()
    eligibles_8_mbits = serializers.IntegerField()
    eligibles_30_mbits = serializers.IntegerField()
    eligibles_100_mbits = serializers.IntegerField()
    eligibles_1_gbits = serializers.IntegerField()
    source = serializers.CharField()


class QuarterSerializer(serializers.Serializer):
    trimestre = serializers.DateField()
    locaux_raccordables = serializers.IntegerField()
    locaux = serializers.IntegerField()


class FtthSerializer(serializers.Serializer):
    source = serializers.CharField()
    trimestres = QuarterSerializer(many=True)


class CoverageSerializer(serializers.Serializer):
    technologie = serializers.CharField()
    operateur = serializers.CharField()
    population_sans_couverture = serializers.FloatField(allow_null=True)
    population_couverture_limitee = serializers.FloatField(allow_null=True)
    population_bonne_couverture = serializers.FloatField(allow_null=True)
    population_tres_bonne_couverture = serializers.FloatField(allow_null=True)
    surface_sans_couverture = serializers.FloatField(allow_null=True)
    surface_couverture_limitee = serializers.FloatField(allow_null=True)
    surface_bonne_couverture = serializers.FloatField(allow_null=True)
    surface_tres_bonne_couverture = serializers.FloatField(allow_null=True)


class MobileSerializer(serializers.Serializer):
    edition = serializers.DateField(allow_null=True)
    couverture = CoverageSerializer(many=True)


class TerritoryIndicatorSerializer(serializers.Serializer):
    identifiant = serializers.IntegerField()
    nom = serializers.CharField()
    valeurs = IndicatorValueSerializer(many=True)


class TerritorySerializer(serializers.Serializer):
    niveau = serializers.ChoiceField(choices=["commune", "epci", "department", "region"])
    code = serializers.CharField()
    nom = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    departements = serializers.ListField(child=serializers.CharField())
    url = serializers.URLField()
    eligibilite = EligibilitySerializer(allow_null=True)
    fibre = FtthSerializer(allow_null=True)
    mobile = MobileSerializer()
    indicateurs = TerritoryIndicatorSerializer(many=True)


def _source(run) -> str:
    source = getattr(run, "source", None)
    return str(source) if source else ""


def _eligibility(stats) -> dict | None:
    if stats is None:
        return None
    return {
        "edition": stats.edition,
        **{name: getattr(stats, field) for name, field in ELIGIBILITY.items()},
        "source": _source(stats.run),
    }


def _ftth(deployment) -> dict | None:
    if deployment is None:
        return None
    return {
        "source": _source(deployment.run),
        "trimestres": [
            {
                "trimestre": point.quarter,
                "locaux_raccordables": point.connectable,
                "locaux": point.premises,
            }
            for point in deployment.points
        ],
    }


COVERAGE = {
    "sans_couverture": "none",
    "couverture_limitee": "limited",
    "bonne_couverture": "good",
    "tres_bonne_couverture": "very_good",
}


def _mobile(territory, key) -> dict:
    """The territory's 4G and 5G coverage by operator in the latest quarter, as its
    page reads it (``territory_mobile``, without the comparison with its parents)."""
    figures = territory_mobile(territory, key, [])
    return {
        "edition": figures["edition"],
        "couverture": [
            {
                "technologie": generation,
                "operateur": operator,
                **{
                    f"{measure}_{name}": getattr(row, f"{measure}_{field}")
                    for measure in ("population", "surface")
                    for name, field in COVERAGE.items()
                },
            }
            for generation, operators in figures["coverage"].items()
            for operator, row in operators.items()
        ],
    }


def _key(territory):
    """How the stored sums name a territory other than a commune."""
    if isinstance(territory, EPCI):
        return Key(Level.EPCI, territory.siren, territory.name)
    if isinstance(territory, Department):
        return Key(Level.DEPARTMENT, territory.code, territory.name)
    return Key(Level.REGION, territory.code, territory.name)


def _sums(territory):
    """The latest eligibility and the FttH series of the territory (2 to 4 queries)."""
    if isinstance(territory, Commune):
        return latest_commune(territory), commune_deployment(territory)
    key = _key(territory)
    return latest_area(key.level, key.code), area_deployment(key.level, key.code)


def territory_data(territory: Commune | EPCI | Department | Region, url: str) -> dict:
    """What the API says of one territory."""
    scope = scope_of(territory)
    key = None if isinstance(territory, Commune) else _key(territory)
    eligibility, deployment = _sums(territory)
    return {
        "niveau": scope.level,
        "code": scope.code,
        "nom": scope.name,
        "population": getattr(territory, "population", None),
        "departements": list(scope.department_codes),
        "url": settings.SITE_URL.rstrip("/") + url,
        "eligibilite": _eligibility(eligibility),
        "fibre": _ftth(deployment),
        "mobile": _mobile(territory, key and (key.level, key.code, key.name)),
        "indicateurs": [
            {
                "identifiant": figures.indicator.pk,
                "nom": figures.indicator.name,
                "valeurs": [value for row in figures.rows for value in row.values],
            }
            for figures in territory_indicators(scope)
        ],
    }
