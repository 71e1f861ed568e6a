"""The mobile formats through the pipeline's three triggers (a curator's upload in
the admin, the command, a scheduled source over HTTP: the last two also in
``tests/observatories/importing`` and ``sources`` for every format), and the admin's
read-only lists of the figures."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from directory.models import User
from observatories.models import (
    AnfrWeek,
    AreaCoverage,
    AreaSites,
    AreaStations,
    AreaTargeted,
    CommuneCoverage,
    CommuneStations,
    ImportRun,
    ImportUpload,
    MobileSite,
    TargetedSite,
)
from scoran.celery import app as celery_app
from scoran.lib import roles

from .files import ANFR, COVERAGE, SITES, TARGETED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

MODELS = [
    CommuneCoverage, AreaCoverage, MobileSite, AreaSites, TargetedSite, AreaTargeted, AnfrWeek,
    CommuneStations, AreaStations,
]  # fmt: skip


def curator() -> User:
    user = User.objects.create_user(email="curatrice@example.fr", password="x" * 16, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.CURATORS))
    return user


@pytest.fixture
def eager_tasks(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)


@pytest.mark.parametrize("sample", [COVERAGE, SITES, TARGETED, ANFR], ids=lambda p: p.stem)
def test_a_curator_uploads_a_mobile_file_and_it_is_imported(
    client, eager_tasks, django_capture_on_commit_callbacks, sample
):
    user = curator()
    client.force_login(user)
    add = reverse("admin:observatories_importupload_add")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(add, {"file": SimpleUploadedFile(sample.name, sample.read_bytes())})
    item = ImportUpload.objects.get()
    assert item.status == ImportUpload.Status.DONE, item.error
    assert item.run.status == ImportRun.Status.SUCCEEDED, item.run.error
    assert item.run.trigger == ImportRun.Trigger.UPLOAD and item.run.triggered_by == user
    assert item.run.rows_created > 0 and item.run.rows_outside == 1


def test_the_command_imports_each_file_and_says_what_it_did(capsys):
    for sample in (COVERAGE, SITES, TARGETED, ANFR):
        call_command("import_file", str(sample))
    out = capsys.readouterr().out
    coverage = "(Arcep – Mon réseau mobile, couverture par commune, édition T3 2025) : 5 lignes"
    assert f"{coverage} lues = 5 créées" in out
    assert "édition semaine 40 de 2025) : 6 lignes lues = 6 créées" in out
    assert "1 hors région ignorées" in out


@pytest.fixture
def imported():
    for sample in (COVERAGE, SITES, TARGETED, ANFR):
        call_command("import_file", str(sample))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_curator_reads_the_figures_in_the_admin_and_cannot_change_them(client, imported, model):
    client.force_login(curator())
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = client.get(changelist)
    assert response.status_code == 200
    assert client.get(changelist, {"q": "21231"}).status_code == 200
    row = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    assert client.get(change).status_code == 200  # a read-only view
    assert client.post(change, {}).status_code == 403
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403
    assert not response.context["has_add_permission"]


def test_the_import_of_each_row_is_shown_in_the_lists(client, imported):
    client.force_login(curator())
    html = client.get(reverse("admin:observatories_mobilesite_changelist")).content.decode()
    assert "00000021A1" in html and "2025_T3_sites_Metropole.csv" in html
