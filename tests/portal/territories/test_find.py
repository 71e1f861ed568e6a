"""« Votre commune »: the home page's field and its resolver, which redirects on one
match, lists several, says in French when none, and takes hostile input as text."""

import pytest
from django.urls import reverse

from observatories.models import Commune

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

FIND = reverse("territories:find")


@pytest.fixture(autouse=True)
def postcodes(small_region):
    Commune.objects.filter(code="21231").update(postcodes=["21000"], population=156_000)
    Commune.objects.filter(code="21060").update(postcodes=["21310"], population=900)
    Commune.objects.filter(code="25056").update(postcodes=["25000"], population=120_000)
    Commune.objects.create(code="25057", name="Besançon-les-Bains", department_id="25",
                           postcodes=["25000"], population=50)  # fmt: skip


def found(client, text: str):
    return client.get(FIND, {"q": text})


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Dijon", "21231"),
        ("  dijon ", "21231"),
        ("DIJON", "21231"),
        ("21231", "21231"),
        ("21000", "21231"),
        ("belleneuve", "21060"),
        ("21019", "21060"),  # the former code of a merged commune
        ("Besancon", "25056"),  # accents left out: the exact name wins over a longer one
        ("besancon les bains", "25057"),  # hyphens typed as spaces
        ("2A004".lower(), None),
    ],
)
def test_one_commune_found_opens_its_page(client, text, code, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = found(client, text)
    if code is None:
        assert response.status_code == 200
        return
    assert response.status_code == 302
    assert response["Location"] == reverse("territories:commune", args=[code])


def test_several_communes_are_listed_with_their_department(client):
    response = found(client, "25000")  # a postcode shared by two communes
    html = response.content.decode()
    assert response.status_code == 200
    assert "Communes trouvées pour « 25000 »" in html
    assert html.index("Besançon</a>") < html.index("Besançon-les-Bains</a>")  # most populous first
    assert f'href="{reverse("territories:commune", args=["25057"])}"' in html
    assert "Doubs, code INSEE 25056" in html


def test_no_commune_found_says_so_in_french(client):
    html = found(client, "Atlantide").content.decode()
    assert "Aucune commune de la région ne correspond à « Atlantide »" in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%",
        "_",
        "Dijon'; DROP TABLE observatories_commune; --",
        "99999",
        "2B999",
        "=cmd|' /C calc'!A0",
    ],
)
def test_hostile_words_find_nothing_and_stay_text(client, text):
    response = found(client, text)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucune commune de la région ne correspond" in html
    assert "<script>alert(1)</script>" not in html
    assert Commune.objects.count() == 4


def test_oversize_and_control_characters_are_refused_in_french(client):
    html = found(client, "D" * 101).content.decode()
    assert "Saisissez au plus 100 caractères (vous en avez saisi 101)." in html
    response = found(client, "Dijon\x00")  # refused by the form, never sent to the database
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_q_error"' in html and "Aucune commune de la région" not in html


def test_an_empty_field_asks_for_a_commune(client):
    html = found(client, "   ").content.decode()
    assert "Saisissez le nom, le code postal ou le code INSEE d&#x27;une commune." in html
    assert "Votre commune" in client.get(FIND).content.decode()


def test_the_home_page_has_the_field_working_without_javascript(client):
    html = client.get(reverse("portal:home")).content.decode()
    form = html.split('class="commune-search"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in html.split('class="commune-search"', 1)[0].rsplit("<form", 1)[1]
    assert f'action="{FIND}"' in html.split('class="commune-search"', 1)[0].rsplit("<form", 1)[1]
    assert '<label for="id_q">Votre commune (obligatoire)</label>' in form
    assert 'name="q"' in form and 'maxlength="100"' in form


SUGGESTIONS = reverse("territories:suggestions")


def test_suggestions_name_the_matching_communes_in_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        data = client.get(SUGGESTIONS, {"q": "besan"}).json()
    assert data["results"] == [
        {"label": "Besançon (Doubs, 25056)", "url": reverse("territories:commune", args=["25056"])},
        {
            "label": "Besançon-les-Bains (Doubs, 25057)",
            "url": reverse("territories:commune", args=["25057"]),
        },
    ]


@pytest.mark.parametrize("text", ["", "d", " ", "\x00\x00"])
def test_no_suggestion_under_two_characters(client, text, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(SUGGESTIONS, {"q": text}).json()["results"] == []


@pytest.mark.parametrize(
    "text", ["<script>alert(1)</script>", "' OR 1=1 --", "%%", "D" * 5000, "Dij\x00on"]
)
def test_hostile_suggestion_requests_are_answered_as_data(client, text):
    response = client.get(SUGGESTIONS, {"q": text})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["results"] == [] or text == "Dij\x00on"
    assert len(data["query"]) <= 100


def test_the_field_asks_for_suggestions_when_scripts_run(client):
    html = client.get(reverse("portal:home")).content.decode()
    assert f'data-suggestions-url="{SUGGESTIONS}"' in html
    assert 'id="communes-suggerees"' in html and "address-combobox" in html
