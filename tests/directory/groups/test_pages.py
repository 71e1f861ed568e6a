"""The pages of the working groups: the list and its filters, a group's page (what it
shows to whom, and in a fixed number of queries), the reader's steps, the leads'
pages, one's groups, the news and the feeds; hostile input stays text."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory.groups import views
from directory.models import GroupMembership, GroupNews, Organisation, WorkingGroup
from scoran.lib.lists import SEARCH_MAX_LENGTH
from strategy.models import Orientation
from tests.conftest import h1_texts
from tests.directory.factories import isolated_cache, make_organisation, make_user
from tests.directory.groups.factories import add_member, make_group, make_news, make_person

pytestmark = pytest.mark.django_db

Status, Role = GroupMembership.Status, GroupMembership.Role
ATOM = "{http://www.w3.org/2005/Atom}"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def group():
    group = make_group(
        "Ouverture des données",
        slug="ouverture",
        theme="Ouvrir les données publiques",
        rhythm="trimestriel",
        description="Un **groupe** de travail.\n\n" + SCRIPT,
        orientations=[Orientation.objects.get(number=14)],
    )
    syndicate = make_organisation("Syndicat du numérique")
    lead = make_person("lead@example.fr", syndicate, first_name="Claire", last_name="Fontaine")
    add_member(group, lead, role=Role.LEAD)
    hidden_organisation = make_organisation("Mairie en brouillon", is_published=False)
    member = make_person(
        "membre@example.fr", hidden_organisation, first_name="Hugo", last_name="Petit"
    )
    add_member(group, member)
    return group


def lead_of(group):
    return group.memberships.get(role=Role.LEAD).user


def member_of(group):
    return group.memberships.get(user__email="membre@example.fr").user


def many_groups(count: int) -> list[WorkingGroup]:
    orientation = Orientation.objects.get(number=2)
    groups = []
    for number in range(count):
        group = make_group(f"Groupe {number:02}", orientations=[orientation])
        add_member(group, make_person(f"lead{number}@example.fr"), role=Role.LEAD)
        add_member(group, make_person(f"membre{number}@example.fr"))
        groups.append(group)
    return groups


# ---------- The list ----------


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_shows_theme_orientations_members_and_leads_in_fixed_queries(
    client, count, django_assert_num_queries
):
    groups = many_groups(count)
    # groups counted, their page, orientations, leads, and the filter's orientations
    with django_assert_num_queries(5):
        response = client.get(reverse("groups:list"))
    html = response.content.decode()
    assert h1_texts(html) == ["Groupes de travail"]
    assert f"{count} groupe{'s' if count > 1 else ''} de travail" in html
    for group in groups:
        assert f'href="{group.get_absolute_url()}"' in html
    assert "2 membres" in html and "Nom non renseigné" in html
    assert "@example.fr" not in html  # nobody's address


def test_the_list_filters_by_words_and_orientation(client, group):
    other = make_group("Couverture mobile", orientations=[Orientation.objects.get(number=2)])
    html = client.get(reverse("groups:list"), {"q": "ouvrir données"}).content.decode()
    assert group.get_absolute_url() in html and other.get_absolute_url() not in html
    html = client.get(reverse("groups:list"), {"orientation": 2}).content.decode()
    assert group.get_absolute_url() not in html and other.get_absolute_url() in html
    html = client.get(reverse("groups:list"), {"q": "x" * (SEARCH_MAX_LENGTH + 1)}).content.decode()
    assert "0 groupes de travail" in html and "Certains filtres sont incorrects" in html
    assert (
        f'href="{reverse("groups:feed")}?orientation=2"'
        in client.get(reverse("groups:list"), {"orientation": 2}).content.decode()
    )


def test_the_list_names_leads_with_their_published_organisation_only(client, group):
    html = client.get(reverse("groups:list")).content.decode()
    assert "Animé par Claire Fontaine (Syndicat du numérique)" in html
    assert "Hugo Petit" not in html  # a member, not a lead


# ---------- A group's page ----------


def test_the_public_sees_leads_organisations_and_a_count_never_the_members(client, group):
    response = client.get(group.get_absolute_url())
    html = response.content.decode()
    assert h1_texts(html) == ["Ouverture des données"]
    assert "Ouvrir les données publiques" in html and "Réunions : trimestriel" in html
    assert "<strong>groupe</strong>" in html
    assert SCRIPT not in html and "&lt;script&gt;" in html
    assert "Orientation 14 –" in html
    assert "Claire Fontaine" in html and "Syndicat du numérique" in html
    assert "2 membres" in html
    assert "Hugo Petit" not in html and "Mairie en brouillon" not in html
    assert "@example.fr" not in html
    assert "La liste nominative des membres n'est visible que des membres du groupe." in html
    assert "Connectez-vous" in html
    assert "no-store" not in response.get("Cache-Control", "")


def test_members_see_who_the_members_are(client, group):
    client.force_login(member_of(group))
    response = client.get(group.get_absolute_url())
    html = response.content.decode()
    assert "Membres du groupe" in html and "Hugo Petit" in html
    assert "Mairie en brouillon" not in html  # an unpublished organisation is never named
    assert "Vous êtes membre de ce groupe" in html
    assert "Ne plus recevoir ces courriels" in html and "Quitter le groupe" in html
    assert "Gérer les membres" not in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_runs_a_fixed_number_of_queries(client, count, django_assert_num_queries):
    group = make_group("Grand groupe", orientations=list(Orientation.objects.all()[:3]))
    add_member(group, make_person("lead@example.fr"), role=Role.LEAD)
    for number in range(count):
        add_member(group, make_person(f"membre{number}@example.fr"))
        make_news(group, f"Nouvelle {number}")
        make_news(group, f"Réservée {number}", visibility="membres")
    # group, orientations, members with account and organisation, latest news; the
    # portal's sections: meetings (upcoming, past) and documents
    with django_assert_num_queries(7):
        client.get(group.get_absolute_url())
    client.force_login(group.memberships.get(user__email="membre0@example.fr").user)
    with django_assert_num_queries(9):  # + session and account
        client.get(group.get_absolute_url())
    client.force_login(make_person("dehors@example.fr"))
    with django_assert_num_queries(10):  # + the reader's own row (none here)
        client.get(group.get_absolute_url())


def test_the_readers_step_follows_their_place_in_the_group(client, group):
    agent = make_person("agent@example.fr")
    client.force_login(agent)
    html = client.get(group.get_absolute_url()).content.decode()
    assert f'href="{reverse("groups:join", args=[group.slug])}"' in html
    row = add_member(group, agent, status=Status.REQUESTED)
    html = client.get(group.get_absolute_url()).content.decode()
    assert "attend la réponse d'un animateur" in html and "Retirer ma demande" in html
    row.status, row.invited_by = Status.INVITED, lead_of(group)
    row.save()
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Claire Fontaine vous invite à rejoindre ce groupe." in html
    assert "Accepter l'invitation" in html and "Décliner" in html
    client.force_login(lead_of(group))
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Vous êtes animateur ou animatrice de ce groupe" in html
    assert f'href="{reverse("groups:members", args=[group.slug])}"' in html
    assert f'href="{reverse("groups:news_create", args=[group.slug])}"' in html


def test_a_closed_group_says_it_takes_invitations_only(client, group):
    group.is_open = False
    group.save()
    client.force_login(make_person("agent@example.fr"))
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Ce groupe n'accepte pas de demandes" in html
    assert reverse("groups:join", args=[group.slug]) not in html


# ---------- Joining, answering, leaving ----------


def test_an_agent_asks_to_join_from_the_form(
    client, group, mailoutbox, django_capture_on_commit_callbacks
):
    agent = make_person("agent@example.fr")
    client.force_login(agent)
    url = reverse("groups:join", args=[group.slug])
    html = client.get(url).content.decode()
    assert 'type="hidden" name="organisation"' in html  # one organisation: not asked
    organisation = agent.memberships.get().organisation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"organisation": organisation.pk, "message": SCRIPT})
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    row = group.memberships.get(user=agent)
    assert (row.status, row.organisation, row.message) == (Status.REQUESTED, organisation, SCRIPT)
    assert mailoutbox[0].to == ["lead@example.fr"]
    client.force_login(lead_of(group))
    html = client.get(reverse("groups:members", args=[group.slug])).content.decode()
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_agent_of_several_organisations_chooses_and_cannot_forge_one(client, group):
    agent = make_person("agent@example.fr")
    second = make_organisation("Deuxième structure")
    agent.memberships.create(organisation=second)
    client.force_login(agent)
    url = reverse("groups:join", args=[group.slug])
    html = client.get(url).content.decode()
    assert "<select" in html and "Deuxième structure" in html
    stranger = make_organisation("Pas la sienne")
    for forged in (stranger.pk, "abc", ""):
        response = client.post(url, {"organisation": forged})
        assert response.status_code == 200
        assert "structure" in response.content.decode()
    assert not group.memberships.filter(user=agent).exists()
    assert client.post(url, {"organisation": second.pk}).status_code == 302
    assert group.memberships.get(user=agent).organisation == second


def test_an_account_without_organisation_is_told_to_join_one_first(client, group):
    client.force_login(make_user("sans-structure@example.fr"))
    html = client.get(reverse("groups:join", args=[group.slug])).content.decode()
    assert "votre compte doit d'abord être rattaché à votre structure" in html
    assert '<form method="post" class="form"' not in html


def test_requests_and_invitations_are_throttled_per_person(client, group, settings, monkeypatch):
    isolated_cache(settings)
    monkeypatch.setattr(views, "MAILS_PER_HOUR", 1)
    agent = make_person("agent@example.fr")
    organisation = agent.memberships.get().organisation
    client.force_login(agent)
    other = make_group("Autre groupe")
    add_member(other, make_person("autre-lead@example.fr"), role=Role.LEAD)
    post = {"organisation": organisation.pk}
    assert client.post(reverse("groups:join", args=[group.slug]), post).status_code == 302
    response = client.post(reverse("groups:join", args=[other.slug]), post)
    assert response.status_code == 429
    assert not other.memberships.filter(user=agent).exists()


def test_the_invited_person_accepts_from_their_groups_page(client, group):
    agent = make_person("agent@example.fr")
    row = add_member(group, agent, status=Status.INVITED, invited_by=lead_of(group))
    client.force_login(agent)
    html = client.get(reverse("groups:mine")).content.decode()
    assert "Invitations à accepter" in html and "Invitation de Claire Fontaine" in html
    response = client.post(
        reverse("groups:accept", args=[group.slug]),
        {"organisation": agent.memberships.get().organisation_id, "depuis": "mes-groupes"},
    )
    assert response["Location"] == reverse("groups:mine")
    row.refresh_from_db()
    assert row.status == Status.ACTIVE


def test_accepting_for_an_organisation_not_ones_own_is_refused(client, group):
    agent = make_person("agent@example.fr")
    row = add_member(group, agent, status=Status.INVITED)
    client.force_login(agent)
    forged = make_organisation("Pas la sienne")
    response = client.post(reverse("groups:accept", args=[group.slug]), {"organisation": forged.pk})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Status.INVITED


def test_the_last_lead_is_told_to_name_another_before_leaving(client, group):
    client.force_login(lead_of(group))
    response = client.post(reverse("groups:leave", args=[group.slug]), follow=True)
    assert "Le groupe doit garder au moins un animateur" in response.content.decode()
    assert group.is_lead(lead_of(group))


def test_a_member_turns_the_emails_off_from_their_groups_page(client, group):
    member = member_of(group)
    client.force_login(member)
    response = client.post(
        reverse("groups:notify", args=[group.slug]), {"notify": "0", "depuis": "mes-groupes"}
    )
    assert response["Location"] == reverse("groups:mine")
    assert not group.memberships.get(user=member).notify
    html = client.get(reverse("groups:mine")).content.decode()
    assert "Recevoir ces courriels" in html
    # Anything else than the two choices changes nothing.
    client.post(reverse("groups:notify", args=[group.slug]), {"notify": "peut-être"})
    assert not group.memberships.get(user=member).notify


def test_a_redirection_goes_nowhere_but_the_site(client, group):
    client.force_login(member_of(group))
    response = client.post(
        reverse("groups:notify", args=[group.slug]),
        {"notify": "1", "depuis": "https://ailleurs.example.com/"},
    )
    assert response["Location"] == group.get_absolute_url()


def test_my_groups_lists_my_groups_requests_and_invitations_in_fixed_queries(
    client, django_assert_num_queries
):
    agent = make_person("agent@example.fr")
    for number in range(6):
        status = [Status.ACTIVE, Status.REQUESTED, Status.INVITED][number % 3]
        add_member(make_group(f"Groupe {number}"), agent, status=status)
    client.force_login(agent)
    with django_assert_num_queries(4):  # session, account, rows, the agent's organisations
        html = client.get(reverse("groups:mine")).content.decode()
    assert all(f"Groupe {number}" in html for number in range(6))
    assert "Mes demandes en attente" in html


def test_the_account_page_leads_to_my_groups(client):
    client.force_login(make_person("agent@example.fr"))
    html = client.get(reverse("accounts:account")).content.decode()
    assert "Mes groupes de travail" in html and f'href="{reverse("groups:mine")}"' in html


# ---------- The leads' pages ----------


def test_a_lead_decides_requests_and_invites_from_the_members_page(
    client, group, mailoutbox, django_capture_on_commit_callbacks
):
    lead = lead_of(group)
    requester = make_person("demandeur@example.fr", first_name="Léa", last_name="Bernard")
    request = add_member(group, requester, status=Status.REQUESTED)
    client.force_login(lead)
    url = reverse("groups:members", args=[group.slug])
    html = client.get(url).content.decode()
    assert "Léa Bernard (demandeur@example.fr)" in html and "membre@example.fr" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("groups:approve", args=[group.slug, request.pk]))
    assert group.is_member(requester)
    response = client.post(url, {"email": "inconnu@example.fr"})
    assert "Aucun compte d&#x27;agent n&#x27;existe à cette adresse" in response.content.decode()
    make_person("invitee@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "invitee@example.fr", "message": "Bienvenue"})
    assert response.status_code == 302
    assert group.memberships.get(user__email="invitee@example.fr").status == Status.INVITED
    assert [m.to for m in mailoutbox] == [["demandeur@example.fr"], ["invitee@example.fr"]]


def test_a_lead_names_another_lead_and_removes_a_member(client, group):
    client.force_login(lead_of(group))
    row = group.memberships.get(user__email="membre@example.fr")
    client.post(reverse("groups:role", args=[group.slug, row.pk]), {"role": "lead"})
    assert group.is_lead(row.user)
    client.post(reverse("groups:role", args=[group.slug, row.pk]), {"role": "member"})
    assert not group.is_lead(row.user)
    response = client.post(reverse("groups:role", args=[group.slug, row.pk]), {"role": "roi"})
    assert response.status_code == 302 and not group.is_lead(row.user)
    client.post(reverse("groups:remove", args=[group.slug, row.pk]))
    assert not group.memberships.filter(pk=row.pk).exists()


def test_the_members_page_runs_a_fixed_number_of_queries(client, group, django_assert_num_queries):
    for number in range(10):
        add_member(group, make_person(f"m{number}@example.fr"), status=Status.REQUESTED)
        add_member(group, make_person(f"i{number}@example.fr"), status=Status.INVITED)
    client.force_login(lead_of(group))
    with django_assert_num_queries(5):  # session, account, group, is lead, rows
        client.get(reverse("groups:members", args=[group.slug]))


# ---------- News ----------


def test_a_lead_publishes_edits_and_deletes_news_escaped_and_sanitised(client, group):
    client.force_login(lead_of(group))
    body = (
        f"Compte rendu {SCRIPT}\n\n[cliquez](javascript:alert(1)) et [le site](https://example.fr)"
    )
    response = client.post(
        reverse("groups:news_create", args=[group.slug]),
        {"title": f"Relevé {SCRIPT}", "body": body, "visibility": "membres"},
    )
    news = GroupNews.objects.get()
    assert response["Location"] == news.get_absolute_url()
    assert (news.author, news.visibility) == (lead_of(group), "membres")
    html = client.get(news.get_absolute_url()).content.decode()
    assert SCRIPT not in html and "Relevé &lt;script&gt;" in html
    assert 'href="javascript' not in html and '<a href="https://example.fr">le site</a>' in html
    assert "Réservé aux membres du groupe" in html
    edit = reverse("groups:news_edit", args=[group.slug, news.pk])
    assert "Relevé &lt;script&gt;" in client.get(edit).content.decode()
    client.post(edit, {"title": "Relevé", "body": "Texte", "visibility": "public"})
    news.refresh_from_db()
    assert (news.title, news.visibility) == ("Relevé", "public")
    client.post(reverse("groups:news_delete", args=[group.slug, news.pk]))
    assert not GroupNews.objects.exists()


def test_a_news_form_with_errors_says_so_in_french(client, group):
    client.force_login(lead_of(group))
    response = client.post(
        reverse("groups:news_create", args=[group.slug]),
        {"title": "", "body": "x", "visibility": "tout-le-monde"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Ce champ est obligatoire." in html
    assert "Sélectionnez un choix valide" in html
    assert not GroupNews.objects.exists()


def test_the_news_list_pages_the_groups_news(client, group, settings):
    settings.LIST_PAGE_SIZE = 2
    for number in range(3):
        make_news(group, f"Nouvelle {number}")
    html = client.get(reverse("groups:news_list", args=[group.slug])).content.decode()
    assert h1_texts(html) == ["Nouvelles du groupe Ouverture des données"]
    assert "Nouvelle 2" in html and "Nouvelle 0" not in html and "Page suivante" in html


# ---------- Feeds, sitemap, other pages ----------


def entries(response) -> list[ET.Element]:
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response
    return feed.findall(f"{ATOM}entry")


def test_a_groups_feed_holds_its_public_news_only(client, group):
    public = make_news(group, "Compte rendu", body=f"Texte {SCRIPT}")
    make_news(group, "Réservée", visibility="membres")
    make_news(make_group("Autre"), "D'un autre groupe")
    response = client.get(reverse("groups:group_feed", args=[group.slug]))
    (entry,) = entries(response)
    assert entry.find(f"{ATOM}title").text == "Compte rendu"
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{public.get_absolute_url()}"
    assert SCRIPT not in response.content.decode()
    feed = ET.fromstring(response.content)  # noqa: S314
    assert feed.find(f"{ATOM}link").get("href") == f"http://testserver{group.get_absolute_url()}"
    assert client.get(reverse("groups:group_feed", args=["inconnu"])).status_code == 404


def test_the_feed_of_the_list_follows_its_filters(client, group):
    other = make_group("Couverture mobile", orientations=[Orientation.objects.get(number=2)])
    make_news(group, "Nouvelle ouverture")
    make_news(other, "Nouvelle mobile")
    titles = [
        e.find(f"{ATOM}title").text
        for e in entries(client.get(reverse("groups:feed"), {"orientation": 2}))
    ]
    assert titles == ["Nouvelle mobile"]
    titles = [
        e.find(f"{ATOM}title").text
        for e in entries(client.get(reverse("groups:feed"), {"q": "ouvrir"}))
    ]
    assert titles == ["Nouvelle ouverture"]


def test_the_sitemap_lists_groups_and_public_news_in_one_query(client, group):
    public = make_news(group, "Publique")
    make_news(group, "Réservée", visibility="membres")
    xml = client.get(reverse("sitemap")).content.decode()
    locations = set(re.findall(r"<loc>http://testserver([^<]+)</loc>", xml))
    assert {
        reverse("groups:list"),
        group.get_absolute_url(),
        public.get_absolute_url(),
    } <= locations
    assert len([url for url in locations if "/nouvelles/" in url]) == 1


def test_orientation_and_organisation_pages_list_their_groups(client, group):
    html = client.get(Orientation.objects.get(number=14).get_absolute_url()).content.decode()
    assert '<h2 id="groupes-titre"' in html and group.get_absolute_url() in html
    assert (
        group.get_absolute_url()
        not in client.get(Orientation.objects.get(number=2).get_absolute_url()).content.decode()
    )
    syndicate = Organisation.objects.get(name="Syndicat du numérique")
    html = client.get(syndicate.get_absolute_url()).content.decode()
    assert '<h2 id="groupes-titre"' in html and group.get_absolute_url() in html
    # Represented by a request only: not taking part.
    outsider = make_organisation("Candidate")
    add_member(group, make_person("candidat@example.fr", outsider), status=Status.REQUESTED)
    assert "groupes-titre" not in client.get(outsider.get_absolute_url()).content.decode()


def test_a_group_never_takes_a_reserved_address():
    for slug in WorkingGroup.RESERVED_SLUGS:
        group = WorkingGroup(slug=slug, name="Groupe", theme="Thème")
        with pytest.raises(ValidationError) as error:
            group.full_clean()
        assert "adresse réservée" in str(error.value)


def test_an_invitation_answered_meanwhile_gives_a_french_message(client, monkeypatch):
    """Declining from a second tab after accepting in the first: the row read by the
    view is stale, the service refuses, the page says so (no error page)."""
    group = make_group("Ouverture des données", slug="ouverture")
    person = make_person("invite@example.fr")
    row = add_member(group, person, status=GroupMembership.Status.INVITED)
    stale = GroupMembership.objects.get(pk=row.pk)
    add_member(group, make_person("lead@example.fr"), role=GroupMembership.Role.LEAD)
    GroupMembership.objects.filter(pk=row.pk).update(status="active", joined_at=row.created_at)
    monkeypatch.setattr(views, "get_own_membership", lambda request, group, *statuses: stale)
    client.force_login(person)
    response = client.post(reverse("groups:decline_invitation", args=[group.slug]), follow=True)
    assert response.status_code == 200
    assert "Cette invitation a déjà reçu une réponse." in response.content.decode()
    assert GroupMembership.objects.get(pk=row.pk).status == GroupMembership.Status.ACTIVE
