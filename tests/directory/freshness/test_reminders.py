"""Owners' weekly reminder of their items "à vérifier": one e-mail per person
listing every item of every curated kind, at most once a week."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from directory.freshness.selectors import agents_of
from directory.freshness.services import send_review_reminders
from directory.models import Project
from scoran.lib.catalogues import CURATED_KINDS, CuratedKind
from tests.directory.factories import make_agent, make_organisation, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_week():
    cache.clear()


def _age(*items, days: int) -> None:
    for item in items:
        type(item).objects.filter(pk=item.pk).update(
            reviewed_at=timezone.now() - timedelta(days=days)
        )


@pytest.fixture
def owners(settings):
    settings.REVIEW_AFTER_DAYS = 365
    syndicate = make_organisation("Syndicat", slug="syndicat")
    alice = make_agent("alice@example.fr", syndicate)
    make_agent("bob@example.fr", syndicate)
    other = make_organisation("Ville", slug="ville")
    make_agent("carole@example.fr", other)
    old = make_project(syndicate, by=alice, state="published", title="Fibre")
    draft = make_project(syndicate, by=alice, title="Brouillon")
    recent = make_project(syndicate, by=alice, state="published", title="Wifi")
    _age(syndicate, old, draft, days=400)
    _age(recent, days=10)
    return {"syndicate": syndicate, "other": other, "old": old, "recent": recent}


def test_each_owner_gets_one_email_listing_all_their_items_due(owners):
    assert send_review_reminders() == 2
    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {"alice@example.fr", "bob@example.fr"}  # Ville is up to date
    body = by_person["alice@example.fr"].body
    assert by_person["alice@example.fr"].subject == "[SCORAN BFC] 2 fiches à vérifier"
    assert "Structures :\n- Syndicat : http" in body
    assert "Projets :\n- Fibre : http" in body
    assert "/annuaire/syndicat/modifier/" in body
    assert "Wifi" not in body and "Brouillon" not in body  # reviewed lately; not published


def test_an_owner_is_reminded_once_a_week_however_often_the_job_runs(owners):
    send_review_reminders()
    assert send_review_reminders() == 0
    assert len(mail.outbox) == 2


def test_inactive_agents_and_agents_of_other_organisations_hear_nothing(owners):
    alice = owners["syndicate"].memberships.get(user__email="alice@example.fr").user
    alice.is_active = False
    alice.save()
    send_review_reminders()
    assert [message.to for message in mail.outbox] == [["bob@example.fr"]]


def test_an_owner_who_confirms_is_no_longer_reminded(owners):
    from directory.organisations.services import confirm_organisation
    from directory.projects.services import confirm_project

    alice = owners["syndicate"].memberships.get(user__email="alice@example.fr").user
    confirm_organisation(organisation=owners["syndicate"], by=alice)
    confirm_project(project=owners["old"], by=alice)
    assert send_review_reminders() == 0


def test_the_owners_of_many_items_cost_two_queries_per_kind(owners, django_assert_num_queries):
    kind = CURATED_KINDS["projets"]
    due = kind.queryset().due_for_review()
    with django_assert_num_queries(2):
        pairs = list(kind.owners(due))
    assert sorted((item.title, email) for item, email in pairs) == [
        ("Fibre", "alice@example.fr"),
        ("Fibre", "bob@example.fr"),
    ]


def test_a_new_kind_plugs_in_with_one_registration(owners):
    """How resources and aides join: one entry, owners found by their organisation."""
    entry = CuratedKind(
        key="essais",
        label="Essais",
        queryset=lambda: Project.objects.filter(title="Wifi"),
        owners=agents_of("organisation"),
        link=lambda project: "/essai/",
        title=lambda project: f"Essai {project.title}",
    )
    _age(owners["recent"], days=400)
    with CURATED_KINDS.replaced("essais", entry):
        send_review_reminders()
    body = next(m.body for m in mail.outbox if m.to == ["bob@example.fr"])
    assert "Essais :\n- Essai Wifi : http" in body
