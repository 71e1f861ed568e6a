"""Watch items proposed by agents: the shared moderation (agents submit, curators
publish, ask for changes, refuse), who may reach each agents' page, hostile input in
the summary and the link, e-mails after commit, the admin's queue and the personal
data of a proposal."""

import datetime
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from directory.models import User
from observatories.models import DataSource
from portal.models import WatchItem, WatchItemStep
from portal.watch import services
from scoran.lib import moderation
from scoran.lib.catalogues import erase_personal_data, export_personal_data
from scoran.lib.fields import validate_web_address
from tests.directory.factories import make_agent, make_curator, make_organisation, make_user
from tests.portal.watch.factories import make_watch_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_organisation("Syndicat du numérique", slug="syndicat")


@pytest.fixture
def agent(org):
    return make_agent("agent@syndicat.fr", org)


def form(org, **changes) -> dict:
    return {
        "organisation": org.pk,
        "title": "La fibre arrive à Dole",
        "link": "https://journal.example/fibre-dole",
        "source_name": "Le Journal de Dole",
        "published_on": "2026-01-15",
        "summary_text": "Le déploiement **avance** : [le dossier](https://journal.example/d).",
        **changes,
    }


def values(**changes) -> dict:
    return {
        "title": "La fibre arrive à Dole",
        "link": "https://journal.example/fibre-dole",
        "source_name": "Le Journal de Dole",
        "published_on": timezone.now() - datetime.timedelta(days=1),
        "summary_text": "Le déploiement avance.",
        **changes,
    }


def markup(html: str) -> list[tuple[str, list]]:
    """The elements of ``html`` with their attributes, as a browser parses them."""
    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Parser().feed(html)
    return found


def public_titles(client) -> str:
    return client.get(reverse("watch:list")).content.decode()


# ---------- The agents' pages ----------


def test_an_agent_proposes_edits_and_submits_and_the_curators_are_mailed_after_commit(
    client, org, agent, django_capture_on_commit_callbacks
):
    curator = make_curator()
    client.force_login(agent)
    response = client.post(reverse("watch_agents:create"), form(org, orientations=[1]))
    item = WatchItem.objects.get()
    assert response.url == reverse("watch_agents:edit", args=[item.pk])
    assert (item.state, item.organisation, item.created_by) == ("draft", org, agent)
    assert item.source is None and [o.number for o in item.orientations.all()] == [1]
    assert item.summary == (
        "<p>Le déploiement <strong>avance</strong> : <a "
        'href="https://journal.example/d" rel="noopener nofollow">le dossier</a>.</p>'
    )
    assert timezone.localtime(item.published_on).date() == datetime.date(2026, 1, 15)
    assert "La fibre arrive" not in public_titles(client)  # a draft is not public

    client.post(reverse("watch_agents:edit", args=[item.pk]), form(org, title="La fibre à Dole"))
    item.refresh_from_db()
    assert item.title == "La fibre à Dole"
    assert client.get(reverse("watch_agents:list")).content.decode().count("La fibre à Dole") == 1

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("watch_agents:submit", args=[item.pk]))
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    item.refresh_from_db()
    assert item.state == "submitted" and item.submitted_at is not None
    (sent,) = mail.outbox
    assert sent.to == [curator.email]
    assert "La fibre à Dole" in sent.subject
    assert reverse("admin:portal_watchitem_change", args=[item.pk]) in sent.body
    assert list(item.steps.values_list("action", flat=True)) == ["submitted", "updated", "created"]


