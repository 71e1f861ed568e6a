"""The demo aides: at least 25, invented and marked so, every kind and territory
level, some closed and some closing soon around the day of the run."""

from datetime import timedelta

import pytest

from portal.funding.demo import create_demo_fundings
from portal.models import Funding
from tests.directory.factories import make_organisation
from tests.portal.funding.factories import day

pytestmark = pytest.mark.django_db

TODAY = day("2026-06-01")


def test_the_demo_covers_every_kind_level_and_date(small_region):
    make_organisation("Syndicat mixte du numérique (démonstration)", slug="syndicat-numerique-demo")
    create_demo_fundings(TODAY)
    rows = Funding.objects.all()
    assert rows.count() >= 25 and not rows.filter(is_demo=False).exists()
    assert all("démonstration" in f.name and "fictive" in f.summary for f in rows)
    assert {kind for f in rows for kind in f.kinds} == set(Funding.Kind.values)
    keys = {key[0] for f in rows for key in f.territory_keys}
    assert keys == {"F", "R", "D", "E", "C"}
    published = rows.published()
    assert published.closed_on(TODAY).count() >= 3
    assert published.closing_soon(TODAY).count() >= 3
    assert published.open_on(TODAY).exclude(sessions__isnull=True).count() >= 3
    assert rows.exclude(state="published").exists()  # for curators to moderate
    assert rows.filter(owner__slug="syndicat-numerique-demo").exists()


def test_a_later_run_moves_the_dates_along_without_duplicates(small_region):
    create_demo_fundings(TODAY)
    count = Funding.objects.count()
    later = TODAY + timedelta(days=100)
    create_demo_fundings(later)
    assert Funding.objects.count() == count
    assert Funding.objects.closing_soon(later).count() >= 3
