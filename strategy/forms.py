"""The curators' form of an indicator's value (admin): one value per territory and
year, with its unit, the date of the data and its source."""

from django import forms
from django.utils import timezone

from scoran.lib.fields import WebAddressFormField

from .measures import is_computed, registered, territories
from .models import FIRST_YEAR, Indicator, IndicatorValue

SHARE = "%"
COUNT = "nombre"
UNITS = [(COUNT, "nombre"), (SHARE, "part (%)")]
MAX_VALUE = 1_000_000_000  # more than any count of the region


def territory_choices() -> list[tuple[str, str]]:
    """``level:code`` → name, the region first (1 query)."""
    return [(f"{level}:{code}", name) for level, code, name in territories()]


class IndicatorValueForm(forms.ModelForm):
    territory = forms.ChoiceField(label="Territoire")
    kind = forms.ChoiceField(label="Unité", choices=UNITS, initial=COUNT)
    source_url = WebAddressFormField(
        label="Adresse de la source", required=False, assume_scheme="https", max_length=500
    )

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "territory", "year", "value", "kind", "edition", "source"]
        fields += ["source_url", "demo"]
        help_texts = {
            "year": "L'année que décrit la valeur.",
            "edition": "Date de publication ou d'extraction des données.",
            "source": "Qui publie la donnée : « Hub France Connectée, bilan 2024 ».",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].choices = territory_choices()
        if "indicator" in self.fields:
            self.fields["indicator"].queryset = Indicator.objects.exclude(measure__in=registered())
        if self.instance.pk:
            self.initial["territory"] = f"{self.instance.level}:{self.instance.code}"
            self.initial["kind"] = SHARE if self.instance.unit == SHARE else COUNT

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if not FIRST_YEAR <= year <= this_year:
            raise forms.ValidationError(
                f"L'année doit être comprise entre {FIRST_YEAR} et {this_year}."
            )
        return year

    def clean_edition(self):
        edition = self.cleaned_data["edition"]
        if edition > timezone.localdate():
            raise forms.ValidationError("La date des données ne peut pas être dans le futur.")
        return edition

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value < 0:
            raise forms.ValidationError("La valeur ne peut pas être négative.")
        if value > MAX_VALUE:
            raise forms.ValidationError("La valeur est trop grande pour cet indicateur.")
        return value

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator") or getattr(self.instance, "indicator", None)
        if indicator is not None and is_computed(indicator):
            raise forms.ValidationError(
                "Les valeurs de cet indicateur sont calculées à partir des données "
                "importées : elles ne se saisissent pas."
            )
        value, year, edition = cleaned.get("value"), cleaned.get("year"), cleaned.get("edition")
        if cleaned.get("kind") == SHARE and value is not None and value > 100:
            self.add_error("value", "Une part ne peut pas dépasser 100 %.")
        if year and edition and edition.year < year:
            self.add_error(
                "edition", f"La date des données ne peut pas précéder l'année décrite ({year})."
            )
        if indicator is not None and year and cleaned.get("territory"):
            self._check_unique(indicator, year, cleaned["territory"])
        return cleaned

    def _check_unique(self, indicator, year: int, territory: str) -> None:
        level, code = territory.split(":", 1)
        taken = IndicatorValue.objects.filter(
            indicator=indicator, series="", level=level, code=code, year=year
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            self.add_error(
                "year", "Une valeur existe déjà pour ce territoire et cette année : modifiez-la."
            )

    def save(self, commit=True):
        value = super().save(commit=False)
        names = dict(territory_choices())
        territory = self.cleaned_data["territory"]
        value.level, value.code = territory.split(":", 1)
        value.label = names[territory]
        value.unit = SHARE if self.cleaned_data["kind"] == SHARE else ""
        value.period = str(value.year)
        value.origin = IndicatorValue.Origin.ENTERED
        if commit:
            value.save()
        return value
