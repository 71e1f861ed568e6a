"""The public API: visibility, filters, pages, conditional GET, CORS, exports,
French errors, the rate limit and constant queries."""

import csv
import io

import pytest
from django.urls import reverse

from portal.models import WatchItem
from strategy.models import Orientation
from tests.directory.factories import isolated_cache, make_organisation, make_place
from tests.portal.watch.factories import make_watch_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_counters(settings):
    isolated_cache(settings)


def many(count: int) -> list[WatchItem]:
    orientation = Orientation.objects.get(number=1)
    items = [make_watch_item(f"Information {n}") for n in range(count)]
    for item in items:
        item.orientations.add(orientation)
    return items


@pytest.mark.parametrize("count", [1, 30])
def test_the_watch_list_costs_constant_queries(client, count, django_assert_num_queries):
    many(count)
    # count, rows, orientations
    with django_assert_num_queries(3):
        response = client.get(reverse("api:watch_items"))
    body = response.json()
    assert body["count"] == count
    assert len(body["results"]) == min(count, 20)
    assert body["results"][0]["orientations"] == [1]


@pytest.mark.parametrize("count", [1, 30])
def test_the_organisation_list_costs_constant_queries(client, count, django_assert_num_queries):
    for n in range(count):
        make_organisation(f"Structure {n}")
    # count, rows with their communes, themes
    with django_assert_num_queries(3):
        response = client.get(reverse("api:organisations"))
    assert response.json()["count"] == count


