"""The rules of the working groups, held by their services: joining by a request or
an invitation, leaving, the leads' management (always one lead left), the e-mail
preference and the news; who may do each (``PermissionDenied``) and the French
refusals; a person who leaves an organisation stays in groups, no longer for it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directory.groups import services
from directory.models import GroupMembership, GroupNews, Membership, User
from directory.organisations import services as organisations
from tests.directory.factories import make_organisation, make_user
from tests.directory.groups.factories import add_member, make_group, make_news, make_person

pytestmark = pytest.mark.django_db

Status, Role = GroupMembership.Status, GroupMembership.Role


@pytest.fixture
def world():
    group = make_group("Ouverture des données", slug="ouverture")
    lead = make_person("lead@example.fr", first_name="Claire", last_name="Fontaine")
    add_member(group, lead, role=Role.LEAD)
    member = make_person("membre@example.fr")
    add_member(group, member)
    return {"group": group, "lead": lead, "member": member}


def refusal(call) -> str:
    with pytest.raises(ValidationError) as error:
        call()
    return " ".join(error.value.messages)


# ---------- Requests ----------


def test_an_agent_asks_to_join_for_one_of_their_organisations(world):
    agent = make_person("agent@example.fr")
    organisation = agent.memberships.get().organisation
    membership = services.request_to_join(
        group=world["group"], user=agent, organisation=organisation, message="  Bonjour  "
    )
    assert (membership.status, membership.role) == (Status.REQUESTED, Role.MEMBER)
    assert membership.organisation == organisation and membership.message == "Bonjour"
    assert membership.joined_at is None
    assert not world["group"].is_member(agent)


def test_a_request_needs_an_organisation_of_the_person(world):
    agent = make_person("agent@example.fr")
    stranger = make_organisation("Pas la mienne")
    for organisation in (None, stranger):
        assert "structure dont vous êtes membre" in refusal(
            lambda o=organisation: services.request_to_join(
                group=world["group"], user=agent, organisation=o
            )
        )
    nobody = make_user("sans-structure@example.fr")
    assert "structure dont vous êtes membre" in refusal(
        lambda: services.request_to_join(group=world["group"], user=nobody, organisation=stranger)
    )
    assert not GroupMembership.objects.filter(status=Status.REQUESTED).exists()


def test_a_closed_group_takes_no_request(world):
    world["group"].is_open = False
    world["group"].save()
    agent = make_person("agent@example.fr")
    message = refusal(
        lambda: services.request_to_join(
            group=world["group"], user=agent, organisation=agent.memberships.get().organisation
        )
    )
    assert message.startswith("Ce groupe n'accepte pas de demandes")


@pytest.mark.parametrize(
    "status, expected",
    [
        (Status.ACTIVE, "Vous êtes déjà membre de ce groupe."),
        (Status.REQUESTED, "Votre demande est déjà en attente de réponse."),
        (Status.INVITED, "Vous êtes déjà invité dans ce groupe : acceptez l'invitation."),
    ],
)
def test_no_second_request(world, status, expected):
    agent = make_person("agent@example.fr")
    add_member(world["group"], agent, status=status)
    assert (
        refusal(
            lambda: services.request_to_join(
                group=world["group"], user=agent, organisation=agent.memberships.get().organisation
            )
        )
        == expected
    )
    assert world["group"].memberships.filter(user=agent).count() == 1


def test_a_lead_approves_a_request_and_the_person_becomes_a_member(world):
    agent = make_person("agent@example.fr")
    request = add_member(world["group"], agent, status=Status.REQUESTED)
    services.approve_request(membership=request, by=world["lead"])
    request.refresh_from_db()
    assert request.status == Status.ACTIVE and request.joined_at is not None
    assert request.decided_by == world["lead"]
    assert world["group"].is_member(agent)
    assert refusal(
        lambda: services.approve_request(membership=request, by=world["lead"])
    ).startswith("Cette demande a déjà été traitée")


def test_a_declined_request_leaves_nothing(world):
    agent = make_person("agent@example.fr")
    request = add_member(world["group"], agent, status=Status.REQUESTED, message="Bonjour")
    services.decline_request(membership=request, by=world["lead"])
    assert not GroupMembership.objects.filter(pk=request.pk).exists()
    assert "n'existe plus" in refusal(
        lambda: services.decline_request(membership=request, by=world["lead"])
    )


def test_only_a_lead_of_that_group_decides(world):
    agent = make_person("agent@example.fr")
    request = add_member(world["group"], agent, status=Status.REQUESTED)
    other_group = make_group("Autre groupe")
    other_lead = make_person("autre-lead@example.fr")
    add_member(other_group, other_lead, role=Role.LEAD)
    for by in (world["member"], other_lead, agent):
        for service in (services.approve_request, services.decline_request):
            with pytest.raises(PermissionDenied):
                service(membership=request, by=by)
    request.refresh_from_db()
    assert request.status == Status.REQUESTED


def test_a_former_lead_no_longer_decides(world):
    second = make_person("second@example.fr")
    add_member(world["group"], second, role=Role.LEAD)
    services.remove_lead(membership=world["group"].memberships.get(user=second), by=second)
    request = add_member(world["group"], make_person("agent@example.fr"), status=Status.REQUESTED)
    with pytest.raises(PermissionDenied):
        services.approve_request(membership=request, by=second)


# ---------- Invitations ----------


def test_a_lead_invites_an_agent_by_the_address_of_their_account(world):
    organisation = make_organisation("Mairie")
    agent = make_person("Invitee@Example.fr".lower(), organisation)
    invitation = services.invite(
        group=world["group"], email=" INVITEE@example.fr ", by=world["lead"], message="Viens !"
    )
    assert (invitation.user, invitation.status) == (agent, Status.INVITED)
    assert invitation.invited_by == world["lead"] and invitation.message == "Viens !"
    assert invitation.organisation == organisation  # their only one
    assert not world["group"].is_member(agent)


def test_a_closed_group_still_invites(world):
    world["group"].is_open = False
    world["group"].save()
    make_person("invitee@example.fr")
    assert services.invite(group=world["group"], email="invitee@example.fr", by=world["lead"])


def test_an_address_without_an_agents_account_is_refused_saying_no_more(world):
    make_user("sans-structure@example.fr")
    inactive = make_person("inactive@example.fr")
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    messages = {
        refusal(lambda e=email: services.invite(group=world["group"], email=e, by=world["lead"]))
        for email in ("inconnu@example.fr", "sans-structure@example.fr", "inactive@example.fr")
    }
    assert messages == {services.NO_AGENT_ACCOUNT}
    assert "créer son compte" in services.NO_AGENT_ACCOUNT
    assert not GroupMembership.objects.filter(status=Status.INVITED).exists()


@pytest.mark.parametrize(
    "status, expected",
    [
        (Status.ACTIVE, "Cette personne est déjà membre du groupe."),
        (Status.INVITED, "Cette personne est déjà invitée dans le groupe."),
        (Status.REQUESTED, "a déjà demandé à rejoindre le groupe : acceptez sa demande"),
    ],
)
def test_no_invitation_for_someone_already_there(world, status, expected):
    agent = make_person("agent@example.fr")
    add_member(world["group"], agent, status=status)
    assert expected in refusal(
        lambda: services.invite(group=world["group"], email=agent.email, by=world["lead"])
    )


def test_only_leads_invite(world):
    make_person("invitee@example.fr")
    with pytest.raises(PermissionDenied):
        services.invite(group=world["group"], email="invitee@example.fr", by=world["member"])


def test_the_invited_person_accepts_for_one_of_their_organisations(world):
    first, second = make_organisation("Mairie"), make_organisation("Syndicat")
    agent = make_person("agent@example.fr", first)
    agent.memberships.create(organisation=second)
    invitation = services.invite(group=world["group"], email=agent.email, by=world["lead"])
    assert invitation.organisation is None  # two organisations: chosen on acceptance
    with pytest.raises(ValidationError):
        services.accept_invitation(
            membership=invitation, user=agent, organisation=make_organisation("Autre")
        )
    services.accept_invitation(membership=invitation, user=agent, organisation=second)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.organisation) == (Status.ACTIVE, second)
    assert invitation.joined_at is not None and world["group"].is_member(agent)


def test_nobody_else_answers_an_invitation(world):
    agent = make_person("agent@example.fr")
    invitation = services.invite(group=world["group"], email=agent.email, by=world["lead"])
    organisation = world["lead"].memberships.get().organisation
    with pytest.raises(PermissionDenied):
        services.accept_invitation(
            membership=invitation, user=world["lead"], organisation=organisation
        )
    with pytest.raises(PermissionDenied):
        services.decline_invitation(membership=invitation, user=world["member"])
    services.decline_invitation(membership=invitation, user=agent)
    assert not GroupMembership.objects.filter(pk=invitation.pk).exists()


def test_an_invitation_is_answered_once(world):
    agent = make_person("agent@example.fr")
    invitation = services.invite(group=world["group"], email=agent.email, by=world["lead"])
    organisation = agent.memberships.get().organisation
    services.accept_invitation(membership=invitation, user=agent, organisation=organisation)
    assert "déjà reçu une réponse" in refusal(
        lambda: services.decline_invitation(membership=invitation, user=agent)
    )
    assert world["group"].is_member(agent)


# ---------- Leaving, roles, removal ----------


def test_a_member_leaves_and_a_requester_withdraws(world):
    services.leave(
        membership=world["group"].memberships.get(user=world["member"]), user=world["member"]
    )
    assert not world["group"].memberships.filter(user=world["member"]).exists()
    agent = make_person("agent@example.fr")
    request = add_member(world["group"], agent, status=Status.REQUESTED)
    services.leave(membership=request, user=agent)
    assert not world["group"].memberships.filter(user=agent).exists()


def test_one_leaves_only_for_oneself(world):
    membership = world["group"].memberships.get(user=world["member"])
    with pytest.raises(PermissionDenied):
        services.leave(membership=membership, user=world["lead"])


def test_the_last_lead_cannot_leave_nor_be_removed_nor_step_down(world):
    lead_row = world["group"].memberships.get(user=world["lead"])
    assert refusal(lambda: services.leave(membership=lead_row, user=world["lead"])) == (
        services.LAST_LEAD
    )
    assert refusal(lambda: services.remove_member(membership=lead_row, by=world["lead"])) == (
        services.LAST_LEAD
    )
    assert refusal(lambda: services.remove_lead(membership=lead_row, by=world["lead"])) == (
        services.LAST_LEAD
    )
    lead_row.refresh_from_db()
    assert lead_row.is_lead


def test_a_lead_names_another_then_may_step_down_or_leave(world):
    member_row = world["group"].memberships.get(user=world["member"])
    services.make_lead(membership=member_row, by=world["lead"])
    member_row.refresh_from_db()
    assert member_row.is_lead and world["group"].is_lead(world["member"])
    lead_row = world["group"].memberships.get(user=world["lead"])
    services.remove_lead(membership=lead_row, by=world["lead"])
    lead_row.refresh_from_db()
    assert lead_row.role == Role.MEMBER and lead_row.is_active
    services.leave(membership=lead_row, user=world["lead"])
    assert list(GroupMembership.objects.leads().filter(group=world["group"])) == [member_row]


def test_only_active_members_become_leads(world):
    invited = add_member(world["group"], make_person("agent@example.fr"), status=Status.INVITED)
    assert "Seul un membre" in refusal(
        lambda: services.make_lead(membership=invited, by=world["lead"])
    )


def test_a_lead_removes_a_member_or_withdraws_an_invitation_but_declines_requests(world):
    member_row = world["group"].memberships.get(user=world["member"])
    services.remove_member(membership=member_row, by=world["lead"])
    assert not world["group"].is_member(world["member"])
    invited = add_member(world["group"], make_person("invite@example.fr"), status=Status.INVITED)
    services.remove_member(membership=invited, by=world["lead"])
    assert not GroupMembership.objects.filter(pk=invited.pk).exists()
    requested = add_member(world["group"], make_person("demande@example.fr"), status="requested")
    assert "Acceptez ou refusez" in refusal(
        lambda: services.remove_member(membership=requested, by=world["lead"])
    )


def test_members_do_not_manage_members(world):
    other = add_member(world["group"], make_person("autre@example.fr"))
    lead_row = world["group"].memberships.get(user=world["lead"])
    for call in (
        lambda: services.remove_member(membership=other, by=world["member"]),
        lambda: services.make_lead(membership=other, by=world["member"]),
        lambda: services.remove_lead(membership=lead_row, by=world["member"]),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert world["group"].is_member(other.user) and world["group"].is_lead(world["lead"])


def test_a_member_turns_the_groups_emails_off_and_on(world):
    row = world["group"].memberships.get(user=world["member"])
    services.set_notify(membership=row, user=world["member"], notify=False)
    assert world["member"] not in {m.user for m in GroupMembership.objects.to_notify()}
    assert world["member"].email not in services.members_to_notify(world["group"])
    services.set_notify(membership=row, user=world["member"], notify=True)
    assert services.members_to_notify(world["group"]) == sorted(
        [world["lead"].email, world["member"].email]
    )
    with pytest.raises(PermissionDenied):
        services.set_notify(membership=row, user=world["lead"], notify=False)


def test_members_to_notify_leaves_out_requests_invitations_and_inactive_accounts(world):
    add_member(world["group"], make_person("demande@example.fr"), status=Status.REQUESTED)
    add_member(world["group"], make_person("invite@example.fr"), status=Status.INVITED)
    gone = make_person("parti@example.fr")
    add_member(world["group"], gone)
    User.objects.filter(pk=gone.pk).update(is_active=False)
    assert services.members_to_notify(world["group"]) == ["lead@example.fr", "membre@example.fr"]


# ---------- News ----------


def test_a_lead_posts_edits_and_deletes_news(world):
    news = services.post_news(
        group=world["group"],
        by=world["lead"],
        title=" Compte rendu ",
        body="Texte",
        visibility="membres",
    )
    assert (news.title, news.author, news.visibility) == ("Compte rendu", world["lead"], "membres")
    assert news.published_at is not None
    services.edit_news(
        news=news, by=world["lead"], title="Relevé", body="Autre", visibility="public"
    )
    news.refresh_from_db()
    assert (news.title, news.body, news.visibility) == ("Relevé", "Autre", "public")
    services.delete_news(news=news, by=world["lead"])
    assert not GroupNews.objects.exists()


def test_news_are_checked_as_the_model_says(world):
    message = refusal(
        lambda: services.post_news(
            group=world["group"], by=world["lead"], title="x" * 201, body="", visibility="tous"
        )
    )
    assert "titre" in message.lower() or "200" in message
    assert not GroupNews.objects.exists()


def test_only_leads_of_the_group_write_news(world):
    news = make_news(world["group"])
    other_group = make_group("Autre")
    other_lead = make_person("autre-lead@example.fr")
    add_member(other_group, other_lead, role=Role.LEAD)
    for by in (world["member"], other_lead):
        with pytest.raises(PermissionDenied):
            services.post_news(
                group=world["group"], by=by, title="T", body="B", visibility="public"
            )
        with pytest.raises(PermissionDenied):
            services.edit_news(news=news, by=by, title="T", body="B", visibility="public")
        with pytest.raises(PermissionDenied):
            services.delete_news(news=news, by=by)
    news.refresh_from_db()
    assert news.title == "Compte rendu"


def test_a_lead_whose_account_is_switched_off_does_not_count(world):
    """The last lead with an active account stays: another lead whose account was
    switched off could not run the group."""
    member_row = world["group"].memberships.get(user=world["member"])
    services.make_lead(membership=member_row, by=world["lead"])
    User.objects.filter(pk=world["member"].pk).update(is_active=False)
    lead_row = world["group"].memberships.get(user=world["lead"])
    assert refusal(lambda: services.leave(membership=lead_row, user=world["lead"])) == (
        services.LAST_LEAD
    )
    assert world["group"].is_lead(world["lead"])


# ---------- Leaving an organisation ----------


def test_a_person_who_leaves_an_organisation_stays_in_groups_but_no_longer_for_it(world, client):
    organisation = world["member"].memberships.get().organisation
    second = make_organisation("Seconde structure")
    Membership.objects.create(user=world["member"], organisation=second)
    other_group = make_group("Inclusion", slug="inclusion")
    add_member(other_group, world["member"], organisation=second)
    colleague = make_person("collegue@example.fr", organisation)
    add_member(world["group"], colleague)
    admin = make_person("admin@example.fr", organisation)
    assert "Structure de membre" in client.get(world["group"].get_absolute_url()).text

    organisations.remove_member(
        membership=Membership.objects.get(user=world["member"], organisation=organisation),
        by=admin,
    )
    row = GroupMembership.objects.get(group=world["group"], user=world["member"])
    assert row.organisation is None and row.status == Status.ACTIVE  # still a member
    # Their place for the other organisation, and the colleague's, are untouched.
    assert GroupMembership.objects.get(group=other_group).organisation == second
    assert GroupMembership.objects.get(user=colleague).organisation == organisation

    colleague.memberships.all().delete()  # any end of a membership: the admin site too
    assert GroupMembership.objects.get(user=colleague).organisation is None
    assert "Structure de membre" not in client.get(world["group"].get_absolute_url()).text
