"""Downloads of resources: counted in the download views at most once per visitor,
resource and day (whichever file), robots not counted, no cookie and no address
kept anywhere, the file served even when counting is unavailable; monthly totals
for curators; the guide « Territoires intelligents » designated by curators and its
downloads making a section 8 indicator."""

import datetime
import html
import importlib
import logging
import re

import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from portal.models import Resource, ResourceDownloadMonth, ResourceFile, ResourceVersion
from portal.resources import counting
from portal.resources.indicators import KEY, guide_downloads
from strategy.models import Indicator, IndicatorValue
from strategy.services import refresh_indicator_values
from tests.directory.factories import (
    isolated_cache,
    make_agent,
    make_curator,
    make_organisation,
    make_user,
)
from tests.directory.outages import unreachable_redis
from tests.portal.factories import PDF, make_resource_row
from tests.scoran.lib.test_downloads import CHROME, FIREFOX, ROBOTS

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"
DAY = datetime.date(2026, 3, 14)


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    isolated_cache(settings)


def make_resource(title="Guide des territoires intelligents", *, published=True, **extra):
    """A resource without version (``add_version`` gives it files)."""
    state = Resource.State.PUBLISHED if published else Resource.State.DRAFT
    return make_resource_row(title, state=state, link=None, **extra)


def add_version(resource, label="1.0", files=("guide.pdf",)):
    version = ResourceVersion.objects.create(
        resource=resource, label=label, date=datetime.date(2026, 1, 15)
    )
    for position, name in enumerate(files):
        ResourceFile.objects.create(
            version=version,
            file=SimpleUploadedFile(name, PDF),
            original_name=name,
            content_type="application/pdf",
            size=len(PDF),
            position=position,
        )
    return version


@pytest.fixture
def resource():
    resource = make_resource()
    add_version(resource, files=("guide.pdf", "annexes.pdf"))
    return resource


def download(client, url, *, ip=IP, user_agent=FIREFOX):
    """The response, its file read to the end, which closes it (``response.body``)."""
    response = client.get(url, REMOTE_ADDR=ip, HTTP_USER_AGENT=user_agent)
    response.body = b"".join(response.streaming_content) if response.streaming else b""
    return response


def latest(resource):
    return reverse("resources:latest", kwargs={"slug": resource.slug})


def file_url(resource, stored):
    return reverse("resources:file", kwargs={"slug": resource.slug, "pk": stored.pk})


def counts(resource) -> dict[datetime.date, int]:
    return dict(
        ResourceDownloadMonth.objects.filter(resource=resource).values_list("month", "count")
    )


def this_month():
    return timezone.localdate().replace(day=1)


# ---------- Counting in the download views ----------


def test_a_visitor_downloading_twice_counts_once(client, resource):
    for _ in range(3):
        response = download(client, latest(resource))
        assert response.status_code == 200
        assert response.body == PDF
    assert counts(resource) == {this_month(): 1}


def test_the_latest_link_and_every_file_count_once_together(client, resource):
    add_version(resource, label="2.0", files=("guide-v2.pdf",))
    download(client, latest(resource))
    for stored in ResourceFile.objects.filter(version__resource=resource):
        assert download(client, file_url(resource, stored)).status_code == 200
    assert counts(resource) == {this_month(): 1}


def test_a_file_url_counts_on_its_own(client, resource):
    stored = ResourceFile.objects.filter(version__resource=resource).last()
    download(client, file_url(resource, stored))
    assert counts(resource) == {this_month(): 1}


def test_another_address_or_browser_is_another_visitor(client, resource):
    download(client, latest(resource))
    download(client, latest(resource), ip="198.51.100.20")
    download(client, latest(resource), user_agent=CHROME)
    download(client, latest(resource), ip="198.51.100.20")
    assert counts(resource) == {this_month(): 3}


def test_each_resource_is_counted_on_its_own(client, resource):
    other = make_resource("Modèle de CCTP")
    add_version(other)
    download(client, latest(resource))
    download(client, latest(other))
    assert counts(resource) == counts(other) == {this_month(): 1}