def test_curators_publish_ask_for_changes_or_refuse_and_the_agents_are_mailed(
    client, org, agent, django_capture_on_commit_callbacks
):
    curator = make_curator()
    item = services.propose_item(organisation=org, by=agent, values=values())
    services.submit_item(item=item, by=agent)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moderation.transition(
            obj=item, action="request_changes", by=curator, message="Précisez la date."
        )
    (sent,) = mail.outbox
    assert sent.to == [agent.email] and "Précisez la date." in sent.body
    assert reverse("watch_agents:edit", args=[item.pk]) in sent.body  # not the admin
    client.force_login(agent)
    page = client.get(reverse("watch_agents:edit", args=[item.pk])).content.decode()
    assert "Précisez la date." in page and "Soumettre à la relecture" in page

    services.submit_item(item=item, by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.transition(obj=item, action="publish", by=curator)
    item.refresh_from_db()
    assert item.is_published and item.published_at is not None
    assert "La fibre arrive à Dole" in public_titles(client)
    assert "publié" in mail.outbox[-1].subject

    with django_capture_on_commit_callbacks(execute=True):
        moderation.transition(obj=item, action="unpublish", by=curator)
    assert "La fibre arrive à Dole" not in public_titles(client)
    services.submit_item(item=item, by=agent)
    moderation.transition(obj=item, action="refuse", by=curator, message="Hors sujet.")
    item.refresh_from_db()
    with pytest.raises(ValidationError):
        services.update_item(item=item, by=agent, values={"title": "Autre"})
    response = client.post(reverse("watch_agents:edit", args=[item.pk]), form(org, title="X"))
    assert "a été refusée" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "La fibre arrive à Dole"


def test_the_moderation_of_an_item_says_who_may(org, agent):
    stranger = make_agent("autre@ailleurs.fr", make_organisation("Ailleurs"))
    curator = make_curator()
    with pytest.raises(PermissionDenied):
        services.propose_item(organisation=org, by=stranger, values=values())
    item = services.propose_item(organisation=org, by=agent, values=values())
    with pytest.raises(PermissionDenied):
        services.update_item(item=item, by=stranger, values={"title": "Piraté"})
    with pytest.raises(PermissionDenied):
        moderation.transition(obj=item, action="submit", by=stranger)
    with pytest.raises(ValidationError, match="n'est pas en attente de relecture"):
        moderation.transition(obj=item, action="publish", by=curator)  # a draft
    moderation.transition(obj=item, action="submit", by=agent)
    with pytest.raises(ValidationError, match="déjà en attente"):
        moderation.transition(obj=item, action="submit", by=agent)
    with pytest.raises(PermissionDenied):
        moderation.transition(obj=item, action="publish", by=agent)  # agents never publish
    with pytest.raises(ValidationError):
        moderation.transition(obj=item, action="refuse", by=curator)  # the reason is required
    # An item of the team or of a feed belongs to no organisation: no agent submits it.
    feed_item = make_watch_item("Lue dans un flux", state="draft")
    with pytest.raises(PermissionDenied):
        moderation.transition(obj=feed_item, action="submit", by=agent)
    with pytest.raises(PermissionDenied):
        services.update_item(item=feed_item, by=agent, values={"title": "Piraté"})


@pytest.mark.parametrize(
    ("who", "listing", "create", "edit"),
    [
        ("anonymous", 302, 302, 302),
        ("no organisation", 200, 403, 404),
        ("other organisation", 200, 200, 404),
        ("agent", 200, 200, 200),
        ("curator", 200, 403, 404),
    ],
)
def test_the_permission_matrix_of_the_agents_pages(client, org, agent, who, listing, create, edit):
    item = make_watch_item("Proposition du syndicat", state="draft", organisation=org)
    feed_item = make_watch_item("Lue dans un flux", state="draft")
    users = {
        "no organisation": lambda: make_user("seul@exemple.fr"),
        "other organisation": lambda: make_agent("autre@ailleurs.fr", make_organisation("B")),
        "agent": lambda: agent,
        "curator": make_curator,
    }
    if who in users:
        client.force_login(users[who]())
    response = client.get(reverse("watch_agents:list"))
    assert response.status_code == listing
    shown = "Proposition du syndicat" in response.content.decode()
    assert shown == (who == "agent")
    assert "Lue dans un flux" not in response.content.decode()
    assert client.get(reverse("watch_agents:create")).status_code == create
    assert client.get(reverse("watch_agents:edit", args=[item.pk])).status_code == edit
    assert client.get(reverse("watch_agents:edit", args=[feed_item.pk])).status_code in (302, 404)
    submitted = client.post(reverse("watch_agents:submit", args=[item.pk]))
    item.refresh_from_db()
    assert (item.state == "submitted") == (who == "agent"), submitted.status_code
    assert client.get(reverse("watch_agents:submit", args=[item.pk])).status_code in (302, 405)
    # Nobody proposes for an organisation of which they are not a member.
    if who == "other organisation":
        response = client.post(reverse("watch_agents:create"), form(org))
        assert "organisation" in response.context["form"].errors
        assert WatchItem.objects.count() == 2


def test_my_account_leads_agents_to_their_proposals(client, agent):
    client.force_login(agent)
    html = client.get(reverse("accounts:account")).content.decode()
    assert "Mes propositions de veille" in html
    assert f'href="{reverse("watch_agents:create")}"' in html


# ---------- Hostile input ----------


def test_a_summary_is_text_or_markdown_never_html(client, org, agent):
    client.force_login(agent)
    hostile = (
        "<script>alert(1)</script>\n\n"
        '<img src="https://tiers.example/p.gif" onerror="alert(2)">\n\n'
        "[piège](javascript:alert(3)) [données](data:text/html;base64,PHNjcmlwdD4=) "
        "[interne](/admin/) ![pixel](https://tiers.example/pixel.gif)\n\n"
        '<a href="https://ok.example/" onclick="alert(4)">lien</a>'
    )
    client.post(reverse("watch_agents:create"), form(org, summary_text=hostile))
    item = WatchItem.objects.get()
    assert item.summary_text == hostile  # kept as typed, for the next edit
    # What the browser reads: paragraphs and links to web pages, nothing else.
    elements = markup(item.summary)
    assert {tag for tag, _ in elements} == {"p", "a"}
    assert {name for _, attributes in elements for name, _ in attributes} <= {"href", "rel"}
    assert {
        value for _, attributes in elements for name, value in attributes if name == "href"
    } == {"https://tiers.example/pixel.gif"}
    # An external image is a link to it (no third-party request), a relative link none.
    assert '<a href="https://tiers.example/pixel.gif" rel="noopener nofollow">pixel</a>' in (
        item.summary
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in item.summary  # shown, not run
    moderation.transition(obj=item, action="submit", by=agent)
    moderation.transition(obj=item, action="publish", by=make_curator())
    page = public_titles(client)
    assert "<script>alert(1)</script>" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("javascript:alert(1)", validate_web_address.message),
        ("data:text/html;base64,PHNjcmlwdD4=", validate_web_address.message),
        ("ftp://journal.example/f", validate_web_address.message),
        ("file:///etc/passwd", validate_web_address.message),
    ],
)
def test_the_link_is_a_web_address(client, org, agent, link, message):
    client.force_login(agent)
    response = client.post(reverse("watch_agents:create"), form(org, link=link))
    assert response.status_code == 200
    assert message in response.context["form"].errors["link"]
    assert not WatchItem.objects.exists()


