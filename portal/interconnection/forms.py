"""The agent's form of an interconnection request and its sites' formset. The model's
fields give labels, limits and checks; everything works without JavaScript (the map
only helps to type a point; a commune and an address always suffice)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from directory.projects.agent_forms import TerritoryField
from observatories.models import Commune
from observatories.referential.selectors import distance_from_commune

from ..models import InterconnectionRequest, InterconnectionSite
from ..models.interconnection import MAX_SITES

# Where a site's point may be: Bourgogne-Franche-Comté's bounding box, with a margin
# (latitudes, longitudes in WGS 84 degrees).
REGION_BOUNDS = ((46.0, 2.7), (48.5, 7.3))
# How far ahead a connection may be wished.
LATEST_DATE = datetime.timedelta(days=10 * 366)

TOO_MANY_SITES = (
    f"Une demande compte au plus {MAX_SITES} sites : déposez une seconde demande pour les suivants."
)
NO_SITE = "Indiquez au moins un site à raccorder."
OUTSIDE_REGION = (
    "Ce point est hors de Bourgogne-Franche-Comté : vérifiez la latitude et la longitude "
    "(en degrés décimaux)."
)
# How far outside its commune's outline a point may lie: the outlines are simplified
# (a few dozen points a commune), so a point just over the line is taken.
COMMUNE_MARGIN_KM = 1.0
OUTSIDE_COMMUNE = (
    "Ce point est à %(distance)s km de la commune de %(commune)s : vérifiez la commune, "
    "ou la latitude et la longitude."
)


class CommuneField(TerritoryField):
    """One commune of the region, typed by name or INSEE code (« Dijon », « 21231 » or
    « Dijon (21231) »): the projects' territory field, for a single commune."""

    def __init__(self, **kwargs):
        # data-point-commune: the map of a point beside it opens on the commune typed.
        attrs = {"autocomplete": "off", "data-point-commune": ""}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        kwargs.setdefault("max_length", 120)
        super().__init__(
            model=Commune, code_field="code", noun="communes", code_name="code INSEE", **kwargs
        )

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return self.label_of(value)
        return super().prepare_value(value)

    def clean(self, value):
        communes = super().clean(value)
        if len(communes) > 1:
            raise ValidationError("Un site est dans une seule commune : n'en indiquez qu'une.")
        if not communes and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return communes[0] if communes else None


