"""What pages will read of the mobile networks: the right figures, each read in a
number of queries that does not grow with the quarters, sites or weeks stored."""

import datetime
import itertools

import pytest

from observatories.mobile import selectors
from observatories.mobile.services import (
    refresh_area_coverage,
    refresh_area_sites,
    refresh_area_stations,
    refresh_area_targeted,
)
from observatories.models import (
    AnfrWeek,
    Commune,
    CommuneCoverage,
    CommuneStations,
    MobileSite,
    Operator,
    TargetedSite,
)
from tests.observatories.factories import ftth_run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

REGION = ("region", "27", "Bourgogne-Franche-Comté")
COTE_DOR = ("department", "21", "Côte-d'Or")
DOUBS = ("department", "25", "Doubs")
METROPOLE = ("epci", "242100410", "Dijon Métropole")
QUARTERS = [datetime.date(2025, 3, 31), datetime.date(2025, 6, 30), datetime.date(2025, 9, 30),
            datetime.date(2025, 12, 31)]  # fmt: skip
# Share of the population in very good 4G coverage, per commune (the rest in none):
# Belleneuve is covered well by no operator.
VERY_GOOD_4G = {"21231": 95.0, "21060": 45.0, "25056": 80.0}


def shares(very_good: float, step: int) -> dict:
    very_good = min(100.0, very_good + step)
    levels = {"none": 100 - very_good, "limited": 0.0, "good": 0.0, "very_good": very_good}
    return {
        **{f"population_{level}": value for level, value in levels.items()},
        **{f"surface_{level}": value for level, value in levels.items()},
    }


def populate(quarters: int, sites: int, weeks: int) -> None:
    """Figures as the imports write them, for ``quarters`` quarters, ``sites`` sites
    per commune and operator, and ``weeks`` weeks of ANFR stations."""
    run = ftth_run()
    Commune.objects.update(population=1000)
    for step, quarter in enumerate(QUARTERS[-quarters:]):
        CommuneCoverage.objects.bulk_create(
            CommuneCoverage(commune_id=code, edition=quarter, operator=operator,
                            generation=generation, run=run,
                            **shares(very_good if generation == "4G" else very_good - 40, step))
            for (code, very_good), operator, generation in itertools.product(
                VERY_GOOD_4G.items(), Operator.values, ["4G", "5G"])
        )  # fmt: skip
        MobileSite.objects.bulk_create(
            MobileSite(edition=quarter, operator=operator, number=f"{code}-{number}",
                       commune_id=code, latitude=47, longitude=5, has_2g=False, has_3g=True,
                       has_4g=True, has_5g=number % 2 == 0, white_zone=False,
                       targeted=number == 0, strategic=False, capacity_240=False,
                       band_700=False, band_800=False, band_1800=False, band_2100=False,
                       band_3500=number % 2 == 0, run=run)
            for code, operator, number in itertools.product(VERY_GOOD_4G, Operator.values,
                                                             range(sites))
        )  # fmt: skip
        TargetedSite.objects.bulk_create(
            TargetedSite(edition=quarter, number=f"DCC-{department}-{decree}", decree=decree,
                         department_id=department, requested=2, in_service=min(2, step),
                         within_6_months=0, within_24_months=0, waiting=2 - min(2, step),
                         run=run)
            for department, decree in itertools.product(["21", "25"], ["A-2018", "A-2021"])
        )  # fmt: skip
        refresh_area_coverage(run=run, edition=quarter)
        refresh_area_sites(run=run, edition=quarter)
    refresh_area_targeted(run)
    for number in range(weeks):
        week = datetime.date(2025, 12, 29) - datetime.timedelta(weeks=number)
        AnfrWeek.objects.create(week=week, published=week, run=run)
        CommuneStations.objects.bulk_create(
            CommuneStations(commune_id=code, week=week, operator=Operator.ORANGE,
                            generation="4G", status="En service", stations=sites, run=run)
            for code in VERY_GOOD_4G
        )  # fmt: skip
        refresh_area_stations(run=run, week=week)


SIZES = [(1, 1, 1), (4, 12, 3)]  # (quarters, sites per commune and operator, weeks)


@pytest.fixture(params=SIZES, ids=["few", "many"])
def stored(request):
    populate(*request.param)
    return request.param


def test_the_region_and_departments_coverage_of_the_latest_quarter(django_assert_num_queries,
                                                                    stored):  # fmt: skip
    with django_assert_num_queries(1):
        coverage = selectors.region_coverage(REGION, [COTE_DOR, DOUBS])
        shown = coverage.areas[("region", "27")]["4G"][Operator.ORANGE].run.source.name
    assert coverage.edition == QUARTERS[-1] and coverage.edition_label == "T4 2025"
    assert shown == "Arcep – déploiements FttH par commune"  # the provenance, with no query
    step = stored[0] - 1
    assert coverage.areas[("department", "25")]["4G"]["20815"].population_very_good == min(
        100, 80 + step
    )
    assert list(coverage.areas[("region", "27")]) == ["4G", "5G"]
    assert list(coverage.areas[("region", "27")]["5G"]) == Operator.values