def test_a_link_without_scheme_is_https(client, org, agent):
    client.force_login(agent)
    client.post(reverse("watch_agents:create"), form(org, link="journal.example/a"))
    assert WatchItem.objects.get().link == "https://journal.example/a"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "Fibre\x00"}, "title", "Le caractère nul n’est pas autorisé."),
        ({"summary_text": "a\x00b"}, "summary_text", "Le caractère nul n’est pas autorisé."),
        ({"summary_text": "x" * 2001}, "summary_text", "au plus 2000 caractères"),
        ({"published_on": "2099-01-01"}, "published_on", "ne peut pas être à venir"),
        ({"published_on": "hier"}, "published_on", "Saisissez une date et une heure valides."),
        ({"organisation": "1 OR 1=1"}, "organisation", "Sélectionnez un choix valide."),
        ({"source_name": ""}, "source_name", "Ce champ est obligatoire."),
    ],
)
def test_wrong_values_are_refused_in_french_and_nothing_is_written(
    client, org, agent, changes, field, message
):
    client.force_login(agent)
    response = client.post(reverse("watch_agents:create"), form(org, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not WatchItem.objects.exists()


def test_the_service_refuses_what_the_form_would_let_through(org, agent):
    with pytest.raises(ValidationError) as error:
        services.propose_item(
            organisation=org, by=agent, values=values(link="ftp://x.example/", title="a\x00")
        )
    assert set(error.value.message_dict) == {"link", "title"}
    assert not WatchItem.objects.exists() and not WatchItemStep.objects.exists()


def test_forged_numbers_are_404(client, agent):
    client.force_login(agent)
    for path in ("/veille/999999/modifier/", "/veille/-1/modifier/", "/veille/%00/modifier/",
                 "/veille/1e3/soumettre/"):  # fmt: skip
        assert client.get(path).status_code == 404, path


# ---------- Feeds, admin, personal data ----------


def test_a_curator_moderates_from_the_admin_queue(
    client, org, agent, django_capture_on_commit_callbacks
):
    curator = make_curator()
    waiting = services.propose_item(organisation=org, by=agent, values=values(title="En attente"))
    services.submit_item(item=waiting, by=agent)
    make_watch_item("Lue dans un flux")
    client.force_login(curator)
    queue = client.get(reverse("admin:portal_watchitem_changelist")).content.decode()
    assert "En attente" in queue and "Lue dans un flux" not in queue  # the queue first
    assert client.get(reverse("admin:portal_watchitem_add")).status_code == 200
    change = client.get(reverse("admin:portal_watchitem_change", args=[waiting.pk]))
    assert change.status_code == 200
    decide = reverse("admin:portal_watchitem_moderate", args=[waiting.pk, "publier"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(decide).status_code == 302
    waiting.refresh_from_db()
    assert waiting.is_published
    assert mail.outbox[-1].to == [agent.email]


def test_an_item_written_by_a_curator_in_the_admin_is_published_directly(client):
    curator = make_curator()
    client.force_login(curator)
    response = client.post(
        reverse("admin:portal_watchitem_add"),
        {
            "title": "Rapport de l'Arcep",
            "link": "https://arcep.example/rapport",
            "source_name": "Arcep",
            "published_on_0": "15/01/2026",
            "published_on_1": "10:00",
            "summary_text": "Un *rapport*.<script>alert(1)</script>",
            "reviewed_at_0": "15/01/2026",
            "reviewed_at_1": "10:00",
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = WatchItem.objects.get()
    assert item.created_by == curator and item.organisation is None and item.state == "draft"
    assert item.summary == "<p>Un <em>rapport</em>.&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    client.post(reverse("admin:portal_watchitem_moderate", args=[item.pk, "publier-directement"]))
    item.refresh_from_db()
    assert item.is_published
    assert mail.outbox == []  # no review, no e-mail


def test_a_proposal_is_in_the_personal_data_and_stays_without_the_person(org, agent):
    item = services.propose_item(organisation=org, by=agent, values=values())
    services.submit_item(item=item, by=agent)
    steps = export_personal_data(agent)["etapes_de_veille"]
    assert [step["etape"] for step in steps] == ["Soumise à relecture", "Brouillon créé"]
    assert {step["information"] for step in steps} == {"La fibre arrive à Dole"}
    erase_personal_data(agent)
    User.objects.filter(pk=agent.pk).delete()
    item.refresh_from_db()
    assert item.created_by is None and item.state == "submitted"
    assert item.steps.filter(by__isnull=True).count() == 2


def test_an_item_read_from_a_feed_belongs_to_no_organisation(org):
    source = DataSource.objects.create(slug="flux", name="Flux", format="rss")
    item = make_watch_item("Lue dans un flux", source=source, guid="1")
    item.organisation = org
    with pytest.raises(ValidationError, match="aucune structure"):
        item.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()
