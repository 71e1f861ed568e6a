"""The CSV and XLSX exports of the public list of aides (django-import-export; the
cells are written by ``scoran.lib.exports``, formulas neutralised)."""

from django.conf import settings
from django.utils import timezone
from import_export import fields, resources

from ..models import Funding

EXPORT_COLUMNS = (
    "name", "summary", "funders", "kinds", "beneficiaries", "territory", "orientations",
    "subsidy_rates", "amount_min", "amount_max", "recurrence", "opens_on", "deadline",
    "application_url", "information_url", "contact", "source", "updated_at", "url",
)  # fmt: skip


def _euros(amount) -> str:
    return f"{amount:.2f}" if amount is not None else ""


def _labels(values, choices) -> str:
    labels = dict(choices)
    return ", ".join(labels.get(value, value) for value in values)


class FundingExportResource(resources.ModelResource):
    """One line per aide of the filtered public list (rows from ``for_export()``: no
    query per row), with French headers."""

    name = fields.Field(attribute="name", column_name="nom")
    summary = fields.Field(attribute="summary", column_name="résumé")
    funders = fields.Field(column_name="financeurs")
    kinds = fields.Field(column_name="natures")
    beneficiaries = fields.Field(column_name="bénéficiaires")
    # Codes, for reuse: FR (national), R27, D21 (INSEE), E + SIREN of an EPCI, C + commune.
    territory = fields.Field(
        column_name="territoire (FR national, R région, D département, E EPCI, C commune)"
    )
    orientations = fields.Field(column_name="orientations")
    subsidy_rates = fields.Field(column_name="taux de subvention (%)")
    amount_min = fields.Field(column_name="montant minimal (€)")
    amount_max = fields.Field(column_name="montant maximal (€)")
    recurrence = fields.Field(column_name="récurrence")
    opens_on = fields.Field(column_name="ouverture")
    deadline = fields.Field(column_name="prochaine date limite")
    application_url = fields.Field(attribute="application_url", column_name="dépôt")
    information_url = fields.Field(attribute="information_url", column_name="information")
    contact = fields.Field(attribute="contact", column_name="contact")
    source = fields.Field(column_name="source")
    updated_at = fields.Field(column_name="mis à jour le")
    url = fields.Field(column_name="adresse de la page")

    class Meta:
        model = Funding
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS

    def dehydrate_funders(self, funding):
        return ", ".join(funding.all_funder_names)

    def dehydrate_kinds(self, funding):
        return _labels(funding.kinds, Funding.Kind.choices)

    def dehydrate_beneficiaries(self, funding):
        return _labels(funding.beneficiaries, Funding.Beneficiary.choices)

    def dehydrate_territory(self, funding):
        return ", ".join(funding.territory_keys)

    def dehydrate_orientations(self, funding):
        return ", ".join(str(o.number) for o in funding.orientations.all())

    def dehydrate_subsidy_rates(self, funding):
        low, high = funding.subsidy_rate_min, funding.subsidy_rate_max
        if low is None and high is None:
            return ""
        return f"{low if low is not None else ''}–{high if high is not None else ''}"

    def dehydrate_amount_min(self, funding):
        return _euros(funding.amount_min)

    def dehydrate_amount_max(self, funding):
        return _euros(funding.amount_max)

    def dehydrate_recurrence(self, funding):
        return funding.get_recurrence_display()

    def dehydrate_opens_on(self, funding):
        opening = funding.next_opening()
        return opening.isoformat() if opening else ""

    def dehydrate_deadline(self, funding):
        deadline = funding.next_deadline()
        return deadline.isoformat() if deadline else ""

    def dehydrate_source(self, funding):
        return funding.licence or (
            "Saisie sur l'Espace SCORAN BFC" if not funding.source_id else ""
        )

    def dehydrate_updated_at(self, funding):
        return timezone.localtime(funding.updated_at).date().isoformat()

    def dehydrate_url(self, funding):
        return settings.SITE_URL + funding.get_absolute_url()
