"""The maturity questionnaire without JavaScript: one page per group of questions
(fieldsets, radio buttons, « Étape n sur 6 », previous and next), its state in a
signed token (forged, expired, replayed), validation, throttling and no IP stored."""

import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import models
from django.urls import reverse

from portal.maturity import services, state
from portal.maturity.questionnaire import DIMENSIONS, QUESTIONS
from portal.maturity.state import SALT, STEPS, State, dumps
from portal.maturity.views import RESTARTED
from portal.models import MaturityAnswer
from scoran.lib.throttling import UNAVAILABLE_MESSAGE
from tests.conftest import h1_texts
from tests.directory.outages import unreachable_redis

from .factories import PROFILE, dimension_answers, last_page_token, token_of

pytestmark = pytest.mark.django_db
URL = reverse("maturity:questionnaire")


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


@pytest.fixture(autouse=True)
def no_minimum_time(monkeypatch):
    """Tests answer faster than people: the minimum time is tested on its own."""
    monkeypatch.setattr(services, "MIN_SECONDS", 0)


@pytest.fixture
def region(small_region):
    return small_region


def send(client, token: str, answers: dict, action: str = "suivant", **extra):
    return client.post(URL, {"etat": token, "action": action, **answers}, **extra)


def test_the_whole_questionnaire_without_javascript(client, region):
    home = client.get(reverse("maturity:home")).content.decode()
    assert h1_texts(home) == ["Maturité numérique des entreprises et associations"]
    assert f'href="{URL}"' in home
    page = client.get(URL)
    assert page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert (
        "Étape 1 sur 6" in html and '<progress class="maturity-progress" max="6" value="1"' in html
    )
    assert (
        html.count("<fieldset") == 4 and "<legend>Votre département (obligatoire)</legend>" in html
    )
    assert 'type="radio" name="departement" value="21"' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Page précédente" not in html  # nothing before the first page
    response = send(client, token_of(html), PROFILE)
    for number, dimension in enumerate(DIMENSIONS):
        html = response.content.decode()
        assert f"Étape {number + 2} sur {STEPS}" in html, number
        assert f"<h2>{dimension.title}</h2>" in html
        assert html.count("<fieldset") == len(dimension.questions)
        assert "Page précédente" in html
        assert not MaturityAnswer.objects.exists()  # nothing stored before the end
        response = send(client, token_of(html), dimension_answers(number, points=number % 4))
    answer = MaturityAnswer.objects.get()
    assert response.status_code == 302 and response["Location"] == answer.get_absolute_url()
    assert (answer.department_id, answer.sector, answer.size, answer.kind) == (
        "21",
        "commerce",
        "1-9",
        "entreprise",
    )
    assert answer.equipment_score == 0 and answer.presence_score == 33
    assert answer.tools_score == 67 and answer.security_score == 100
    assert answer.skills_score == 0
    assert set(answer.answers) == set(QUESTIONS)


def test_a_missing_answer_keeps_the_page_with_a_french_error(client, region):
    token = token_of(client.get(URL).content.decode())
    profile = send(client, token, {**PROFILE, "secteur": ""}).content.decode()
    assert "Étape 1 sur 6" in profile
    assert "Choisissez une réponse à cette question." in profile
    assert 'role="alert"' in profile and 'href="#id_secteur_0"' in profile
    assert 'value="21" required id="id_departement_0" checked' in profile  # kept
    page2 = token_of(send(client, token, PROFILE).content.decode())
    partial = dimension_answers(0)
    partial.popitem()
    html = send(client, page2, partial).content.decode()
    assert "Étape 2 sur 6" in html and "Choisissez une réponse à cette question." in html


@pytest.mark.parametrize(
    "field, value",
    [
        ("secteur", "banque"),
        ("effectif", "<script>alert(1)</script>"),
        ("nature", "collectivite"),
        ("departement", "75"),  # not of the region
        ("departement", "21' OR 1=1 --"),
    ],
)
def test_forged_profile_values_are_refused(client, region, field, value):
    token = token_of(client.get(URL).content.decode())
    html = send(client, token, {**PROFILE, field: value}).content.decode()
    assert "Étape 1 sur 6" in html and "Choisissez une des réponses proposées." in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("value", ["4", "-1", "3.0", "", "<img src=x onerror=alert(1)>"])