def test_only_published_rows_are_served(client):
    make_watch_item("Publiée")
    hidden = make_watch_item("Brouillon", state=WatchItem.State.DRAFT)
    make_organisation("Visible")
    draft = make_organisation("Cachée", is_published=False)
    titles = [row["titre"] for row in client.get(reverse("api:watch_items")).json()["results"]]
    assert titles == ["Publiée"]
    names = [row["nom"] for row in client.get(reverse("api:organisations")).json()["results"]]
    assert names == ["Visible"]
    assert client.get(reverse("api:watch_item", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("api:organisation", args=[draft.slug])).status_code == 404


def test_places_are_filtered_as_on_their_page(client, small_region):
    make_place("Espace numérique de Dijon")
    make_place("Médiathèque")
    make_place("Caché", published=False)
    rows = client.get(reverse("api:places"), {"q": "espace"}).json()["results"]
    assert [row["nom"] for row in rows] == ["Espace numérique de Dijon"]
    names = [row["nom"] for row in client.get(reverse("api:places")).json()["results"]]
    assert names == ["Espace numérique de Dijon", "Médiathèque"]


def test_an_invalid_filter_is_a_french_400(client):
    response = client.get(reverse("api:watch_items"), {"orientation": "' OR 1=1 --"})
    assert response.status_code == 400
    body = response.json()
    assert body["erreur"] == "Paramètres non valides."
    assert "orientation" in body["champs"]


def test_page_size_is_bounded_and_forged_pages_are_404(client):
    many(105)
    body = client.get(reverse("api:watch_items"), {"page_size": 10**9}).json()
    assert len(body["results"]) == 100
    for page in ("-1", "0", "999", "abc"):
        response = client.get(reverse("api:watch_items"), {"page": page})
        assert response.status_code == 404, page
        assert response.json() == {"erreur": "Page inexistante.", "statut": 404}


def test_ties_are_broken_by_primary_key(client):
    items = [make_watch_item(f"Même jour {n}") for n in range(5)]
    WatchItem.objects.update(published_on=items[0].published_on)
    ids = [row["identifiant"] for row in client.get(reverse("api:watch_items")).json()["results"]]
    assert ids == sorted(ids, reverse=True)


def test_unknown_addresses_and_codes_are_french_json_404(client, small_region):
    for url in (
        reverse("api:commune", args=["99999"]),
        reverse("api:epci", args=["000000000"]),
        reverse("api:project", args=["inconnu"]),
        "/api/v1/rien/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json"
        assert response.json()["erreur"].startswith("Introuvable")


def test_writes_are_refused_in_french(client):
    response = client.post(reverse("api:watch_items"), {"titre": "x"})
    assert response.status_code == 405
    assert "lecture seule" in response.json()["erreur"]


def test_conditional_get_answers_304(client):
    make_watch_item("Une")
    response = client.get(reverse("api:watch_items"))
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(reverse("api:watch_items"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    make_watch_item("Deux")
    changed = client.get(reverse("api:watch_items"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200


def test_reads_allow_any_origin_without_credentials(client):
    response = client.get(reverse("api:watch_items"), HTTP_ORIGIN="https://ailleurs.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(reverse("api:watch_items"))
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Origin" not in client.post(reverse("api:watch_items"))


def test_csv_export_never_holds_a_formula(client):
    make_watch_item('=HYPERLINK("http://mal.example")')
    response = client.get(reverse("api:watch_items"), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["identifiant", "titre"]
    assert rows[1][1].startswith("'=HYPERLINK")


def test_xlsx_export(client):
    make_watch_item("Une")
    response = client.get(reverse("api:watch_items"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_too_many_requests_is_a_french_429(client, settings):
    settings.API_RATE_LIMIT = 2
    for _ in range(2):
        assert client.get(reverse("api:indicators")).status_code == 200
    response = client.get(reverse("api:indicators"))
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.API_RATE_WINDOW)
    assert response.json()["erreur"].startswith("Trop de requêtes")
    # Another client behind the proxy is counted apart.
    settings.TRUST_X_FORWARDED_FOR = True
    other = client.get(reverse("api:indicators"), HTTP_X_FORWARDED_FOR="192.0.2.7")
    assert other.status_code == 200


def test_territories_by_code(client, ftth_deployed, django_assert_num_queries):
    # commune, eligibility, FttH (2), indicators (2), mobile (3 without mobile rows: no
    # import to read)
    with django_assert_num_queries(TERRITORY_QUERIES):
        body = client.get(reverse("api:commune", args=["21231"])).json()
    quarters = body["fibre"]["trimestres"]
    assert quarters[-1]["locaux_raccordables"] <= quarters[-1]["locaux"]
    assert body["mobile"] == {"edition": None, "couverture": []}
    assert body["nom"] == "Dijon"
    assert body["niveau"] == "commune"
    assert body["departements"] == ["21"]
    assert client.get(reverse("api:epci", args=["242100410"])).json()["nom"] == "Dijon Métropole"
    assert client.get(reverse("api:department", args=["25"])).json()["code"] == "25"
    assert client.get(reverse("api:region")).json()["code"] == "27"


TERRITORY_QUERIES = 9


def test_indicators_with_their_values(client):
    rows = client.get(reverse("api:indicators"), {"page_size": 100}).json()["results"]
    assert rows
    detail = client.get(reverse("api:indicator", args=[rows[0]["identifiant"]])).json()
    assert detail["nom"] == rows[0]["nom"]
    assert isinstance(detail["valeurs"], list)


def test_openapi_and_documentation_page(client):
    schema = client.get(reverse("api:schema")).json()
    assert schema["openapi"].startswith("3.")
    operation = schema["paths"]["/api/v1/veille/"]["get"]
    assert {"404", "429", "400"} <= set(operation["responses"])
    page = client.get(reverse("api:docs"))
    html = page.content.decode()
    assert "swagger-ui-bundle." in html
    assert "<script>" not in html  # no inline script under the CSP
    assert "unsafe-inline" not in page["Content-Security-Policy"]


def test_the_apis_root_leads_to_its_documentation(client):
    response = client.get("/api/v1/")
    assert response.status_code == 302
    assert response["Location"] == reverse("api:docs")


def test_places_in_the_national_standard(client, small_region):
    from directory.places import standard

    make_place("=CMD()", services=["Aide aux démarches administratives"])
    make_place("Caché", published=False)
    response = client.get(reverse("api:places_standard"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == standard.columns()
    assert len(rows) == 2
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line["nom"] == "'=CMD()"
    assert line["code_insee"] == "21231"
    assert line["services"] == "Aide aux démarches administratives"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_if_modified_since_never_hides_a_change(client):
    # A row leaving a list (unpublished, deleted) or a related row renamed leaves the
    # latest ``updated_at`` as it was: only the ETag (the body's hash) can tell.
    make_watch_item("Une")
    gone = make_watch_item("Deux")
    response = client.get(reverse("api:watch_items"))
    assert response["Last-Modified"]
    gone.delete()
    again = client.get(reverse("api:watch_items"), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 200
    assert [row["titre"] for row in again.json()["results"]] == ["Une"]


def test_head_answers_like_get_without_a_body(client):
    make_watch_item("Une")
    get = client.get(reverse("api:watch_items"))
    head = client.head(reverse("api:watch_items"))
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Access-Control-Allow-Origin"] == "*"


def test_a_server_error_is_french_json(client, monkeypatch):
    from portal.api import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.WatchList, "list", broken)
    client.raise_request_exception = False
    response = client.get(reverse("api:watch_items"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "erreur": "Erreur du service : réessayez dans quelques minutes.",
        "statut": 500,
    }
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_bad_request_django_refuses_is_french_json(client):
    response = client.get(reverse("api:watch_items"), HTTP_HOST="ailleurs.example")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["erreur"].startswith("Demande incorrecte")


def test_every_list_ends_its_order_with_the_primary_key():
    # Pages never overlap nor skip a row, whatever the kind's own order (a name, a
    # date) leaves tied: five rows of the same day above would not show it.
    from portal.api import views
    from portal.api.base import ListEndpoint

    endpoints = [
        value
        for value in vars(views).values()
        if isinstance(value, type)
        and issubclass(value, ListEndpoint)
        and value.queryset is not None
    ]
    assert len(endpoints) >= 8
    for endpoint in endpoints:
        order = endpoint().get_queryset().query.order_by
        last = order[-1] if order else ""
        assert isinstance(last, str) and last.lstrip("-") in ("pk", "id"), endpoint