def test_the_next_day_counts_again_and_months_add_up_apart(resource):
    request = RequestFactory().get("/", REMOTE_ADDR=IP, HTTP_USER_AGENT=FIREFOX)
    days = [DAY, DAY, DAY + datetime.timedelta(days=1), datetime.date(2026, 4, 1)]
    counted = [
        counting.record_download(request=request, resource=resource, day=day) for day in days
    ]
    assert counted == [True, False, True, True]
    assert counts(resource) == {datetime.date(2026, 3, 1): 2, datetime.date(2026, 4, 1): 1}


@pytest.mark.parametrize("user_agent", [*ROBOTS, ""])
def test_robots_get_the_file_but_are_not_counted(client, resource, user_agent):
    response = download(client, latest(resource), user_agent=user_agent)
    assert response.status_code == 200
    assert counts(resource) == {}


def test_no_cookie_is_set(client, resource):
    response = download(client, latest(resource))
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    assert not client.cookies


def test_no_address_nor_browser_is_kept_in_redis_or_the_database(client, resource, settings):
    download(client, latest(resource))
    download(client, latest(resource), ip="198.51.100.20", user_agent=CHROME)
    assert counts(resource) == {this_month(): 2}
    traces = [IP, "198.51.100.20", "Firefox/133.0", "Chrome/131.0"]
    # Redis: the day's key and one marker per visitor, opaque and expiring.
    server = redis.Redis.from_url(django_settings.REDIS_URL)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    names = list(server.scan_iter(match=f"{prefix}:*"))
    assert len(names) == 3
    for name in names:
        stored = name + b" " + server.get(name)
        assert not [trace for trace in traces if trace.encode() in stored]
        assert server.ttl(name) > 0
    # The database: no row of any table holds them.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            for trace in traces:
                cursor.execute(
                    f"SELECT count(*) FROM {connection.ops.quote_name(table)} AS t "  # noqa: S608
                    "WHERE t::text LIKE %s",
                    [f"%{trace}%"],
                )
                assert cursor.fetchone()[0] == 0, (table, trace)


def test_without_redis_the_file_is_served_and_nothing_counted(client, resource, settings, caplog):
    unreachable_redis(settings)
    with caplog.at_level(logging.ERROR, logger="scoran.lib.downloads"):
        response = download(client, latest(resource))
        assert response.status_code == 200
        assert response.body == PDF
        stored = ResourceFile.objects.filter(version__resource=resource).first()
        assert download(client, file_url(resource, stored)).status_code == 200
    assert counts(resource) == {}
    assert "not counted, counting unavailable" in caplog.text


def test_an_external_link_followed_from_the_permanent_link_counts(client):
    resource = make_resource("Étude en ligne")
    ResourceVersion.objects.create(
        resource=resource,
        label="1",
        date=datetime.date(2026, 1, 1),
        external_url="https://example.org/etude.pdf",
    )
    response = download(client, latest(resource))
    assert response.status_code == 302
    download(client, latest(resource))
    assert counts(resource) == {this_month(): 1}


def test_the_download_view_runs_a_constant_number_of_queries(
    client, resource, django_assert_num_queries
):
    # The resource, its latest version, its files, then the count (an upsert).
    with django_assert_num_queries(4):
        download(client, latest(resource))
    with django_assert_num_queries(3):  # already counted today: no write
        download(client, latest(resource))
    stored = ResourceFile.objects.filter(version__resource=resource).first()
    with django_assert_num_queries(3):
        download(client, file_url(resource, stored), ip="198.51.100.20")


# ---------- What is not public is neither served nor counted ----------


def test_an_unpublished_resource_is_neither_served_nor_counted(client):
    draft = make_resource("Brouillon", published=False)
    add_version(draft)
    stored = ResourceFile.objects.get(version__resource=draft)
    assert download(client, latest(draft)).status_code == 404
    assert download(client, file_url(draft, stored)).status_code == 404
    assert counts(draft) == {}


