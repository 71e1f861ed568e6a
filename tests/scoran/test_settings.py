"""A missing or wrong server variable says how to run the command on the embedded servers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def manage_without(*missing: str, **extra: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in missing}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env={**env, **extra},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("variable", ["DATABASE_URL", "REDIS_URL", "SECRET_KEY"])
def test_a_missing_server_variable_points_to_make_manage(variable):
    missing = (variable, f"{variable}_FILE") if variable == "SECRET_KEY" else (variable,)
    result = manage_without(*missing)
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert f"The environment variable {variable} is required." in message
    assert 'make manage ARGS="import_arcep FILE"' in message


def test_a_database_other_than_postgresql_points_to_make_manage(tmp_path):
    result = manage_without(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert "DATABASE_URL must point to a PostgreSQL server." in message
    assert 'make manage ARGS="import_arcep FILE"' in message


@pytest.mark.parametrize(
    ("redis_url", "broker_url"),
    [
        ("redis://127.0.0.1:6379/3", "redis://127.0.0.1:6379/3"),
        ("unix:///run/redis.sock", "redis+socket:///run/redis.sock"),
        # Kombu and Celery's result backend read a socket's database from virtual_host
        # (a "db" there would leave the jobs in database 0: tests/test_parallel.py).
        ("unix:///run/redis.sock?db=3", "redis+socket:///run/redis.sock?virtual_host=3"),
    ],
)
def test_celery_reaches_the_database_of_a_unix_socket_redis_url(redis_url, broker_url):
    from scoran.settings import _kombu_url

    assert _kombu_url(redis_url) == broker_url
