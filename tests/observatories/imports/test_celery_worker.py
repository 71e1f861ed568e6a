"""A real Celery worker, in its own process, takes a task from Redis and answers."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from portal.tasks import ping

BASE_DIR = Path(__file__).resolve().parents[3]


@pytest.fixture
def worker_queue(tmp_path):
    """Start a worker that listens on a queue of its own, so no other worker steals the task."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "scoran", "worker",
            "--pool", "solo", "--queues", queue, "--hostname", f"{queue}@%h",
            "--without-mingle", "--without-gossip", "--loglevel", "INFO",
        ],
        cwd=BASE_DIR,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    yield queue
    process.terminate()
    try:
        process.wait(timeout=30)
    finally:
        log.close()
        if process.poll() is None:
            process.kill()


@pytest.mark.django_db
def test_a_worker_process_runs_a_task_end_to_end_and_health_sees_it(worker_queue, client):
    result = ping.apply_async(queue=worker_queue)
    assert result.get(timeout=60) == "pong"

    data = client.get(reverse("portal:health"), {"format": "json"}).json()
    assert data["celery"]["status"] == "ok"
    assert data["status"] == "ok"
