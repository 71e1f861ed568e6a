"""The demo resources: at least twenty, invented and marked so, covering every kind,
contract kind and licence, with real files (checked as any upload), several
versions for some, one "guide Territoires intelligents", some waiting for review;
made once."""

import pytest
from django.urls import reverse

from directory.demo import create_demo_organisations
from directory.demo_projects import demo_curator
from portal.models import Resource, ResourceFile
from portal.resources.demo import create_demo_resources

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_resources_cover_every_kind_and_licence_and_are_made_once(client):
    create_demo_organisations()
    curator, _ = demo_curator()
    made = create_demo_resources(curator)
    assert len(made) >= 20
    resources = Resource.objects.all()
    assert all(resource.is_demo and "(démonstration)" in resource.title for resource in resources)
    assert {r.kind for r in resources} == set(Resource.Kind.values)
    assert {r.licence for r in resources} == set(Resource.Licence.values)
    assert {r.contract_kind for r in resources} - {""} == set(Resource.ContractKind.values)
    assert {r.state for r in resources} >= {"published", "submitted", "draft"}
    assert sum(r.versions.count() > 1 for r in resources) >= 3
    assert {f.content_type for f in ResourceFile.objects.all()} >= {
        "application/pdf", "text/csv", "image/png", "application/zip",
    }  # fmt: skip
    guide = Resource.objects.get(is_territory_guide=True)
    assert guide.is_published
    response = client.get(reverse("resources:latest", args=[guide.slug]))
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-") and b"version 2.0" in content
    assert create_demo_resources(curator) == []  # a later run keeps them
