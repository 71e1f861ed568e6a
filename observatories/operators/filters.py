"""Filters of the networks and their wholesale offers, shared by the page and its
exports: text, department, commune, FttH zone and market.

``commune`` takes an INSEE code (a former code finds the commune that absorbed it)
or an exact name, and keeps the networks covering the commune: it, its EPCI or its
department in their territory."""

import re

import django_filters
from django import forms

from scoran.lib.lists import SearchFilter

from ..models import Commune, Department, Network
from ..models.operators import Market
from ..models.territories import INSEE_COMMUNE

COMMUNE_MAX_LENGTH = 100


def find_commune(text: str) -> Commune | None:
    """The commune of this code (current or former) or of this exact name (None when
    unknown, or when several communes share the name: the code says which)."""
    communes = Commune.objects.select_related("department").only(
        "code", "name", "epci_id", "department__code", "department__name"
    )
    if re.fullmatch(INSEE_COMMUNE, text.upper()):
        code = text.upper()
        return (
            communes.filter(code=code).first()
            or communes.filter(former_codes__contains=[code]).first()
        )
    named = list(communes.filter(name__iexact=text)[:2])
    return named[0] if len(named) == 1 else None


class CommuneField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", COMMUNE_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        commune = find_commune(text)
        if commune is None:
            raise forms.ValidationError(
                "« %(text)s » n'est ni le code INSEE ni le nom d'une commune de la région "
                "(le code départage les communes de même nom).",
                code="unknown_commune",
                params={"text": text},
            )
        return commune


class CommuneFilter(django_filters.CharFilter):
    field_class = CommuneField


class NetworkFilter(django_filters.FilterSet):
    q = SearchFilter(label="Réseau, maître d'ouvrage ou opérateur")
    departement = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(),
        method="in_department",
        label="Département",
        empty_label="Tous les départements",
    )
    commune = CommuneFilter(method="in_commune", label="Commune (nom ou code INSEE)")
    zone = django_filters.ChoiceFilter(
        choices=Network.Zone.choices, label="Zone de déploiement", empty_label="Toutes les zones"
    )
    marche = django_filters.ChoiceFilter(
        choices=Market.choices,
        method="with_market",
        label="Offre sur le marché",
        empty_label="Tous les marchés",
    )

    class Meta:
        model = Network
        fields = []

    def in_department(self, queryset, name, value):
        return queryset.covering_department(value.code) if value else queryset

    def in_commune(self, queryset, name, value):
        return queryset.covering(value) if value else queryset

    def with_market(self, queryset, name, value):
        return queryset.with_market(value) if value else queryset
