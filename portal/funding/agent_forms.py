"""The agents' form of an aide and its sessions (dates) formset."""

import re

from django import forms

from directory.models import Organisation
from observatories.models import EPCI, Commune, Department, Region
from observatories.models.territories import INSEE_COMMUNE
from scoran.lib.fields import WebAddressFormField
from strategy.models import Orientation

from ..models import Funding
from .services import CONTENT_FIELDS


class CommuneCodesField(forms.CharField):
    """Communes typed as INSEE codes separated by commas or spaces."""

    def clean(self, value):
        text = super().clean(value) or ""
        codes = [code.upper() for code in re.split(r"[\s,;]+", text) if code]
        wrong = [code for code in codes if not re.fullmatch(INSEE_COMMUNE, code)]
        if wrong:
            raise forms.ValidationError(
                "« %(code)s » n'est pas un code INSEE de commune "
                "(5 caractères, par exemple 21231).",
                params={"code": wrong[0]},
            )
        found = list(Commune.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {c.code for c in found})
        if missing:
            raise forms.ValidationError(
                "Aucune commune du référentiel n'a le code « %(code)s ».",
                params={"code": missing[0]},
            )
        return found


class FundingForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Structure qui tient l'aide à jour",
        empty_label=None,
    )
    name = forms.CharField(label="Nom de l'aide", max_length=250)
    summary = forms.CharField(
        label="Résumé", max_length=400, help_text="Une ou deux phrases, montrées dans les listes."
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea, help_text="Markdown."
    )
    funder_names = forms.CharField(
        label="Financeurs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Un par ligne (Union européenne, État, Région…).",
    )
    kinds = forms.MultipleChoiceField(
        label="Nature de l'aide", choices=Funding.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    beneficiaries = forms.MultipleChoiceField(
        label="Bénéficiaires",
        choices=Funding.Beneficiary.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_national = forms.BooleanField(label="Aide ouverte dans toute la France", required=False)
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.all(), label="Régions", required=False
    )
    departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.all(), label="Départements", required=False
    )
    epcis = forms.ModelMultipleChoiceField(
        queryset=EPCI.objects.all(), label="Intercommunalités", required=False
    )
    communes = CommuneCodesField(
        label="Communes (codes INSEE)",
        required=False,
        help_text="Séparés par des virgules, par exemple : 21231, 25056.",
    )
    orientations = forms.ModelMultipleChoiceField(
        queryset=Orientation.objects.all(),
        label="Orientations de la stratégie",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subsidy_rate_min = forms.IntegerField(
        label="Taux de subvention minimal (%)", min_value=0, max_value=100, required=False
    )
    subsidy_rate_max = forms.IntegerField(
        label="Taux de subvention maximal (%)", min_value=0, max_value=100, required=False
    )
    amount_min = forms.DecimalField(
        label="Montant minimal (€)", min_value=0, max_digits=14, decimal_places=2, required=False
    )
    amount_max = forms.DecimalField(
        label="Montant maximal (€)", min_value=0, max_digits=14, decimal_places=2, required=False
    )
    recurrence = forms.ChoiceField(label="Récurrence", choices=Funding.Recurrence.choices)
    application_url = WebAddressFormField(
        label="Adresse de dépôt", required=False, max_length=500, assume_scheme="https"
    )
    information_url = WebAddressFormField(
        label="Adresse d'information", required=False, max_length=500, assume_scheme="https"
    )
    contact = forms.CharField(
        label="Contact",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Un service ou une adresse de fonction : il est publié.",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        if len(organisations) == 1:
            self.fields["owner"].initial = organisations[0].pk

    @staticmethod
    def initial_of(funding: Funding) -> dict:
        initial = {field: getattr(funding, field) for field in CONTENT_FIELDS}
        initial.update(
            owner=funding.owner_id,
            regions=list(funding.regions.all()),
            departments=list(funding.departments.all()),
            epcis=list(funding.epcis.all()),
            communes=", ".join(funding.communes.values_list("code", flat=True)),
            orientations=list(funding.orientations.all()),
        )
        return initial

    def clean(self):
        data = super().clean()
        low, high = data.get("subsidy_rate_min"), data.get("subsidy_rate_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "subsidy_rate_max", "Le taux maximal ne peut pas être inférieur au minimal."
            )
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "amount_max", "Le montant maximal ne peut pas être inférieur au minimal."
            )
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        values = {field: data[field] for field in CONTENT_FIELDS if field in data}
        for blank in ("description", "funder_names", "application_url", "information_url"):
            values[blank] = values.get(blank) or ""
        values.update(
            regions=data["regions"],
            departments=data["departments"],
            epcis=data["epcis"],
            communes=data["communes"] or [],
            orientations=data["orientations"],
        )
        return values


class SessionForm(forms.Form):
    opens_on = forms.DateField(
        label="Ouverture", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    deadline = forms.DateField(
        label="Date limite de dépôt",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        opens_on, deadline = data.get("opens_on"), data.get("deadline")
        if opens_on and deadline and deadline < opens_on:
            self.add_error("deadline", "La date limite ne peut pas précéder l'ouverture.")
        return data


SessionFormSet = forms.formset_factory(SessionForm, extra=1, max_num=20, validate_max=True)


def session_items(formset) -> list[dict]:
    """The sessions filled in (an empty row is ignored)."""
    return [
        {
            "opens_on": form.cleaned_data.get("opens_on"),
            "deadline": form.cleaned_data.get("deadline"),
        }
        for form in formset
        if form.cleaned_data
        and (form.cleaned_data.get("opens_on") or form.cleaned_data.get("deadline"))
    ]
