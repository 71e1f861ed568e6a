"""The agent's form of a field report. The model's fields give labels, limits and
checks; the commune and the point reuse the interconnection request's fields (a
commune typed by name or INSEE code, a point typed or placed with
``static/js/point-picker.js``, inside the region). Everything works without
JavaScript: the map only helps to type a point."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ..interconnection.forms import CommuneField, RegionPointFields
from ..models import FieldReport

# How far back an observation may be reported.
OLDEST = datetime.timedelta(days=3 * 366)
FIELDS = [
    "commune",
    "address",
    "latitude",
    "longitude",
    "operators",
    "technology",
    "usage",
    "observed_on",
    "observed_time",
    "description",
    "signal_dbm",
    "download_mbps",
    "upload_mbps",
]


class ReportForm(RegionPointFields, forms.ModelForm):
    organisation = forms.TypedChoiceField(
        label="Structure",
        coerce=int,
        error_messages={"invalid_choice": "Choisissez une structure dont vous êtes membre."},
    )
    commune = CommuneField(
        label="Commune", help_text="Son nom ou son code INSEE, par exemple Dijon ou 21231."
    )

    class Meta:
        model = FieldReport
        fields = FIELDS
        widgets = {
            "technology": forms.RadioSelect,
            "usage": forms.RadioSelect,
            "observed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "observed_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 5}),
            "signal_dbm": forms.NumberInput(attrs={"step": 1}),
            "download_mbps": forms.NumberInput(attrs={"step": "0.01"}),
            "upload_mbps": forms.NumberInput(attrs={"step": "0.01"}),
        }
        error_messages = {
            "operators": {
                "required": "Cochez au moins un opérateur.",
                "invalid_choice": "Choisissez parmi Orange, SFR, Free Mobile et Bouygues Telecom.",
            },
            "technology": {"invalid_choice": "Choisissez 2G, 3G, 4G ou 5G."},
            "usage": {"invalid_choice": "Choisissez un usage de la liste."},
        }

    field_order = ["organisation", *FIELDS]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        # The person's organisations, already read: no query to list or check them.
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        choices = [(organisation.pk, organisation.name) for organisation in organisations]
        if len(choices) > 1:
            choices.insert(0, ("", "Choisir une structure"))
        self.fields["organisation"].choices = choices
        self.fields["technology"].choices = FieldReport.Technology.choices
        self.fields["usage"].choices = FieldReport.Usage.choices
        self.fields["operators"].error_messages.update(self.Meta.error_messages["operators"])

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]

    def clean_observed_on(self):
        day = self.cleaned_data["observed_on"]
        today = timezone.localdate()
        if day > today:
            raise ValidationError("Cette date est à venir : indiquez le jour du constat.")
        if day < today - OLDEST:
            raise ValidationError("Ce constat a plus de trois ans : signalez un constat récent.")
        return day

    def clean(self):
        data = super().clean()
        day, time = data.get("observed_on"), data.get("observed_time")
        if day == timezone.localdate() and time and time > timezone.localtime().time():
            self.add_error(
                "observed_time", "Cette heure est à venir : indiquez l'heure du constat."
            )
        self.check_point(data)
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in FIELDS}


class MergeForm(forms.Form):
    """The admin's « Fusionner avec un doublon »: the number of the report kept."""

    into = forms.IntegerField(
        label="Numéro de la remontée conservée",
        min_value=1,
        error_messages={"invalid": "Indiquez le numéro d'une remontée (des chiffres)."},
    )
    message = forms.CharField(
        label="Message à la personne qui l'a signalée (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )

    def clean_into(self):
        number = self.cleaned_data["into"]
        kept = FieldReport.objects.filter(pk=number).first()
        if kept is None:
            raise ValidationError(f"Aucune remontée ne porte le n° {number}.")
        return kept