def test_forged_choice_values_are_refused(client, region, value):
    token = token_of(send(client, token_of(client.get(URL).content.decode()), PROFILE).content)
    answers = {**dimension_answers(0), DIMENSIONS[0].questions[0].key: value}
    html = send(client, token, answers).content.decode()
    assert "Étape 2 sur 6" in html
    assert "<img src=x" not in html


def test_a_forged_step_cannot_skip_pages(client, region):
    token = token_of(client.get(URL).content.decode())
    # The last page's answers and a step number posted with the first page's token.
    html = send(client, token, {**dimension_answers(4), "etape": "6", "step": "6"}).content.decode()
    assert "Étape 1 sur 6" in html and not MaturityAnswer.objects.exists()
    # A token signed by us but naming a step that does not exist is refused.
    forged = signing.dumps(
        {"i": "0" * 32, "s": 9, "a": {}, "t": int(time.time()), "v": "2026-1"}, salt=SALT
    )
    html = send(client, forged, PROFILE).content.decode()
    assert RESTARTED.replace("'", "&#x27;") in html and "Étape 1 sur 6" in html


@pytest.mark.parametrize(
    "token",
    [
        "",
        "n'importe quoi",
        "eyJpIjoiMCJ9:1tAbCd:forged",
        "." + "A" * 200_000 + ":1tAbCd:forged",  # oversize, "compressed"
        # Well formed, valid under our salt (it would go to « Des réponses manquent »).
        signing.dumps({"i": "0" * 32, "s": 6, "a": {}, "t": 0, "v": "2026-1"}, salt="autre"),
        signing.dumps({"i": "0" * 32, "s": 6, "a": {}, "t": 0, "v": "2026-1"}),  # no salt
    ],
)
def test_an_altered_or_foreign_token_restarts_the_questionnaire(client, region, token):
    html = send(client, token, PROFILE).content.decode()
    assert "Étape 1 sur 6" in html
    assert "Aucune réponse n&#x27;a été enregistrée." in html
    assert not MaturityAnswer.objects.exists()


def test_a_token_altered_to_change_answers_is_refused(client, region):
    token = last_page_token()
    body, signature = token.rsplit(":", 1)
    html = send(client, f"{body}:{signature[::-1]}", dimension_answers(4)).content.decode()
    assert "Étape 1 sur 6" in html and not MaturityAnswer.objects.exists()


def test_an_expired_token_restarts(client, region, monkeypatch):
    token = last_page_token()
    monkeypatch.setattr(state, "MAX_AGE", -1)
    html = send(client, token, dimension_answers(4)).content.decode()
    assert "expiré" in html and not MaturityAnswer.objects.exists()


def test_a_replayed_token_stores_the_answer_once(client, region):
    token = last_page_token()
    first = send(client, token, dimension_answers(4))
    again = send(client, token, dimension_answers(4, points=0))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert MaturityAnswer.objects.count() == 1
    # An earlier page of the same questionnaire, replayed, leads to its result too.
    earlier = State(id=state.loads(token).id, step=2)
    replay = send(client, dumps(earlier), dimension_answers(0))
    assert replay.status_code == 302 and replay["Location"] == first["Location"]


def test_previous_goes_back_keeping_the_answers_given(client, region):
    page2 = token_of(send(client, token_of(client.get(URL).content.decode()), PROFILE).content)
    page3 = token_of(send(client, page2, dimension_answers(0, points=3)).content)
    partial = {DIMENSIONS[1].questions[0].key: "1"}  # one of four, then back
    back = send(client, page3, partial, action="precedent").content.decode()
    assert "Étape 2 sur 6" in back and "Choisissez" not in back
    for question in DIMENSIONS[0].questions:
        assert f'name="{question.key}" value="3" required id="id_{question.key}_3" checked' in (
            back
        )
    again = send(client, token_of(back), dimension_answers(0, points=3)).content.decode()
    assert "Étape 3 sur 6" in again
    assert f'name="{DIMENSIONS[1].questions[0].key}" value="1" required' in again
    assert 'value="1" required id="id_presence-visibilite_1" checked' in again


