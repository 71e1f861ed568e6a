"""Who may do what with an aide: agents of an organisation propose and edit their
organisation's aides and submit them; curators publish in the admin; nobody else
touches them, and forged ids or slugs reveal nothing."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal.funding import services
from portal.models import Funding, FundingEvent
from scoran.lib.moderation import transition
from tests.directory.factories import make_agent, make_curator, make_organisation, make_user
from tests.portal.funding.factories import make_funding

pytestmark = pytest.mark.django_db

FORM = {
    "owner": "",
    "name": "Fonds <script>alert(1)</script> numérique",
    "summary": "Pour les communes",
    "description": "Un **fonds** <script>alert(2)</script>",
    "kinds": ["subvention", "appel"],
    "beneficiaries": ["communes"],
    "departments": ["21"],
    "communes": "21231, 25056",
    "subsidy_rate_min": "20",
    "subsidy_rate_max": "80",
    "recurrence": "recurrente",
    "application_url": "https://depot.example.fr/",
    "sessions-TOTAL_FORMS": "2",
    "sessions-INITIAL_FORMS": "0",
    "sessions-MIN_NUM_FORMS": "0",
    "sessions-MAX_NUM_FORMS": "20",
    "sessions-0-opens_on": "2026-01-01",
    "sessions-0-deadline": "2026-02-28",
    "sessions-1-opens_on": "",
    "sessions-1-deadline": "",
}


@pytest.fixture
def owner(small_region):
    return make_organisation("Conseil départemental de la Côte-d'Or")


@pytest.fixture
def agent(client, owner):
    user = make_agent("agent@example.fr", owner)
    client.force_login(user)
    return user


def test_an_agent_proposes_a_draft_with_its_territory_and_sessions(client, owner, agent):
    response = client.post(reverse("funding_agents:create"), {**FORM, "owner": owner.pk})
    funding = Funding.objects.get()
    assert response.status_code == 302
    assert funding.state == Funding.State.DRAFT and funding.owner == owner
    assert funding.created_by == agent
    assert funding.territory_keys == ["C21231", "C25056", "D21"]
    assert [(s.opens_on.isoformat(), s.deadline.isoformat()) for s in funding.sessions.all()] == [
        ("2026-01-01", "2026-02-28")
    ]
    assert FundingEvent.objects.get().action == FundingEvent.Action.CREATED
    html = client.get(funding.get_absolute_url()).content.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_wrong_input_gives_french_errors_and_writes_nothing(client, owner, agent):
    bad = {
        **FORM,
        "owner": owner.pk,
        "subsidy_rate_min": "90",
        "subsidy_rate_max": "10",
        "communes": "21231, 9999Z",
        "sessions-0-opens_on": "2026-03-01",
    }
    html = client.post(reverse("funding_agents:create"), bad).content.decode()
    assert "Le taux maximal ne peut pas être inférieur au minimal." in html
    assert "n&#x27;est pas un code INSEE de commune" in html
    assert "La date limite ne peut pas précéder l&#x27;ouverture." in html
    assert not Funding.objects.exists()


def test_an_agent_cannot_propose_for_another_organisation(client, owner, agent):
    other = make_organisation("Autre")
    client.post(reverse("funding_agents:create"), {**FORM, "owner": other.pk})
    assert not Funding.objects.exists()


def test_a_person_without_organisation_cannot_propose(client, small_region):
    client.force_login(make_user("seul@example.fr"))
    assert client.get(reverse("funding_agents:create")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, owner):
    funding = make_funding("Aide", owner=owner, state="draft")
    for url in (
        reverse("funding_agents:list"),
        reverse("funding_agents:create"),
        reverse("funding_agents:edit", args=[funding.slug]),
    ):
        assert client.get(url).status_code == 302
    assert client.post(reverse("funding_agents:submit", args=[funding.slug])).status_code == 302
    assert Funding.objects.get().state == "draft"


def test_agents_of_other_organisations_get_nothing(client, owner):
    draft = make_funding("Brouillon", owner=owner, state="draft")
    published = make_funding("Publiée", owner=owner)
    client.force_login(make_agent("autre@example.fr", make_organisation("Autre")))
    assert client.get(reverse("funding_agents:edit", args=[draft.slug])).status_code == 404
    assert client.get(reverse("funding_agents:edit", args=[published.slug])).status_code == 403
    assert client.post(reverse("funding_agents:submit", args=[draft.slug])).status_code == 404
    assert "Brouillon" not in client.get(reverse("funding_agents:list")).content.decode()
    with pytest.raises(PermissionDenied):
        services.update_funding(
            funding=published, by=make_user("x@example.fr"), values={"name": "Piratée"}
        )
    assert Funding.objects.get(pk=published.pk).name == "Publiée"


def test_an_agent_submits_and_a_curator_publishes(
    client, owner, agent, django_capture_on_commit_callbacks
):
    curator = make_curator()
    funding = make_funding("Aide", owner=owner, state="draft")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("funding_agents:submit", args=[funding.slug]))
    assert response.status_code == 302
    funding.refresh_from_db()
    assert funding.state == Funding.State.SUBMITTED
    assert [m.to for m in mail.outbox] == [[curator.email]]
    with pytest.raises(PermissionDenied):
        transition(obj=funding, action="publish", by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        transition(obj=funding, action="publish", by=curator)
    funding.refresh_from_db()
    assert funding.state == Funding.State.PUBLISHED and funding.published_at
    assert mail.outbox[-1].to == [agent.email]
    assert "Aide" in client.get(reverse("funding:list")).content.decode()


def test_a_submitted_aide_is_locked_for_its_agents(client, owner, agent):
    funding = make_funding("Aide", owner=owner, state="submitted")
    response = client.get(reverse("funding_agents:edit", args=[funding.slug]))
    assert response.status_code == 302
    with pytest.raises(Exception, match="attente de relecture"):
        services.update_funding(funding=funding, by=agent, values={"name": "Autre"})


def test_an_agents_edit_of_a_published_aide_is_public_and_in_the_history(client, owner, agent):
    funding = make_funding("Aide", owner=owner)
    data = {**FORM, "owner": owner.pk, "name": "Aide renommée"}
    response = client.post(reverse("funding_agents:edit", args=[funding.slug]), data)
    assert response.status_code == 302
    funding.refresh_from_db()
    assert funding.name == "Aide renommée" and funding.state == "published"
    assert funding.events.filter(action="updated", by=agent).exists()


def test_the_agents_list_shows_their_organisations_aides_only(client, owner, agent):
    make_funding("Notre aide", owner=owner, state="draft")
    make_funding("Leur aide", owner=make_organisation("Autre"), state="draft")
    html = client.get(reverse("funding_agents:list")).content.decode()
    assert "Notre aide" in html and "Leur aide" not in html


def test_imported_aides_without_owner_are_kept_by_curators_only(client, agent):
    funding = make_funding("Importée")
    assert client.get(reverse("funding_agents:edit", args=[funding.slug])).status_code == 403


def test_the_agents_pages_have_one_title(client, owner, agent):
    from tests.conftest import h1_texts

    funding = make_funding("Notre aide", owner=owner, state="draft")
    for url, title in (
        (reverse("funding_agents:list"), "Mes aides"),
        (reverse("funding_agents:create"), "Proposer une aide"),
        (reverse("funding_agents:edit", args=[funding.slug]), "Modifier « Notre aide »"),
    ):
        assert h1_texts(client.get(url).content.decode()) == [title]


def test_an_imported_aide_given_an_owner_stays_with_curators(client, owner, agent):
    """A curator may name the organisation behind an imported aide: its agents still
    cannot change it (their edit would not be kept from the next import)."""
    from observatories.models import DataSource

    source = DataSource.objects.create(slug="aides-territoires", name="Aides-Territoires")
    funding = make_funding("Importée", owner=owner, source=source, external_id="42")
    response = client.get(reverse("funding_agents:edit", args=[funding.slug]))
    assert response.status_code == 302
    with pytest.raises(Exception, match="importée"):
        services.update_funding(funding=funding, by=agent, values={"name": "Autre"})
    funding.refresh_from_db()
    assert funding.name == "Importée"


def test_an_imported_aide_given_an_owner_is_not_submitted_by_its_agents(client, owner, agent):
    from observatories.models import DataSource

    source = DataSource.objects.create(slug="aides-territoires", name="Aides-Territoires")
    funding = make_funding("Retirée", owner=owner, source=source, external_id="7", state="draft")
    client.post(reverse("funding_agents:submit", args=[funding.slug]))
    funding.refresh_from_db()
    assert funding.state == "draft"
    assert not mail.outbox
