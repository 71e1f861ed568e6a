"""The demo requests: two, invented and marked so, with their sites and history, one
under study and one connected; a later run puts them back rather than adding more."""

import pytest

from directory.demo import create_demo_organisations
from portal.interconnection.demo import create_demo_requests
from portal.models import InterconnectionRequest, InterconnectionStep
from tests.directory.factories import make_curator

pytestmark = pytest.mark.django_db


def test_the_demo_holds_two_marked_requests_with_their_history(small_region):
    create_demo_organisations()
    curator = make_curator()
    made = create_demo_requests(curator)
    rows = InterconnectionRequest.objects.all()
    assert len(made) == rows.count() == 2 and not rows.filter(is_demo=False).exists()
    assert all("démonstration" in row.subject for row in rows)
    assert {row.state for row in rows} == {"studying", "connected"}
    for row in rows:
        row.full_clean()
        for site in row.sites.all():
            site.full_clean()
        steps = list(row.steps.order_by("at"))
        assert steps[0].action == "received" and steps[-1].action == row.state
        assert all(step.by == curator for step in steps[1:])
    agent_request = rows.get(organisation__slug="syndicat-numerique-demo")
    assert agent_request.requested_by.email == "agent.syndicat@demo.scoran.invalid"
    assert agent_request.sites.filter(commune_id="21231").count() == 2


def test_a_later_run_puts_them_back(small_region):
    create_demo_organisations()
    create_demo_requests()
    create_demo_requests()
    assert InterconnectionRequest.objects.count() == 2
    assert InterconnectionStep.objects.count() == 6