def test_a_state_missing_answers_at_the_end_goes_back_to_the_page_concerned(client, region):
    answers = {**PROFILE, **dimension_answers(0)}  # pages 3 to 5 never sent
    token = dumps(State(step=STEPS, answers=answers, started=0))
    html = send(client, token, dimension_answers(4)).content.decode()
    assert "Étape 3 sur 6" in html and "Des réponses manquent" in html
    assert not MaturityAnswer.objects.exists()


def test_a_questionnaire_filled_too_fast_is_refused(client, region, monkeypatch):
    monkeypatch.setattr(services, "MIN_SECONDS", 30)
    quick = dumps(State(step=STEPS, answers=state.loads(last_page_token()).answers))
    html = send(client, quick, dimension_answers(4)).content.decode()
    assert "Étape 6 sur 6" in html and "trop vite" in html
    assert not MaturityAnswer.objects.exists()
    assert send(client, last_page_token(), dimension_answers(4)).status_code == 302


def test_completed_questionnaires_are_throttled_per_client(client, region):
    for _ in range(services.ANSWERS_PER_HOUR):
        assert send(client, last_page_token(), dimension_answers(4)).status_code == 302
    refused = send(client, last_page_token(), dimension_answers(4))
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "réessayez dans une heure" in refused.content.decode()
    assert MaturityAnswer.objects.count() == services.ANSWERS_PER_HOUR
    other = send(client, last_page_token(), dimension_answers(4), REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302


def test_answers_are_refused_in_french_when_the_counters_are_down(client, region, settings):
    unreachable_redis(settings)
    response = send(client, last_page_token(), dimension_answers(4))
    assert response.status_code == 503 and UNAVAILABLE_MESSAGE in response.content.decode()
    assert not MaturityAnswer.objects.exists()


def test_an_answer_stores_no_ip_address_nor_anything_of_the_browser(client, region):
    send(
        client,
        last_page_token(),
        dimension_answers(4),
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="Robot/1.0",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    answer = MaturityAnswer.objects.get()
    for field in MaturityAnswer._meta.get_fields():
        assert not isinstance(field, models.GenericIPAddressField), field.name
        assert not isinstance(field, models.ForeignKey) or field.name == "department", field.name
    row = str(MaturityAnswer.objects.filter(pk=answer.pk).values().get())
    for trace in ("203.0.113", "198.51.100", "Robot"):
        assert trace not in row
    assert type(answer.answered_on).__name__ == "date"  # the day, not the hour


def test_the_privacy_page_declares_the_throttling_counters_of_the_questionnaire(client):
    """No address is stored with an answer, but a hash of it counts the questionnaires
    and the contacts sent for an hour: the privacy page says so."""
    html = " ".join(client.get(reverse("portal:privacy")).content.decode().split())
    counters = html.split("Compteurs de tentatives", 1)[1].split("</li>", 1)[0]
    assert "autodiagnostic de maturité numérique" in counters


def test_the_pages_cost_few_queries(client, region, django_assert_num_queries):
    with django_assert_num_queries(1):  # the departments of the region
        token = token_of(client.get(URL).content.decode())
    with django_assert_num_queries(2):  # already recorded?, the departments (checked)
        token = token_of(send(client, token, PROFILE).content)
    with django_assert_num_queries(1):  # already recorded?
        send(client, token, dimension_answers(0))


def test_the_presentation_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = client.get(reverse("maturity:home")).content.decode()
    assert f'href="{reverse("maturity:results")}"' in html
    # What an answer stores, said in full (the kind too).
    stored = " ".join(html.split("Vos réponses restent anonymes", 1)[1].split())
    assert "la nature de votre structure (entreprise ou association) et le jour" in stored
