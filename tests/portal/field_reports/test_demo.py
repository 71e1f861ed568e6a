"""The demo reports: five, invented and marked so, one in each state and a duplicate
merged into a validated one, with their history; a later run puts them back rather
than adding more."""

import pytest

from directory.demo import create_demo_organisations
from portal.field_reports import selectors
from portal.field_reports.demo import create_demo_field_reports
from portal.models import FieldReport, FieldReportStep
from tests.directory.factories import make_curator

pytestmark = pytest.mark.django_db


def test_the_demo_holds_five_marked_reports_with_their_history(small_region):
    create_demo_organisations()
    curator = make_curator()
    made = create_demo_field_reports(curator)
    rows = FieldReport.objects.all()
    assert len(made) == rows.count() == 5 and not rows.filter(is_demo=False).exists()
    assert all("démonstration" in row.description for row in rows)
    assert {row.state for row in rows} == {"new", "validated", "merged", "rejected"}
    merged = rows.get(state="merged")
    assert merged.duplicate_of.state == "validated"
    for row in rows:
        row.full_clean()
        steps = list(row.steps.order_by("at"))
        assert steps[0].action == "filed" and steps[0].by == row.reported_by
        assert all(step.by == curator for step in steps[1:])
        assert row.state == "new" or steps[-1].action == row.state
    # Belleneuve's two reports count once, Dijon's new one not at all.
    assert selectors.commune_counts("21060")[0] == ("Orange", 1, 1)
    assert selectors.commune_counts("21231") == []


def test_a_later_run_puts_them_back(small_region):
    create_demo_organisations()
    create_demo_field_reports()
    create_demo_field_reports()
    assert FieldReport.objects.count() == 5
    assert FieldReportStep.objects.count() == 9
