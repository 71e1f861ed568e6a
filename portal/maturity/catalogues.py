"""What the maturity self-assessment offers the site: its section (the presentation,
with the public results below it on the site map and in the sitemap), and the
contacts respondents chose to leave, a person's data (an address typed in a form,
not a link to an account: found by its value, exported and erased with an account of
the same address). The answers themselves hold nothing of a person."""

from django.urls import reverse

from scoran.lib.catalogues import (
    PERSONAL_DATA,
    SITE_SECTIONS,
    OnDelete,
    PersonalData,
    SiteSection,
    isoformat,
)

from ..models import MaturityContact


def _public_pages() -> list[tuple[str, str]]:
    return [("Résultats par département, secteur et effectif", reverse("maturity:results"))]


SECTION = SiteSection(
    key="maturite",
    title="Maturité numérique des entreprises et associations",
    url_name="maturity:home",
    description="Un autodiagnostic anonyme en vingt questions, avec un résultat immédiat et "
    "les ressources, aides, lieux et événements qui vous correspondent ; les résultats "
    "agrégés par département, secteur et effectif.",
    order=73,
    sitemap=lambda: [reverse("maturity:results")],
    pages=_public_pages,
)


def _contacts(user) -> list[dict]:
    contacts = MaturityContact.objects.filter(email__iexact=user.email).select_related("answer")
    return [
        {
            "adresse": contact.email,
            "consentement": contact.consent,
            "donne_le": isoformat(contact.consented_at),
            "resultat": contact.answer.get_absolute_url(),
        }
        for contact in contacts.order_by("pk")
    ]


def _erase_contacts(user) -> None:
    """The answers stay, anonymous, in the aggregates; the contacts go."""
    MaturityContact.objects.filter(email__iexact=user.email).delete()


PERSONAL = PersonalData(
    key="maturite_numerique",
    fields={"portal.MaturityContact.email": OnDelete.ERASE},
    export=_contacts,
    erase=_erase_contacts,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    PERSONAL_DATA.register(PERSONAL.key, PERSONAL)