def test_previews_by_the_authors_and_curators_are_not_counted(client):
    organisation = make_organisation()
    draft = make_resource("Brouillon", published=False, organisation=organisation)
    add_version(draft)
    client.force_login(make_agent("agente@example.fr", organisation))
    assert download(client, latest(draft)).status_code == 200
    client.force_login(make_curator())
    assert download(client, latest(draft)).status_code == 200
    assert counts(draft) == {}


def test_forged_ids_are_404_and_not_counted(client, resource):
    other = make_resource("Autre")
    add_version(other)
    foreign = ResourceFile.objects.get(version__resource=other)
    missing = ResourceFile.objects.order_by("-pk").first().pk + 1
    urls = [
        file_url(resource, foreign),  # a file of another resource under this slug
        reverse("resources:file", kwargs={"slug": resource.slug, "pk": missing}),
        reverse("resources:latest", kwargs={"slug": "inconnue"}),
        f"{latest(resource)[: -len('telecharger/')]}fichiers/1%27%20OR%201=1/",
    ]
    for url in urls:
        assert download(client, url).status_code == 404, url
    assert counts(resource) == counts(other) == {}


# ---------- Monthly totals ----------


def test_increments_add_up_in_one_row_per_month(resource):
    for day in (DAY, DAY, datetime.date(2026, 3, 31), datetime.date(2026, 4, 2)):
        ResourceDownloadMonth.objects.increment(resource_id=resource.pk, day=day)
    assert counts(resource) == {datetime.date(2026, 3, 1): 3, datetime.date(2026, 4, 1): 1}
    assert counting.total_downloads(resource) == 4


@pytest.mark.parametrize(
    "values", [{"month": DAY, "count": 1}, {"month": datetime.date(2026, 3, 1), "count": -1}]
)
def test_the_database_refuses_a_month_not_on_its_first_day_or_a_negative_count(resource, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceDownloadMonth.objects.create(resource=resource, **values)


def test_totals_go_with_their_resource(resource):
    ResourceDownloadMonth.objects.increment(resource_id=resource.pk, day=DAY)
    resource.delete()
    assert not ResourceDownloadMonth.objects.exists()


# ---------- The guide « Territoires intelligents » ----------


def test_only_one_resource_is_the_guide(resource):
    other = make_resource("Autre guide")
    counting.designate_territory_guide(resource=resource)
    counting.designate_territory_guide(resource=other)
    assert list(Resource.objects.filter(is_territory_guide=True)) == [other]
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(pk=resource.pk).update(is_territory_guide=True)


def indicator():
    return Indicator.objects.get(measure=KEY)


def indicator_section(page: str) -> str:
    """The text of the indicator's computed values on the indicator page."""
    section = page.split(f'id="valeurs-{indicator().pk}"')[1].split("</section>")[0]
    return html.unescape(section)


def test_the_indicator_of_the_strategy_uses_the_guides_downloads():
    assert "téléchargements en ligne du guide" in indicator().name


def test_the_indicator_counts_the_guides_downloads_per_year(resource, django_assert_num_queries):
    other = make_resource("Autre")
    counting.designate_territory_guide(resource=resource)
    for day, times in ((datetime.date(2025, 11, 3), 2), (DAY, 3), (datetime.date(2026, 4, 1), 1)):
        for _ in range(times):
            ResourceDownloadMonth.objects.increment(resource_id=resource.pk, day=day)
    ResourceDownloadMonth.objects.increment(resource_id=other.pk, day=DAY)
    with django_assert_num_queries(3):  # the guide, its years, the region's name
        measure = guide_downloads()
    assert [(p.period, p.value, p.level, p.code) for p in measure.points] == [
        ("2025", 2, "region", "27"),
        ("2026", 4, "region", "27"),
    ]
    assert measure.points[0].edition == datetime.date(2025, 12, 31)
    assert resource.title in measure.source


def test_the_year_still_running_is_re_dated_not_repeated(resource, monkeypatch):
    counting.designate_territory_guide(resource=resource)
    ResourceDownloadMonth.objects.increment(resource_id=resource.pk, day=DAY)
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 3, 20))
    refresh_indicator_values(keys=[KEY])
    ResourceDownloadMonth.objects.increment(resource_id=resource.pk, day=datetime.date(2026, 4, 2))
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 4, 3))
    refresh_indicator_values(keys=[KEY])
    values = list(IndicatorValue.objects.filter(indicator=indicator()))
    assert [(v.period, v.value, v.edition) for v in values] == [
        ("2026", 2, datetime.date(2026, 4, 3))
    ]


