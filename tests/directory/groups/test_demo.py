"""The demo working groups: three groups of the strategy's subjects, the demo
syndicate's agent leading « Ouverture des données » with a request waiting, the
third place's agent outside it, two news items each (one for members only), and a
second run that changes nothing."""

import pytest
from django.urls import reverse

from directory.demo import create_demo_organisations
from directory.groups.demo import SYNDICATE_AGENT, THIRD_PLACE_AGENT, create_demo_groups
from directory.models import GroupMembership, GroupNews, User, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(small_region):
    agents = create_demo_organisations()
    return {"agents": agents, "groups": create_demo_groups()}


def test_three_groups_on_the_strategys_subjects(demo):
    assert [group.name for group in demo["groups"]] == [
        "Ouverture des données",
        "Couverture mobile",
        "Inclusion numérique",
    ]
    for group in WorkingGroup.objects.all():
        group.full_clean()
        assert group.is_demo and "fictif" in group.description
        assert group.orientations.exists()
        assert GroupMembership.objects.leads().filter(group=group).exists()
        news = GroupNews.objects.filter(group=group)
        assert sorted(news.values_list("visibility", flat=True)) == ["membres", "public"]
    numbers = set(
        WorkingGroup.objects.get(slug="ouverture-des-donnees").orientations.values_list(
            "number", flat=True
        )
    )
    assert 14 in numbers
    assert 2 in WorkingGroup.objects.get(slug="couverture-mobile").orientations.values_list(
        "number", flat=True
    )


def test_the_demo_agent_leads_open_data_with_a_request_to_answer(demo, client):
    group = WorkingGroup.objects.get(slug="ouverture-des-donnees")
    lead = User.objects.get(email=SYNDICATE_AGENT)
    assert group.is_lead(lead) and lead.get_full_name()
    assert group.memberships.requested().count() == 1
    outsider = User.objects.get(email=THIRD_PLACE_AGENT)
    assert group.membership_of(outsider) is None and outsider.memberships.exists()
    password = next(agent.password for agent in demo["agents"] if agent.email == SYNDICATE_AGENT)
    assert client.login(username=SYNDICATE_AGENT, password=password)
    html = client.get(reverse("groups:members", args=[group.slug])).content.decode()
    assert "Demandes à examiner" in html and "hugo.petit@demo.scoran.invalid" in html


def test_invented_colleagues_cannot_sign_in(demo):
    colleagues = User.objects.filter(email__endswith="@demo.scoran.invalid").exclude(
        email__startswith="agent."
    )
    assert colleagues.count() == 3
    assert not any(user.has_usable_password() for user in colleagues)


def test_a_second_run_changes_nothing(demo):
    before = (
        WorkingGroup.objects.count(),
        GroupMembership.objects.count(),
        GroupNews.objects.count(),
        User.objects.count(),
    )
    create_demo_groups()
    after = (
        WorkingGroup.objects.count(),
        GroupMembership.objects.count(),
        GroupNews.objects.count(),
        User.objects.count(),
    )
    assert before == after == (3, 9, 6, 5)
