"""A respondent's result: the score and level of each dimension with its advice, the
portal's matching content (published items only), the optional contact (opt-in,
withdrawn, in the personal-data catalogue) and its pinned queries."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from portal.maturity import services
from portal.maturity.forms import CONSENT
from portal.maturity.questionnaire import DIMENSIONS, level_of, scores
from portal.models import Funding, MaturityAnswer, MaturityContact
from scoran.lib.catalogues import erase_personal_data, export_personal_data
from tests.conftest import h1_texts
from tests.directory.factories import make_organisation, make_place, make_user
from tests.portal.agenda.factories import make_event
from tests.portal.factories import make_resource_row
from tests.portal.funding.factories import make_funding

from .factories import all_answers, make_answer

pytestmark = pytest.mark.django_db

SECURE = ["Utilisation sécurisée du numérique"]
# The publics of the resources and events a company or an association is shown.
FOR_BOTH = {"audiences": ["entreprises", "associations"]}


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


def result_html(client, answer) -> str:
    response = client.get(answer.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response.content.decode()


def test_scores_and_levels_per_dimension():
    answers = all_answers(3)
    assert scores(answers) == {dimension.key: 100 for dimension in DIMENSIONS}
    answers.update({question.key: "0" for question in DIMENSIONS[3].questions})
    answers.update(dict.fromkeys([q.key for q in DIMENSIONS[1].questions][:2], "1"))
    computed = scores(answers)
    assert computed["securite"] == 0 and computed["presence"] == 67  # (1+1+3+3)/12
    assert [level_of(n).label for n in (0, 39, 40, 69, 70, 100)] == [
        "Premiers pas",
        "Premiers pas",
        "En progression",
        "En progression",
        "Avancé",
        "Avancé",
    ]


def test_the_result_shows_each_dimension_with_its_level_and_advice(client, small_region):
    answer = make_answer(points=1)  # 33 everywhere
    MaturityAnswer.objects.filter(pk=answer.pk).update(security_score=85)
    answer.refresh_from_db()
    html = result_html(client, answer)
    assert h1_texts(html) == ["Votre résultat"]
    assert '<meta name="robots" content="noindex">' in html
    assert "Sécurité : 85 sur 100, avancé" in html
    assert "Équipement et connectivité : 33 sur 100, premiers pas" in html
    assert DIMENSIONS[3].advice["avance"].replace("'", "&#x27;") in html
    assert DIMENSIONS[0].advice["premiers-pas"].replace("'", "&#x27;") in html


def test_an_unknown_result_is_a_404(client, small_region):
    url = reverse("maturity:result", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


def in_besancon(place):
    type(place).objects.filter(pk=place.pk).update(commune_id="25056")
    return place


@pytest.fixture
def content(small_region):
    author = make_organisation("Agence numérique")
    in_a_week = timezone.now() + datetime.timedelta(days=7)
    return {
        "resource": make_resource_row("Guide de la cybersécurité des TPE", author, **FOR_BOTH),
        "for_authorities": make_resource_row(  # collectivités only (the factory's)
            "Cybersécurité des mairies", author
        ),
        "for_everyone": make_resource_row(
            "La sauvegarde expliquée à tous", author, audiences=["grand-public"]
        ),
        "draft": make_resource_row("Sauvegarde : brouillon", author, state="draft"),
        "aid": make_funding(
            "Chèque site internet",
            beneficiaries=[Funding.Beneficiary.COMPANIES],
            regions=["27"],
        ),
        "aid_for_associations": make_funding(
            "Fonds pour un site web associatif",
            beneficiaries=[Funding.Beneficiary.ASSOCIATIONS],
            regions=["27"],
        ),
        "aid_elsewhere": make_funding(
            "Chèque site internet breton",
            beneficiaries=[Funding.Beneficiary.COMPANIES],
            departments=["25"],
        ),
        "event": make_event(
            "Atelier sauvegarde des données", author, start=in_a_week, audiences=["entreprises"]
        ),
        "event_for_any_public": make_event(
            "Webinaire cybersécurité", author, start=in_a_week, audiences=[]
        ),
        "event_for_authorities": make_event(
            "Atelier sauvegarde des mairies", author, start=in_a_week
        ),
        "cancelled_event": make_event(
            "Atelier sauvegarde annulé", author, start=in_a_week, status="annule", **FOR_BOTH
        ),
        "past_event": make_event(
            "Atelier sauvegarde d'hier", author, start=timezone.now() - datetime.timedelta(days=9)
        ),
        "place": make_place("Espace numérique de Dijon", services=SECURE),
        "place_elsewhere": in_besancon(make_place("Espace numérique de Besançon", services=SECURE)),
        "hidden_place": make_place("Lieu non publié", services=SECURE, published=False),
    }


def test_the_result_links_the_portals_matching_published_content(client, content):
    html = result_html(client, make_answer(department="21", kind="entreprise"))
    security = html.split('id="securite"', 1)[1].split("</section>", 1)[0]
    for shown in ("resource", "for_everyone", "event", "event_for_any_public"):
        assert content[shown].get_absolute_url() in security, shown
    assert content["place"].get_absolute_url() in security
    presence = html.split('id="presence"', 1)[1].split("</section>", 1)[0]
    assert content["aid"].get_absolute_url() in presence
    for hidden in (
        "draft",
        "aid_for_associations",  # an association's aide, for a company
        "aid_elsewhere",  # the Doubs', for a respondent of Côte-d'Or
        "for_authorities",  # a resource meant for collectivités only
        "event_for_authorities",
        "past_event",
        "cancelled_event",
        "place_elsewhere",
        "hidden_place",
    ):
        assert content[hidden].get_absolute_url() not in html, hidden
    association = result_html(client, make_answer(department="21", kind="association"))
    assert content["aid_for_associations"].get_absolute_url() in association
    assert content["aid"].get_absolute_url() not in association
    assert content["event"].get_absolute_url() not in association  # for companies
    assert content["resource"].get_absolute_url() in association


def test_keywords_match_whole_words_not_parts_of_other_words(client, small_region):
    author = make_organisation("Agence numérique")
    training = make_resource_row("Formations au numérique pour les TPE", author, **FOR_BOTH)
    information = make_resource_row("Schéma directeur du système d'information", author, **FOR_BOTH)
    intangible = make_resource_row("Le patrimoine immatériel en ligne", author, **FOR_BOTH)
    html = result_html(client, make_answer())
    skills = html.split('id="competences"', 1)[1].split("</section>", 1)[0]
    assert training.get_absolute_url() in skills
    assert information.get_absolute_url() not in html  # « formation » inside a word
    assert intangible.get_absolute_url() not in html  # « matériel » inside a word


def test_the_result_page_costs_the_same_queries_whatever_the_content(
    client, content, django_assert_num_queries
):
    answer = make_answer()
    with django_assert_num_queries(5):  # the answer, resources, aides, events, places
        result_html(client, answer)
    author = make_organisation("Autre agence")
    for number in range(8):
        make_resource_row(f"Formation {number} à la cybersécurité", author, **FOR_BOTH)
        make_event(f"Atelier {number} sur la fibre", author, **FOR_BOTH)
        make_place(f"Lieu {number}", services=SECURE)
    with django_assert_num_queries(5):
        html = result_html(client, answer)
    security = html.split('id="securite"', 1)[1].split("</section>", 1)[0]
    assert security.count("/ressources/") == 3  # three of a kind at most


# ---------- The contact, opt-in ----------


def test_no_contact_is_kept_unless_the_respondent_agrees(client, small_region):
    answer = make_answer()
    html = result_html(client, answer)
    assert "Être recontacté (facultatif)" in html and 'name="consent"' in html
    url = reverse("maturity:contact", args=[answer.uuid])
    refused = client.post(url, {"email": "dirigeante@example.fr"})
    assert refused.status_code == 200
    assert "Cochez la case pour donner votre accord." in refused.content.decode()
    invalid = client.post(url, {"email": "<script>alert(1)</script>", "consent": "on"})
    assert "Saisissez une adresse électronique valide" in invalid.content.decode()
    assert "<script>alert(1)</script>" not in invalid.content.decode()
    assert not MaturityContact.objects.exists()

    assert client.post(url, {"email": "dirigeante@example.fr", "consent": "on"}).status_code == 302
    contact = MaturityContact.objects.get()
    assert (contact.answer, contact.email, contact.consent) == (
        answer,
        "dirigeante@example.fr",
        CONSENT,
    )
    html = result_html(client, answer)
    assert "dirigeante@example.fr" in html and "Retirer mon contact" in html


def test_the_respondent_withdraws_the_contact_and_the_answer_stays(client, small_region):
    answer = make_answer()
    services.leave_contact(answer=answer, email="a@example.fr", consent=CONSENT)
    response = client.post(reverse("maturity:withdraw", args=[answer.uuid]))
    assert response.status_code == 302
    assert not MaturityContact.objects.exists()
    assert MaturityAnswer.objects.filter(pk=answer.pk).exists()
    assert "a@example.fr" not in result_html(client, answer)
    assert client.get(reverse("maturity:withdraw", args=[answer.uuid])).status_code == 405


def test_a_second_contact_replaces_the_first_with_the_date_of_its_consent(small_region):
    answer = make_answer()
    services.leave_contact(answer=answer, email="ancienne@example.fr", consent=CONSENT)
    last_year = timezone.now() - datetime.timedelta(days=365)
    MaturityContact.objects.update(consented_at=last_year)
    services.leave_contact(answer=answer, email="nouvelle@example.fr", consent=CONSENT)
    contact = MaturityContact.objects.get()
    assert contact.email == "nouvelle@example.fr"
    assert contact.consented_at > timezone.now() - datetime.timedelta(minutes=1)


def test_contacts_are_throttled_per_client(client, small_region):
    answer = make_answer()
    url = reverse("maturity:contact", args=[answer.uuid])
    for _ in range(services.CONTACTS_PER_HOUR):
        client.post(url, {"email": "a@example.fr", "consent": "on"})
    refused = client.post(url, {"email": "b@example.fr", "consent": "on"})
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    html = refused.content.decode()
    assert "Beaucoup de contacts ont été envoyés" in html and "questionnaires" not in html
    assert MaturityContact.objects.get().email == "a@example.fr"


def test_the_contact_is_in_the_personal_data_download_and_erased_with_the_account(
    small_region,
):
    answer, other = make_answer(), make_answer()
    services.leave_contact(answer=answer, email="Dirigeante@Example.fr", consent=CONSENT)
    services.leave_contact(answer=other, email="autre@example.fr", consent=CONSENT)
    user = make_user("dirigeante@example.fr")
    part = export_personal_data(user)["maturite_numerique"]
    assert [row["adresse"] for row in part] == ["Dirigeante@Example.fr"]
    assert part[0]["consentement"] == CONSENT
    assert part[0]["resultat"] == answer.get_absolute_url()
    erase_personal_data(user)
    assert list(MaturityContact.objects.values_list("email", flat=True)) == ["autre@example.fr"]
    assert MaturityAnswer.objects.count() == 2  # anonymous, they stay


def test_nul_bytes_are_refused_in_french_and_nothing_is_written(client, small_region):
    answer = make_answer()
    url = reverse("maturity:contact", args=[answer.uuid])
    html = client.post(url, {"email": "a\x00@example.fr", "consent": "on"}).content.decode()
    assert "Le caractère nul n’est pas autorisé." in html or "adresse électronique valide" in html
    assert not MaturityContact.objects.exists()
    questionnaire = reverse("maturity:questionnaire")
    response = client.post(questionnaire, {"etat": "\x00", "departement": "2\x001"})
    assert response.status_code == 200 and "Étape 1 sur 6" in response.content.decode()
    assert client.get("/maturite/resultat/%00/").status_code == 404
    assert MaturityAnswer.objects.count() == 1
