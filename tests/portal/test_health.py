"""The health page reports the database, Redis and the Celery worker."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_json_has_a_key_per_component_and_an_overall_status(client):
    response = client.get(reverse("portal:health"), {"format": "json"})
    data = response.json()
    assert set(data) == {"status", "database", "redis", "celery"}
    assert data["database"]["status"] == "ok"
    assert data["redis"]["status"] == "ok"
    # The overall status follows the components; the worker case is in test_celery_worker.
    assert data["status"] == ("ok" if data["celery"]["status"] == "ok" else "error")
    assert response.status_code == (200 if data["status"] == "ok" else 503)
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_reports_redis_down_without_waiting_for_the_worker(client, settings, tmp_path):
    settings.REDIS_URL = f"unix://{tmp_path / 'absent.sock'}"
    response = client.get(reverse("portal:health"), {"format": "json"})
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "error"
    assert data["database"]["status"] == "ok"
    assert data["redis"]["status"] == "error"
    assert data["celery"] == {
        "name": "celery",
        "label": "Worker Celery",
        "ok": False,
        "detail": "file de tâches injoignable",
        "duration_ms": 0,
        "status": "error",
    }


def test_health_html_page_shows_each_component_with_a_text_status(client, settings, tmp_path):
    settings.REDIS_URL = f"unix://{tmp_path / 'absent.sock'}"
    response = client.get(reverse("portal:health"))
    assert response.status_code == 503
    html = response.content.decode()
    assert "Base de données" in html and "Worker Celery" in html
    assert "Dégradé" in html and "En erreur" in html
