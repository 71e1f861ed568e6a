"""Filters of the public list of aides; the exports and the feed use them too, so
that each shows exactly what the list shows.

Without a ``statut``, the list holds the aides that are not closed (open or still
to open), on the Paris local date. ``territoire`` takes an INSEE code (commune,
department), an EPCI's SIREN or a name of the referential, and finds the aides
covering it: a commune sees those of its EPCI, department, region and the
national ones (one overlap of ``territory_keys``, GIN-indexed).
"""

import re

import django_filters
from django import forms
from django.utils import timezone

from directory.models import Organisation
from observatories.models import EPCI, Commune, Department
from observatories.models.territories import INSEE_COMMUNE, INSEE_DEPARTMENT, SIREN
from scoran.lib.lists import SearchFilter
from strategy.models import Orientation

from ..models import Funding
from . import services

STATUSES = [
    ("ouvertes", "Ouvertes aujourd'hui"),
    ("bientot", "Clôture dans moins de 30 jours"),
    ("cloturees", "Clôturées"),
    ("toutes", "Toutes, clôturées comprises"),
]
TERRITORY_MAX_LENGTH = 100


class TerritoryField(forms.CharField):
    """A territory typed by code or name; cleaned to the keys its aides carry."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", TERRITORY_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        keys = territory_keys_for(text)
        if keys is None:
            raise forms.ValidationError(
                "« %(text)s » n'est ni un code INSEE de commune ou de département, ni un "
                "SIREN d'intercommunalité, ni le nom d'un territoire de la région.",
                code="unknown_territory",
                params={"text": text},
            )
        return keys


def territory_keys_for(text: str) -> list[str] | None:
    """The keys a territory typed as ``text`` sees (None: no such territory).
    A name shared by several communes is refused: the code says which."""
    if re.fullmatch(INSEE_COMMUNE, text.upper()):
        commune = Commune.objects.select_related("department").filter(code=text.upper()).first()
        return services.keys_of_commune(commune) if commune else None
    if re.fullmatch(INSEE_DEPARTMENT, text.upper()):
        department = Department.objects.filter(code=text.upper()).first()
        return services.keys_of_department(department) if department else None
    if re.fullmatch(SIREN, text):
        epci = EPCI.objects.filter(siren=text).first()
        return services.keys_of_epci(epci) if epci else None
    communes = list(Commune.objects.select_related("department").filter(name__iexact=text)[:2])
    if len(communes) == 1:
        return services.keys_of_commune(communes[0])
    if communes:
        return None
    if department := Department.objects.filter(name__iexact=text).first():
        return services.keys_of_department(department)
    if epci := EPCI.objects.filter(name__iexact=text).first():
        return services.keys_of_epci(epci)
    return None


class TerritoryFilter(django_filters.CharFilter):
    field_class = TerritoryField


class FundingFilter(django_filters.FilterSet):
    q = SearchFilter(label="Rechercher un mot, un financeur")
    territoire = TerritoryFilter(
        method="in_territory",
        label="Territoire (commune, intercommunalité, département : nom ou code)",
    )
    beneficiaire = django_filters.ChoiceFilter(
        choices=Funding.Beneficiary.choices,
        method="for_beneficiary",
        label="Bénéficiaire",
        empty_label="Tous les bénéficiaires",
    )
    nature = django_filters.ChoiceFilter(
        choices=Funding.Kind.choices,
        method="of_kind",
        label="Nature de l'aide",
        empty_label="Toutes les natures",
    )
    orientation = django_filters.ModelChoiceFilter(
        field_name="orientations",
        queryset=Orientation.objects.only("number", "title"),
        to_field_name="number",
        label="Orientation de la stratégie",
        empty_label="Toutes les orientations",
    )
    financeur = django_filters.ModelChoiceFilter(
        field_name="funders",
        queryset=Organisation.objects.published()
        .filter(funded_aids__state=Funding.State.PUBLISHED)
        .distinct()
        .only("slug", "name"),
        to_field_name="slug",
        label="Financeur",
        empty_label="Tous les financeurs",
    )
    statut = django_filters.ChoiceFilter(
        choices=STATUSES,
        method="by_status",
        label="Dates",
        empty_label="Non clôturées",
    )

    class Meta:
        model = Funding
        fields = []

    def in_territory(self, queryset, name, value):
        return queryset.covering(value) if value else queryset

    def for_beneficiary(self, queryset, name, value):
        return queryset.filter(beneficiaries__contains=[value])

    def of_kind(self, queryset, name, value):
        return queryset.filter(kinds__contains=[value])

    def by_status(self, queryset, name, value):
        return queryset  # applied in ``filter_queryset``, on the Paris date

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        day = timezone.localdate()
        match self.form.cleaned_data.get("statut"):
            case "ouvertes":
                return queryset.open_on(day)
            case "bientot":
                return queryset.closing_soon(day)
            case "cloturees":
                return queryset.closed_on(day)
            case "toutes":
                return queryset
        return queryset.current(day)
