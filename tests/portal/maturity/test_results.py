"""The public aggregates by department, sector and size, on the page and as CSV:
none below 10 answers, and none that the total minus the groups shown would give
away; cells never formulas; pinned queries; curators' read-only admin; the demo."""

import csv
import io

import pytest
from django.urls import reverse

from observatories.models import Department
from portal.maturity.demo import create_demo_answers
from portal.maturity.exports import HEADERS
from portal.maturity.selectors import MIN_CELL, SUPPRESSED, Cell, aggregates, suppress
from portal.models import MaturityAnswer, MaturityContact
from tests.conftest import h1_texts
from tests.directory.factories import make_curator

from .factories import make_answer

pytestmark = pytest.mark.django_db
URL = reverse("maturity:results")
CSV_URL = reverse("maturity:results_csv")


def csv_rows(client) -> list[list[str]]:
    response = client.get(CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def cells(counts: dict[str, int]) -> dict[str, bool]:
    made = [Cell(label, count=count) for label, count in counts.items()]
    return {cell.label: cell.suppressed for cell in suppress(made, sum(counts.values()))}


def test_cells_below_ten_are_suppressed_and_never_given_away_by_the_total():
    # Two small groups of 10 answers together: hidden, the others shown.
    assert cells({"a": 20, "b": 12, "c": 6, "d": 4}) == {
        "a": False,
        "b": False,
        "c": True,
        "d": True,
    }
    # One small group alone would be the total minus the shown: the smallest shown goes too.
    assert cells({"a": 20, "b": 12, "c": 3}) == {"a": False, "b": True, "c": True}
    # Empty groups give nothing away: 0 answers hidden.
    assert cells({"a": 20, "b": 12, "c": 0})["c"] is True
    assert cells({"a": 20, "b": 12, "c": 0})["b"] is False
    # Below 10 in all: nothing shown.
    assert set(cells({"a": 6, "b": 3}).values()) == {True}
    # Secondary suppression cascades until the hidden groups hold 10 answers.
    assert cells({"a": 30, "b": 10, "c": 11, "d": 2}) == {
        "a": False,
        "b": True,
        "c": False,
        "d": True,
    }


def never_revealed(result) -> None:
    """For each breakdown, the hidden groups hold no answer or at least MIN_CELL, and
    no real (not demonstration) answer or at least MIN_CELL; so does each shown one."""
    for breakdown in result.breakdowns:
        hidden = [cell for cell in breakdown.cells if cell.suppressed]
        if result.total.suppressed and len(hidden) == len(breakdown.cells):
            continue  # nothing shown, the total neither
        for count in (sum(c.count for c in hidden), sum(c.real for c in hidden)):
            assert count == 0 or count >= MIN_CELL, breakdown.key
        for cell in breakdown.cells:
            if not cell.suppressed:
                assert cell.count >= MIN_CELL and cell.real in (0, *range(MIN_CELL, 10**6))


@pytest.fixture
def answers(small_region):
    """Côte-d'Or 12 answers, Doubs 3: the Doubs hidden, and so the Côte-d'Or too
    (the region's total would give the Doubs away)."""
    for number in range(12):
        make_answer("21", sector="commerce", size="1-9", points=3 if number < 6 else 1)
    for _ in range(3):
        make_answer("25", sector="services", size="10-49", points=0)


def test_the_page_hides_small_groups_and_the_group_that_would_give_them_away(client, answers):
    html = client.get(URL).content.decode()
    assert h1_texts(html) == ["Maturité numérique : les résultats"]
    assert "15 réponses" in html  # the region's total: 15 ≥ 10
    departments = html.split('id="departement"', 1)[1].split("</section>", 1)[0]
    assert departments.count(SUPPRESSED) == 2  # the Doubs, and the Côte-d'Or with it
    assert ">12<" not in departments and ">3<" not in departments
    result = aggregates()
    never_revealed(result)
    sectors = {cell.label: cell for cell in result.breakdowns[1].cells}
    assert sectors["Commerce et artisanat"].suppressed  # 12, hidden with the 3 of services
    assert result.total.count == 15 and result.total.overall == 53  # (6 * 100 + 6 * 33) / 15


def test_groups_of_ten_are_shown_with_their_averages(client, small_region):
    for _ in range(10):
        make_answer("21", points=3)
    for _ in range(10):
        make_answer("25", points=0)
    result = aggregates()
    never_revealed(result)
    shown = {cell.label: cell for cell in result.breakdowns[0].cells}
    assert not shown["Côte-d'Or (21)"].suppressed
    assert shown["Côte-d'Or (21)"].averages == [100] * 5
    assert shown["Doubs (25)"].overall == 0
    html = client.get(URL).content.decode()
    assert (
        'Côte-d&#x27;Or (21)</th>\n                \n                  <td class="num">10<' in html
    )


def test_below_ten_answers_in_all_nothing_is_shown(client, small_region):
    for _ in range(9):
        make_answer("21")
    html = client.get(URL).content.decode()
    assert f"Bourgogne-Franche-Comté : {SUPPRESSED}" in html
    rows = csv_rows(client)
    assert rows[1][:3] == ["Ensemble", "Bourgogne-Franche-Comté", SUPPRESSED]
    assert all(row[2] == SUPPRESSED for row in rows[1:])
    assert all(value == "" for row in rows[1:] for value in row[3:-1])


def test_the_csv_suppresses_as_the_page_does(client, answers):
    rows = csv_rows(client)
    assert rows[0] == HEADERS
    by_group = {(row[0], row[1]): row for row in rows[1:]}
    assert by_group[("Ensemble", "Bourgogne-Franche-Comté")][2] == "15"
    for key in (("Département", "Doubs (25)"), ("Département", "Côte-d'Or (21)")):
        assert by_group[key][2:8] == [SUPPRESSED, "", "", "", "", ""]
    assert by_group[("Secteur", "Agriculture")][2] == SUPPRESSED  # none: still « moins de 10 »
    for grouping in ("Département", "Secteur", "Effectif"):
        shown = sum(int(r[2]) for r in rows[1:] if r[0] == grouping and r[2] != SUPPRESSED)
        assert 15 - shown == 0 or 15 - shown >= MIN_CELL, grouping


def test_the_csv_never_holds_a_formula(client, small_region):
    Department.objects.filter(code="25").update(name='=HYPERLINK("http://x","y")')
    for _ in range(10):
        make_answer("25")
    rows = csv_rows(client)
    labels = [row[1] for row in rows if row[0] == "Département"]
    assert '\'=HYPERLINK("http://x","y") (25)' in labels  # written as text
    assert all(not label.startswith(("=", "+", "-", "@")) for label in labels)


def test_the_results_cost_the_same_queries_whatever_the_answers(
    client, small_region, django_assert_num_queries
):
    with django_assert_num_queries(4):  # departments, then one per breakdown
        client.get(URL)
    for number in range(30):
        make_answer(["21", "25"][number % 2], sector=["commerce", "autre"][number % 2])
    with django_assert_num_queries(4):
        client.get(URL)
    with django_assert_num_queries(4):
        client.get(CSV_URL)


def test_curators_see_answers_and_contacts_read_only_in_the_admin(client, small_region):
    answer = make_answer()
    MaturityContact.objects.create(answer=answer, email="a@example.fr", consent="Oui")
    client.force_login(make_curator())
    assert client.get(reverse("admin:portal_maturityanswer_changelist")).status_code == 200
    page = client.get(reverse("admin:portal_maturityanswer_change", args=[answer.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "a@example.fr" in html
    assert "Quelle connexion à internet utilise votre structure ?" in html
    assert 'name="_save"' not in html
    assert client.get(reverse("admin:portal_maturityanswer_add")).status_code == 403
    change = client.post(
        reverse("admin:portal_maturityanswer_change", args=[answer.pk]), {"sector": "autre"}
    )
    assert change.status_code == 403
    answer.refresh_from_db()
    assert answer.sector == "commerce"
    assert client.get(reverse("admin:portal_maturitycontact_changelist")).status_code == 200


def test_the_demo_shows_some_groups_and_hides_others(client, small_region):
    for code, name in (("71", "Saône-et-Loire"), ("89", "Yonne")):
        Department.objects.create(code=code, name=name, region_id="27")
    made = create_demo_answers()
    assert len(made) == 30 and MaturityAnswer.objects.demo().count() == 30
    assert create_demo_answers()[0].uuid == made[0].uuid  # again: put back
    assert MaturityAnswer.objects.count() == 30 and MaturityContact.objects.count() == 1
    result = aggregates()
    never_revealed(result)
    shown = {
        breakdown.key: [cell.label for cell in breakdown.cells if not cell.suppressed]
        for breakdown in result.breakdowns
    }
    assert shown == {
        "departement": ["Côte-d'Or (21)", "Doubs (25)"],
        "secteur": ["Commerce et artisanat"],
        "effectif": ["Aucun salarié", "1 à 9 salariés"],
    }
    assert SUPPRESSED in client.get(URL).content.decode()


def test_the_section_and_its_results_are_on_the_site_map_and_in_the_sitemap(client):
    site_map = client.get(reverse("portal:site_map")).content.decode()
    xml = client.get(reverse("sitemap")).content.decode()
    for url in (reverse("maturity:home"), URL):
        assert f'href="{url}"' in site_map
        assert f"<loc>http://testserver{url}</loc>" in xml
    assert "/maturite/resultat/" not in xml  # a respondent's result is private


def test_real_answers_among_the_demos_are_never_given_away(client, small_region):
    """The demo's answers are invented from a seed in the code: anyone can subtract
    them, so a group (or the total) holding 1 to 9 real answers is hidden however
    many demonstration answers it holds."""
    for code, name in (("71", "Saône-et-Loire"), ("89", "Yonne")):
        Department.objects.create(code=code, name=name, region_id="27")
    create_demo_answers()
    make_answer("25", sector="commerce", size="1-9")  # one real answer, in the Doubs (10 demo)
    result = aggregates()
    never_revealed(result)
    assert result.total.suppressed  # 31 answers, but 1 real: 31 minus the demo's 30
    assert all(cell.suppressed for b in result.breakdowns for cell in b.cells)
    assert "31 réponses" not in client.get(URL).content.decode()
    assert all(row[2] == SUPPRESSED for row in csv_rows(client)[1:])
    # A second check of the rule itself: 1 real answer hidden drags shown groups along.
    made = [Cell("a", 20), Cell("b", 11, real=1), Cell("c", 15)]
    assert [cell.suppressed for cell in suppress(made, 46)] == [True, True, True]
    for _ in range(9):
        make_answer("21", sector="services", size="0")
    result = aggregates()
    never_revealed(result)
    assert not result.total.suppressed and result.total.real == 10