class CoordinateField(forms.FloatField):
    """Decimal degrees, typed with a point or a comma (« 47,322 »); ``axis`` names the
    input for the map that helps to type them (``static/js/point-picker.js``)."""

    def __init__(self, *, axis: str, **kwargs):
        attrs = {"inputmode": "decimal", "autocomplete": "off", f"data-point-{axis}": ""}
        super().__init__(widget=forms.TextInput(attrs=attrs), **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class RegionPointFields(forms.Form):
    """An optional point, typed or placed on the map, that must lie in the region
    (``REGION_BOUNDS``) and, when the form names a commune (``commune``), in that
    commune's outline give or take ``COMMUNE_MARGIN_KM`` (when the commune has an
    outline): the form's ``clean`` calls ``check_point``."""

    latitude = CoordinateField(
        axis="latitude",
        label="Latitude",
        required=False,
        help_text="En degrés décimaux, par exemple 47,3220.",
    )
    longitude = CoordinateField(
        axis="longitude",
        label="Longitude",
        required=False,
        help_text="En degrés décimaux, par exemple 5,0415.",
    )

    def check_point(self, data: dict) -> None:
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if latitude is not None and longitude is not None:
            (south, west), (north, east) = REGION_BOUNDS
            if not (south <= latitude <= north and west <= longitude <= east):
                self.add_error("latitude", OUTSIDE_REGION)
            elif (commune := data.get("commune")) is not None:
                distance = distance_from_commune(commune, latitude, longitude)
                if distance is not None and distance > COMMUNE_MARGIN_KM:
                    self.add_error(
                        "latitude",
                        OUTSIDE_COMMUNE
                        % {
                            "distance": f"{distance:.1f}".replace(".", ","),
                            "commune": commune.name,
                        },
                    )


class RequestForm(forms.ModelForm):
    class Meta:
        model = InterconnectionRequest
        fields = [
            "organisation",
            "subject",
            "use",
            "use_detail",
            "capacity_mbps",
            "desired_date",
            "description",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "use": forms.RadioSelect,
            "desired_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 5}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "contact_email": "La personne que les réseaux d'initiative publique et la Région "
            "joindront ; elle reçoit un courriel à chaque étape.",
        }

    organisation = forms.TypedChoiceField(
        label="Structure demandeuse",
        coerce=int,
        error_messages={
            "invalid_choice": "Choisissez une structure publique dont vous êtes membre."
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        # The person's public organisations, already read: no query to list or check them.
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        choices = [(organisation.pk, organisation.name) for organisation in organisations]
        if len(choices) > 1:
            choices.insert(0, ("", "Choisir une structure"))
        self.fields["organisation"].choices = choices
        self.fields["use"].choices = InterconnectionRequest.Use.choices

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]

    def clean_desired_date(self):
        day = self.cleaned_data["desired_date"]
        today = timezone.localdate()
        if day < today:
            raise ValidationError("La date souhaitée est passée : indiquez une date à venir.")
        if day > today + LATEST_DATE:
            raise ValidationError("Indiquez une date dans les dix prochaines années.")
        return day


class SiteForm(RegionPointFields, forms.ModelForm):
    commune = CommuneField(
        label="Commune",
        required=True,
        help_text="Son nom ou son code INSEE, par exemple Dijon ou 21231.",
    )

    class Meta:
        model = InterconnectionSite
        fields = ["name", "address", "commune", "latitude", "longitude"]

    def clean(self):
        data = super().clean()
        self.check_point(data)
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class BaseSiteFormSet(forms.BaseFormSet):
    """Sites, blank rows ignored; at least one, at most ``MAX_SITES`` (French errors,
    a forged form count included)."""

    default_error_messages = {"too_many_forms": TOO_MANY_SITES, "too_few_forms": NO_SITE}

    def _construct_form(self, i, **kwargs):
        # Any row may stay blank (a row added and left empty): it is ignored.
        return super()._construct_form(i, **{**kwargs, "empty_permitted": True})

    def filled(self) -> list[SiteForm]:
        return [form for form in self.forms if form.has_changed()]

    def clean(self):
        super().clean()
        if not any(form.has_changed() for form in self.forms):
            raise ValidationError(NO_SITE, code="too_few_forms")

    def values(self) -> list[dict]:
        return [form.values() for form in self.filled()]


SiteFormSet = forms.formset_factory(
    SiteForm,
    formset=BaseSiteFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_SITES,
    absolute_max=MAX_SITES,
    validate_max=True,
)


def unbound_copy(form: forms.Form, **kwargs) -> forms.Form:
    """The form again, unbound, showing what was typed: a page shown again to add a
    row or the communes' figures, without errors for what is not typed yet."""
    return type(form)(initial={name: form[name].value() for name in form.fields}, **kwargs)


def unbound_sites(sites: BaseSiteFormSet, *, add: bool) -> BaseSiteFormSet:
    """The sites' formset again, unbound, with what was typed in its rows (blank rows
    dropped) and one more blank row when ``add`` (up to ``MAX_SITES``)."""
    rows = [
        {name: form[name].value() for name in form.fields}
        for form in sites.forms
        if form.has_changed()
    ]
    copy = SiteFormSet(initial=rows, prefix=sites.prefix)
    copy.extra = 1 if add else 0  # the formset caps the rows at MAX_SITES
    return copy


class WithdrawForm(forms.Form):
    """Why an agent withdraws a request: optional, kept in its history and e-mailed."""

    reason = forms.CharField(
        label="Raison du retrait (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Transmise à l'équipe d'animation et gardée dans l'historique de la demande.",
    )