def test_without_a_published_guide_the_indicator_says_which_data_it_needs(
    client, django_assert_num_queries
):
    draft = make_resource("Guide en préparation", published=False)
    counting.designate_territory_guide(resource=draft)
    with django_assert_num_queries(1):
        measure = guide_downloads()
    assert measure.points == []
    refresh_indicator_values()
    page = client.get(reverse("strategy:indicators")).content.decode()
    section = indicator_section(page)
    assert "Pas encore de valeur : elle sera calculée" in section
    assert "Téléchargements en ligne" in section
    assert "<table" not in section
    assert "Guide en préparation" not in page


def test_the_indicator_page_shows_the_guides_downloads(client, resource):
    counting.designate_territory_guide(resource=resource)
    for _ in range(1234):
        ResourceDownloadMonth.objects.increment(resource_id=resource.pk, day=DAY)
    refresh_indicator_values()
    page = client.get(reverse("strategy:indicators")).content.decode()
    section = indicator_section(page)
    assert "Guide des territoires intelligents" in section
    assert '<td class="num">1\xa0234</td>' in section


# ---------- Curators ----------


@pytest.fixture
def curator(client):
    user = make_curator()
    client.force_login(user)
    return user


def test_curators_see_the_monthly_totals(client, curator, resource):
    assert curator.has_perm("portal.view_resourcedownloadmonth")
    ResourceDownloadMonth.objects.increment(resource_id=resource.pk, day=DAY)
    response = client.get(reverse("admin:portal_resourcedownloadmonth_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert resource.title in page and "03/2026" in page


def test_nobody_edits_the_totals_in_the_admin(client, resource):
    client.force_login(make_user("admin@example.fr", is_staff=True, is_superuser=True))
    ResourceDownloadMonth.objects.increment(resource_id=resource.pk, day=DAY)
    row = ResourceDownloadMonth.objects.get()
    assert client.get(reverse("admin:portal_resourcedownloadmonth_add")).status_code == 403
    change = reverse("admin:portal_resourcedownloadmonth_change", args=[row.pk])
    client.post(change, {"month": "2026-03-01", "count": 999})
    row.refresh_from_db()
    assert row.count == 1


def test_the_download_permissions_of_curators_are_read_only():
    codenames = set(
        Permission.objects.filter(
            group__name="Curateurs", content_type__model="resourcedownloadmonth"
        ).values_list("codename", flat=True)
    )
    assert "view_resourcedownloadmonth" in codenames


def test_the_resource_list_of_the_admin_shows_each_total_in_its_query(
    client, curator, resource, django_assert_max_num_queries
):
    other = make_resource("Modèle de CCTP")
    for day in (DAY, datetime.date(2026, 4, 2), datetime.date(2026, 4, 3)):
        ResourceDownloadMonth.objects.increment(resource_id=resource.pk, day=day)
    url = reverse("admin:portal_resource_changelist") + "?etat=tous"
    response = client.get(url)
    assert response.status_code == 200
    rows = dict(
        re.findall(
            r'<th class="field-title">.*?>([^<]+)</a></th>(.*?)</tr>',
            html.unescape(response.content.decode()),
            flags=re.S,
        )
    )
    assert '<td class="field-downloads_total">3</td>' in rows[resource.title]
    assert '<td class="field-downloads_total">0</td>' in rows[other.title]
    # The same number of queries for more resources with downloads.
    with django_assert_max_num_queries(30) as captured:
        client.get(url)
    before = len(captured)
    for number in range(5):
        more = make_resource(f"Ressource {number}")
        ResourceDownloadMonth.objects.increment(resource_id=more.pk, day=DAY)
    with django_assert_max_num_queries(before):
        client.get(url)


def test_the_resource_page_of_the_admin_lists_its_months(client, curator, resource):
    for day in (DAY, datetime.date(2026, 4, 2)):
        ResourceDownloadMonth.objects.increment(resource_id=resource.pk, day=day)
    response = client.get(reverse("admin:portal_resource_change", args=[resource.pk]))
    page = html.unescape(response.content.decode())
    assert "Téléchargements par mois (un par visiteur et par jour, sans robots)" in page
    assert "1 mars 2026" in page and "1 avril 2026" in page


def designate(client, *resources):
    return client.post(
        reverse("admin:portal_resource_changelist") + "?etat=tous",
        {
            "action": "designate_territory_guide",
            "_selected_action": [resource.pk for resource in resources],
        },
        follow=True,
    )


def test_curators_designate_the_guide_in_the_admin(client, curator, resource):
    other = make_resource("Ancien guide")
    counting.designate_territory_guide(resource=other)
    response = designate(client, resource)
    assert "est désormais le guide" in html.unescape(response.content.decode())
    assert list(Resource.objects.filter(is_territory_guide=True)) == [resource]


def test_there_is_only_one_guide_to_designate(client, curator, resource):
    other = make_resource("Autre guide")
    response = designate(client, resource, other)
    assert "Choisissez une seule ressource" in html.unescape(response.content.decode())
    assert not Resource.objects.filter(is_territory_guide=True).exists()


def test_an_unpublished_guide_is_designated_with_a_warning(client, curator):
    draft = make_resource("Guide en préparation", published=False)
    response = designate(client, draft)
    assert "la comptera une fois publiée" in html.unescape(response.content.decode())
    assert Resource.objects.get(is_territory_guide=True) == draft


def test_deleting_resources_in_the_admin_deletes_their_totals(client, resource):
    client.force_login(make_user("admin@example.fr", is_staff=True, is_superuser=True))
    ResourceDownloadMonth.objects.increment(resource_id=resource.pk, day=DAY)
    response = client.post(
        reverse("admin:portal_resource_changelist") + "?etat=tous",
        {"action": "delete_selected", "_selected_action": [resource.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Resource.objects.exists()
    assert not ResourceDownloadMonth.objects.exists()


def test_the_migration_gives_the_indicator_its_measure_and_keeps_a_curators_choice():
    from django.apps import apps as django_apps

    migration = importlib.import_module("portal.migrations.0002_downloads")
    target = indicator()
    Indicator.objects.filter(pk=target.pk).update(measure="")
    migration.set_measure(django_apps, None)
    assert indicator() == target
    Indicator.objects.filter(pk=target.pk).update(measure="autre_calcul")
    migration.set_measure(django_apps, None)
    assert Indicator.objects.get(pk=target.pk).measure == "autre_calcul"


def test_the_demo_guide_has_downloads_that_make_the_indicator(settings):
    from directory.demo import create_demo_organisations
    from directory.demo_projects import demo_curator
    from portal.resources.demo import DOWNLOAD_MONTHS, create_demo_resources

    create_demo_organisations()
    curator, _ = demo_curator()
    create_demo_resources(curator)
    guide = Resource.objects.get(is_territory_guide=True)
    assert ResourceDownloadMonth.objects.filter(resource=guide).count() == DOWNLOAD_MONTHS
    published = Resource.objects.published().count()
    assert ResourceDownloadMonth.objects.values("resource").distinct().count() == published
    assert not ResourceDownloadMonth.objects.exclude(resource__state="published").exists()
    measure = guide_downloads()
    assert sum(point.value for point in measure.points) == counting.total_downloads(guide)
    create_demo_resources(curator)  # a later run adds no month
    assert ResourceDownloadMonth.objects.filter(resource=guide).count() == DOWNLOAD_MONTHS
