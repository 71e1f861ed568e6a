"""Open, closed and closing soon: computed on the local (Paris) date, the same in
SQL (the queryset) and in Python (the model), and shown on the list and the page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Funding
from tests.portal.funding.factories import day, make_funding

pytestmark = pytest.mark.django_db

D = day("2026-03-15")


@pytest.fixture
def aides():
    return {
        "permanent": make_funding("Permanente"),
        "open": make_funding("Ouverte", sessions=[(day("2026-01-01"), day("2026-06-30"))]),
        "soon": make_funding("Bientôt close", sessions=[(None, D + timedelta(days=29))]),
        "day 30": make_funding("Dans trente jours", sessions=[(None, D + timedelta(days=30))]),
        "last day": make_funding("Dernier jour", sessions=[(None, D)]),
        "closed": make_funding("Close", sessions=[(None, D - timedelta(days=1))]),
        "upcoming": make_funding("À venir", sessions=[(D + timedelta(days=1), None)]),
        "reopens": make_funding(
            "Rouvre",
            sessions=[(None, day("2026-01-31")), (day("2026-04-01"), day("2026-04-30"))],
        ),
    }


def names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_open_closed_and_closing_soon_on_a_given_day(aides):
    rows = Funding.objects.all()
    assert names(rows.open_on(D)) == {
        "Permanente", "Ouverte", "Bientôt close", "Dans trente jours", "Dernier jour",
    }  # fmt: skip
    assert names(rows.closed_on(D)) == {"Close"}
    assert names(rows.current(D)) == names(rows) - {"Close"}
    assert names(rows.closing_soon(D)) == {"Bientôt close", "Dernier jour"}


def test_the_model_says_what_the_queryset_says(aides):
    for funding in Funding.objects.prefetch_related("sessions"):
        assert funding.is_open(D) == Funding.objects.open_on(D).filter(pk=funding.pk).exists()
        assert funding.is_closed(D) == Funding.objects.closed_on(D).filter(pk=funding.pk).exists()
        soon = Funding.objects.closing_soon(D).filter(pk=funding.pk).exists()
        assert funding.is_closing_soon(D) == soon, funding.name


def test_a_deadline_is_over_at_midnight_in_paris_not_in_utc():
    """23:30 UTC on 1 March is already 2 March in Paris: an aide whose deadline was
    1 March is closed then, though the UTC date still says 1 March."""
    funding = make_funding("Close le 1er mars", sessions=[(None, day("2026-03-01"))])
    moment = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    paris_day = timezone.localdate(moment)
    assert paris_day == day("2026-03-02") and moment.date() == day("2026-03-01")
    assert Funding.objects.closed_on(paris_day).filter(pk=funding.pk).exists()
    assert not Funding.objects.closed_on(moment.date()).filter(pk=funding.pk).exists()


def test_pages_use_the_local_date_not_the_utc_one(client):
    """Two time zones 25 hours apart never share a date: an aide whose deadline is
    the date of the one behind is open there and closed ahead, whatever the hour."""
    with timezone.override("Pacific/Pago_Pago"):
        behind = timezone.localdate()
    funding = make_funding("Dernier jour ici", sessions=[(None, behind)])
    with timezone.override("Pacific/Pago_Pago"):
        assert "Dernier jour ici" in client.get(reverse("funding:list")).content.decode()
        page = client.get(funding.get_absolute_url()).content.decode()
        assert "Aide clôturée" not in page and "Clôture dans moins de 30 jours" in page
    with timezone.override("Pacific/Kiritimati"):
        assert "Dernier jour ici" not in client.get(reverse("funding:list")).content.decode()
        assert "Aide clôturée" in client.get(funding.get_absolute_url()).content.decode()


def test_closed_aides_leave_the_default_list_and_a_filter_shows_them(client):
    today = timezone.localdate()
    make_funding("Aide close", sessions=[(None, today - timedelta(days=1))])
    make_funding("Aide ouverte", sessions=[(None, today + timedelta(days=60))])
    make_funding("Aide pressée", sessions=[(None, today + timedelta(days=5))])
    url = reverse("funding:list")
    html = client.get(url).content.decode()
    assert "Aide ouverte" in html and "Aide pressée" in html and "Aide close" not in html
    html = client.get(url, {"statut": "cloturees"}).content.decode()
    assert "Aide close" in html and "Aide ouverte" not in html
    html = client.get(url, {"statut": "toutes"}).content.decode()
    assert all(name in html for name in ("Aide close", "Aide ouverte", "Aide pressée"))
    html = client.get(url, {"statut": "bientot"}).content.decode()
    assert "Aide pressée" in html and "Aide ouverte" not in html
    assert html.count("Clôture dans moins de 30 jours") >= 2  # the option and the card


def test_a_closed_aide_keeps_its_page_with_a_banner(client):
    funding = make_funding(
        "Aide close", sessions=[(None, timezone.localdate() - timedelta(days=1))]
    )
    response = client.get(funding.get_absolute_url())
    assert response.status_code == 200
    assert "Aide clôturée" in response.content.decode()