def test_a_territory_trend_has_one_point_per_quarter(django_assert_num_queries, stored):
    with django_assert_num_queries(1):
        trend = selectors.coverage_trend(COTE_DOR, ("4G",))
    points = trend["4G"][Operator.SFR]
    assert [point["edition"] for point in points] == QUARTERS[-stored[0] :]
    assert points[0]["population"] == pytest.approx((95 + 45) / 2, abs=0.001)


def test_sites_of_territories_by_operator_technology_and_band(django_assert_num_queries,
                                                               stored):  # fmt: skip
    sites = stored[1]
    with django_assert_num_queries(1):
        found = selectors.area_sites([REGION, METROPOLE])
    orange = next(row for row in found[("epci", "242100410")] if row.operator == "20801")
    assert (orange.sites, orange.sites_4g, orange.sites_5g) == (sites, sites, (sites + 1) // 2)
    assert orange.targeted == 1 and dict(orange.by_band())[3500] == (sites + 1) // 2
    assert len(found[("region", "27")]) == 4


def test_a_communes_sites_are_counted_from_its_own(django_assert_num_queries, stored):
    sites = stored[1]
    dijon = Commune.objects.get(code="21231")
    with django_assert_num_queries(1):
        found = selectors.commune_sites(dijon)
    assert [row["operator"] for row in found] == Operator.values
    assert found[0]["sites"] == sites and found[0]["operator_label"] == "Orange"
    assert dict(found[0]["by_generation"])["5G"] == (sites + 1) // 2


def test_communes_no_operator_covers_well_in_4g(django_assert_num_queries, stored):
    with django_assert_num_queries(1):
        found = selectors.communes_without_good_coverage(REGION)
    assert [(row["commune_id"], row["best"]) for row in found] == [("21060", 45.0 + stored[0] - 1)]
    assert found[0]["commune__name"] == "Belleneuve"
    # In 5G (40 points less than in 4G), Besançon too; in the Doubs only Besançon.
    assert [row["commune_id"] for row in selectors.communes_without_good_coverage(
        REGION, "5G")] == ["21060", "25056"]  # fmt: skip
    assert [row["commune_id"] for row in selectors.communes_without_good_coverage(
        DOUBS, "5G")] == ["25056"]  # fmt: skip
    assert selectors.communes_without_good_coverage(METROPOLE) == []


def test_targeted_coverage_progress_by_department_and_arrete(django_assert_num_queries, stored):
    in_service = min(2, stored[0] - 1)
    with django_assert_num_queries(1):
        progress = selectors.targeted_progress(REGION)
    assert progress.edition == QUARTERS[-1]
    assert progress.departments == {
        code: {"zones": 2, "requested": 4, "in_service": 2 * in_service, "within_6_months": 0,
               "within_24_months": 0, "waiting": 4 - 2 * in_service}
        for code in ("21", "25")
    }  # fmt: skip
    assert [(row.decree, row.requested, row.zones) for row in progress.decrees] == [
        ("A-2018", 4, 2), ("A-2021", 4, 2)
    ]  # fmt: skip


def test_stations_of_the_latest_week(django_assert_num_queries, stored):
    with django_assert_num_queries(2):
        week, found = selectors.area_stations([REGION, COTE_DOR])
    assert week.week == datetime.date(2025, 12, 29)
    assert found[("region", "27")] == {("20801", "4G", "En service"): 3 * stored[1]}


@pytest.mark.parametrize(
    ("code", "key", "queries"),
    [("21231", None, 5), (None, METROPOLE, 4), (None, COTE_DOR, 5)],
    ids=["commune", "epci", "department"],
)
def test_a_territorys_figures_compared_with_its_department_and_region(
    django_assert_num_queries, stored, code, key, queries
):
    territory = Commune.objects.get(code=code) if code else type("T", (), {"name": key[2]})()
    parents = [COTE_DOR, REGION] if key != COTE_DOR else [REGION]
    with django_assert_num_queries(queries):
        figures = selectors.territory_mobile(territory, key, parents)
    step = stored[0] - 1
    compared = {row["label"]: row["shares"]["4G"][Operator.ORANGE] for row in figures["compared"]}
    own = {"21231": 95.0 + step, None: None}
    assert compared["Côte-d'Or"] == pytest.approx((95 + 45) / 2 + step, abs=0.001)
    region = (95 + 45 + 80) / 3 + step
    assert compared["Bourgogne-Franche-Comté"] == pytest.approx(region, abs=0.001)
    if code:
        assert compared["Dijon"] == own[code]
        assert figures["sites"][0]["sites"] == stored[1]
        assert figures["stations"] == {("20801", "4G", "En service"): stored[1]}
    else:
        assert figures["coverage"]["4G"][Operator.ORANGE].communes == (1 if key == METROPOLE else 2)
        assert len(figures["sites"]) == 4
    history = figures["history"]["4G"][Operator.ORANGE]
    assert len(history) == stored[0] and figures["edition"] == QUARTERS[-1]
    assert (figures["targeted"] is not None) == (key == COTE_DOR)
